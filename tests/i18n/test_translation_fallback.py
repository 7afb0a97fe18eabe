"""A page not yet translated is shown in the default language under the visitor's language,
with a notice and the right ``lang``; the switcher never lands on a home page instead."""

import re

from django.test.utils import override_settings

from wagtail.models import PageViewRestriction

import pytest

from cms.core.services import object_translate
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.linkcollections.factories import LinkCollectionIndexPageFactory

DANISH_HOME = {"Heritage Hub": "Hubben"}
DANISH_FACTSHEETS = {"Factsheets": "Faktaark", "factsheets": "faktaark"}
NOTICE = re.compile(r'<p class="translation-notice" role="note" lang="([^"]+)">(.*?)</p>', re.S)


@pytest.fixture
def site(home_page):
    """English: factsheets (one translated into Danish, one not) and link collections; Danish:
    the home page and the factsheets index only."""
    factsheets = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    translated = FactsheetPageFactory(parent=factsheets, title="Labels", slug="labels")
    untranslated = FactsheetPageFactory(parent=factsheets, title="Lighting", slug="lighting")
    links = LinkCollectionIndexPageFactory(
        parent=home_page, title="Link collections", slug="link-collections"
    )
    object_translate(instance=home_page, language_code="da", strings=DANISH_HOME)
    object_translate(instance=factsheets, language_code="da", strings=DANISH_FACTSHEETS)
    object_translate(
        instance=translated, language_code="da", strings={"Labels": "Tekster", "labels": "tekster"}
    )
    return {"factsheets": factsheets, "untranslated": untranslated, "links": links}


def notice(html: str) -> tuple[str, str] | None:
    match = NOTICE.search(html)
    if match is None:
        return None
    return match.group(1), " ".join(re.sub(r"<[^>]+>", "", match.group(2)).split())


def main_tag(html: str) -> str:
    return re.search(r"<main[^>]*>", html).group(0)


def switcher_links(html: str) -> dict[str, str]:
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    return {
        code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher)
    }


def test_an_untranslated_section_is_shown_in_english_with_a_notice(client, site):
    response = client.get("/da/link-collections/")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="da"', html)
    assert main_tag(html) == '<main id="main" tabindex="-1" lang="en">'
    # In the visitor's language, each language named in itself.
    assert notice(html) == ("da", "Endnu ikke tilgængelig på Dansk — vises på English")
    assert '<span lang="da">Dansk</span>' in html
    assert "<h1" in html and "Link collections" in html
    # The original is the page to index.
    assert '<link rel="canonical" href="http://localhost/en/link-collections/">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"


def test_an_untranslated_child_of_a_translated_section_falls_back(client, site):
    for url in ("/da/factsheets/lighting/", "/da/faktaark/lighting/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert notice(html)[0] == "da"
        assert "Lighting" in html


def test_a_path_in_another_language_redirects_to_the_translation(client, site):
    assert client.get("/da/factsheets/")["Location"] == "/da/faktaark/"
    assert client.get("/da/factsheets/labels/")["Location"] == "/da/faktaark/tekster/"
    # Routes below a page (feeds) and the query string come along.
    response = client.get("/da/factsheets/feed/?theme=technology")
    assert response["Location"] == "/da/faktaark/feed/?theme=technology"


def test_a_translated_page_has_no_notice(client, site):
    html = client.get("/da/faktaark/tekster/").content.decode()
    assert notice(html) is None
    assert main_tag(html) == '<main id="main" tabindex="-1">'
    assert "noindex" not in html


def test_missing_pages_are_still_404(client, site):
    assert client.get("/da/nothing-here/").status_code == 404
    assert client.get("/da/faktaark/nothing-here/").status_code == 404
    assert client.get("/en/nothing-here/").status_code == 404
    assert client.get("/en/link-collections/nothing/").status_code == 404


def test_a_language_without_a_home_page_shows_the_notice(client, site):
    html = client.get("/it/").content.decode()
    assert notice(html) == ("it", "Non ancora disponibile in Italiano — versione in English")


def test_the_switcher_on_an_untranslated_page_never_offers_a_home_page(client, site):
    html = client.get("/en/factsheets/lighting/").content.decode()
    links = switcher_links(html)

    assert links["en"] == "/en/factsheets/lighting/"
    for code in ("da", "de", "it", "el"):
        assert links[code] == f"/{code}/factsheets/lighting/"
        response = client.get(links[code], follow=True)
        assert response.status_code == 200
        assert response.redirect_chain == []
        page_html = response.content.decode()
        assert "Lighting" in page_html
        assert notice(page_html)[0] == code
    # Alternates list real translations only.
    assert 'hreflang="da" href' not in html.split("</head>")[0]


def test_the_switcher_goes_to_the_translation_where_there_is_one(client, site):
    links = switcher_links(client.get("/en/factsheets/labels/").content.decode())
    assert links["da"] == "/da/faktaark/tekster/"
    # From the fallback page, the switcher leads back to the original.
    links = switcher_links(client.get("/da/factsheets/lighting/").content.decode())
    assert links["en"] == "/en/factsheets/lighting/"
    assert links["da"] == "/da/factsheets/lighting/"


@pytest.mark.parametrize("path", ["/learning/", "/partners/", "/search/?q=labels"])
def test_the_switcher_keeps_non_page_views(admin_client, site, path):
    html = admin_client.get(f"/en{path}").content.decode()
    links = switcher_links(html)
    for code in ("da", "de", "it", "el"):
        assert links[code] == f"/{code}{path}".replace("&", "&amp;")


@override_settings(PAGE_CACHE_SECONDS=300)
def test_the_fallback_is_cached_per_language(client, site):
    first = client.get("/da/link-collections/")
    second = client.get("/da/link-collections/")
    assert second["X-Page-Cache"] == "hit"
    assert notice(second.content.decode()) == notice(first.content.decode())
    assert notice(client.get("/en/link-collections/").content.decode()) is None


def test_the_fallback_lookup_takes_a_bounded_number_of_queries(
    client, site, django_assert_max_num_queries
):
    # Two queries per path level to find the page, then the page's own rendering.
    client.get("/da/factsheets/lighting/")
    with django_assert_max_num_queries(40):
        assert client.get("/da/factsheets/lighting/").status_code == 200


def test_a_private_page_stays_private_in_the_fallback(client, site):
    PageViewRestriction.objects.create(
        page=site["untranslated"], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/da/factsheets/lighting/")
    assert response.status_code == 302
    assert "login" in response["Location"]
