"""Open redirects: no ``next=`` (or language switch) sends a visitor off the site."""

from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse

import pytest

from cms.users.factories import DEFAULT_PASSWORD, UserFactory

HOSTILE_NEXTS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:/\\evil.example/",
    "javascript:alert(1)",
]


def assert_stays_on_site(response) -> None:
    assert response.status_code in (301, 302, 303), response.status_code
    location = urlsplit(response["Location"])
    assert location.scheme in ("", "http", "https")
    assert location.netloc in ("", "testserver"), response["Location"]
    assert not response["Location"].startswith(("//", "/\\")), response["Location"]


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_login_never_redirects_off_site(home_page, next_url):
    user = UserFactory()

    response = Client().post(
        reverse("account_login") + "?next=" + next_url,
        {"login": user.email, "password": DEFAULT_PASSWORD, "next": next_url},
    )

    assert_stays_on_site(response)


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_logout_never_redirects_off_site(home_page, next_url):
    client = Client()
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"), {"next": next_url})

    assert_stays_on_site(response)


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_enrolment_next_never_leaves_the_site(course, next_url):
    client = Client()
    client.force_login(UserFactory())

    response = client.post(reverse("courses:enrol", args=[course.pk]), {"next": next_url})

    assert_stays_on_site(response)


def test_there_is_no_set_language_endpoint_to_abuse(home_page):
    # Django's set_language view is not mounted: the switcher is plain links (see below).
    response = Client().post("/i18n/setlang/", {"language": "de", "next": "https://evil.example/"})

    assert (
        response.status_code == 404
        or not response.has_header("Location")
        or (urlsplit(response["Location"]).netloc in ("", "testserver"))
    )


def test_the_language_switcher_links_stay_on_site_whatever_the_query(home_page):
    response = Client().get("/en/", {"next": "https://evil.example/"}, HTTP_HOST="localhost")

    html = response.content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    hrefs = [part.split('"', 1)[0] for part in switcher.split('href="')[1:]]
    assert hrefs, "the switcher has no links"
    for href in hrefs:
        assert href.startswith("/") and not href.startswith("//"), href
        assert "evil.example" not in href
