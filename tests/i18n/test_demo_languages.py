"""The demo content in all five languages: every section, the course overview, the taxonomy."""

import io

from django.core.management import call_command

from wagtail.models import Page

import pytest

from cms.core.models import Audience, Theme
from cms.home.demo_sections import SECTIONS
from courses.models import CourseIndexPage, CoursePage

LANGUAGE_CODES = ["en", "da", "de", "it", "el"]
# A word each language's course overview cannot do without.
OVERVIEW_WORDS = {
    "en": "captions",
    "da": "undertekster",
    "de": "Untertiteln",
    "it": "sottotitoli",
    "el": "υπότιτλους",
}


@pytest.mark.django_db
def test_demo_has_every_section_in_every_language(client):
    call_command("load_demo", stdout=io.StringIO())
    pages_after_first_run = Page.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Page.objects.count() == pages_after_first_run

    section_models = [section["model"] for section in SECTIONS] + [CourseIndexPage]
    for code in LANGUAGE_CODES:
        for model in section_models:
            index = model.objects.live().filter(locale__language_code=code).get()
            response = client.get(index.url)
            assert response.status_code == 200, (code, model.__name__)
            assert 'class="translation-notice"' not in response.content.decode()
        assert Theme.objects.filter(locale__language_code=code).count() == 5
        assert Audience.objects.filter(locale__language_code=code).count() == 2
        course = CoursePage.objects.live().get(locale__language_code=code)
        assert OVERVIEW_WORDS[code] in str(course.body), code

    response = client.get("/da/link-collections/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/da/linksamlinger/", 302)]
    assert "Linksamlinger" in response.content.decode()
    # The Danish menu has News (it had not while the index was English only).
    assert ">Nyheder</a>" in client.get("/da/").content.decode()
