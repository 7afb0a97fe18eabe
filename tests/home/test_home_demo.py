"""After ``load_demo`` every language's home page shows at least four filled blocks."""

import re

from django.core.management import call_command

import pytest

BLOCK_HEADING = re.compile(r'<h2 id="home-[a-z]+" class="home-block__heading">')


@pytest.mark.django_db
def test_demo_home_page_shows_four_filled_blocks_in_every_language(client, settings):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for language_code, _name in settings.LANGUAGES:
        response = client.get(f"/{language_code}/", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<h1 class="hero__heading">' in html
        blocks = len(BLOCK_HEADING.findall(html))
        assert blocks >= 4, f"{language_code}: {blocks} blocks"
