"""The sitemap lists each page's translations as hreflang alternates, in constant queries."""

import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.core.services import object_translate
from cms.standardpages.factories import StandardPageFactory

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "http://localhost"  # the Site's hostname


def sitemap(client) -> dict[str, dict[str, str]]:
    """Location -> {hreflang: href} of every URL in the sitemap."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in response.content
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own sitemap, in a test)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
        for url in root.findall("s:url", NS)
    }


@pytest.fixture
def translated(home_page):
    """An about page in English and German, with the German home page above it."""
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    object_translate(instance=home_page, language_code="de", strings={})
    object_translate(
        instance=about, language_code="de", strings={"About us": "Über uns", "about": "ueber-uns"}
    )
    return about


@pytest.mark.django_db
def test_a_translated_page_lists_its_languages_and_x_default(client, translated):
    urls = sitemap(client)

    expected = {
        "en": f"{HOST}/en/about/",
        "de": f"{HOST}/de/ueber-uns/",
        "x-default": f"{HOST}/en/about/",
    }
    # Every version lists all of them, itself included.
    assert urls[f"{HOST}/en/about/"] == expected
    assert urls[f"{HOST}/de/ueber-uns/"] == expected


@pytest.mark.django_db
def test_an_untranslated_page_lists_no_alternates(client, translated, home_page):
    StandardPageFactory(parent=home_page, title="Contact", slug="contact")
    draft = StandardPageFactory(parent=home_page, title="Impressum", slug="impressum")
    german = object_translate(instance=draft, language_code="de", strings={})
    german.refresh_from_db()  # published after it was loaded
    german.unpublish()

    urls = sitemap(client)

    assert urls[f"{HOST}/en/contact/"] == {}
    # Its only translation is a draft: no alternates either, and the draft is not listed.
    assert urls[f"{HOST}/en/impressum/"] == {}
    assert f"{HOST}/de/impressum/" not in urls


@pytest.mark.django_db
def test_the_sitemap_costs_the_same_queries_for_more_translated_pages(
    client, translated, home_page, django_assert_max_num_queries
):
    def add_translated(count: int) -> None:
        for _number in range(count):
            page = StandardPageFactory(parent=home_page)
            object_translate(instance=page, language_code="de", strings={})
            object_translate(instance=page, language_code="da", strings={})

    add_translated(1)
    client.get("/sitemap.xml")  # warm the caches (content types, site root paths)
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    add_translated(6)

    with django_assert_max_num_queries(len(few)):
        urls = sitemap(client)

    with_alternates = [links for links in urls.values() if links]
    # The about page, 7 more pages and the home page, in their 2 or 3 languages each.
    assert len(with_alternates) == 2 + 7 * 3 + 2
    assert all("x-default" in links for links in with_alternates)
