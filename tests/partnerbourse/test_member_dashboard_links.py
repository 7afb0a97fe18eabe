"""The member dashboard leads to the rest of the member area."""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def test_dashboard_links_to_responses_suggestions_and_saved_searches(client, member, board_site):
    client.force_login(member)
    response = client.get(reverse("partnerbourse:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("responses_dashboard", "suggestions", "saved_searches"):
        assert f'href="{reverse(f"partnerbourse:{name}")}"' in html
    # Each target answers the same member (no dead links).
    for name in ("responses_dashboard", "suggestions", "saved_searches"):
        assert client.get(reverse(f"partnerbourse:{name}")).status_code == 200


def test_dashboard_needs_login(client, board_site):
    response = client.get(reverse("partnerbourse:dashboard"))
    assert response.status_code == 302
