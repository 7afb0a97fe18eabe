"""Each language has a home, the switcher keeps the page, and the alternates are right."""

import re

import pytest

from cms.core.services import object_translate
from cms.standardpages.factories import StandardPageFactory

LANGUAGE_CODES = ["en", "da", "de", "it", "el"]


@pytest.fixture
def about_page(home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    object_translate(instance=home_page, language_code="da", strings={"Heritage Hub": "Hubben"})
    object_translate(
        instance=about, language_code="da", strings={"About us": "Om os", "about": "om-os"}
    )
    return about


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switcher_links(html: str) -> dict[str, str]:
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    return {
        code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher)
    }


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_renders_in_every_language_with_the_right_lang(client, about_page, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert html_lang(response.content.decode()) == code


def test_root_redirects_to_a_language(client, home_page):
    response = client.get("/", headers={"accept-language": "de"})
    assert response.status_code == 302
    assert response["Location"] == "/de/"


def test_untranslated_content_is_marked_with_its_own_language(client, about_page):
    html = client.get("/it/").content.decode()
    assert html_lang(html) == "it"
    assert '<main id="main" tabindex="-1" lang="en">' in html


def test_translated_page_is_served_in_its_language(client, about_page):
    html = client.get("/da/om-os/").content.decode()
    assert "Om os" in html
    assert '<main id="main" tabindex="-1">' in html


def test_switcher_goes_to_the_translation_of_the_current_page(client, about_page):
    links = switcher_links(client.get("/en/about/").content.decode())
    assert links["en"] == "/en/about/"
    assert links["da"] == "/da/om-os/"
    # No German translation: the English page under /de/, with a notice (tests/i18n).
    assert links["de"] == "/de/about/"
    assert client.get(links["de"]).status_code == 200


def test_switcher_on_a_non_page_view_keeps_the_path(client, home_page):
    links = switcher_links(client.get("/en/accounts/login/").content.decode())
    assert links["de"] == "/de/accounts/login/"
    assert client.get(links["de"]).status_code == 200


def test_hreflang_alternates_list_only_existing_translations(client, about_page):
    html = client.get("/en/about/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "en": "http://testserver/en/about/",
        "da": "http://testserver/da/om-os/",
    }


def test_ui_strings_are_translated(client, home_page):
    assert "Zum Hauptinhalt springen" in client.get("/de/").content.decode()
    assert "Gå til hovedindholdet" in client.get("/da/").content.decode()


def test_sitemap_lists_pages_in_every_language(client, about_page):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for url in ("/en/", "/en/about/", "/da/", "/da/om-os/"):
        assert f"<loc>http://localhost{url}</loc>" in xml  # the Site's hostname


def test_sitemap_leaves_out_drafts(client, about_page, home_page):
    draft = StandardPageFactory(parent=home_page, title="Draft", slug="draft", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert draft.slug not in xml
