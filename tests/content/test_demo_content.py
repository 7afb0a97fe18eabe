"""The demo sections: loading twice adds nothing, every page renders, translations are live.

Loading the demo takes several seconds, so it is loaded once for the module inside a transaction
that is rolled back at the end; each test runs in a savepoint within it.
"""

import io
import re
from collections import Counter

from django.core.management import call_command
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

import pytest

from cms.bestpractices.models import BestPracticePage, PracticeType
from cms.core.models import IndexPage, Theme
from cms.events.models import EventSession
from cms.factsheets.models import FactsheetIndexPage, FactsheetPage
from cms.linkcollections.models import CollectionLink

SECTION_MODELS = [
    "factsheets.FactsheetPage",
    "bestpractices.BestPracticePage",
    "linkcollections.LinkCollectionPage",
    "syllabi.TrainingSyllabusPage",
    "events.EventPage",
    "news.NewsPage",
    "resources.ResourcePage",
    "tools.ToolPage",
]


def quiet():
    return io.StringIO()


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=quiet())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_site, db):
    """The demo content, with this test's changes rolled back afterwards."""


def content_counts() -> Counter:
    counts = Counter(
        f"{page.content_type.app_label}.{page.content_type.model}/{page.locale.language_code}"
        for page in Page.objects.select_related("content_type", "locale")
    )
    counts["images"] = get_image_model().objects.count()
    counts["documents"] = get_document_model().objects.count()
    counts["practice types"] = PracticeType.objects.count()
    counts["themes"] = Theme.objects.count()
    counts["links"] = CollectionLink.objects.count()
    counts["sessions"] = EventSession.objects.count()
    return counts


def test_loading_again_creates_nothing_new(demo):
    before = content_counts()

    call_command("load_demo", stdout=quiet())

    assert content_counts() == before
    for model in SECTION_MODELS:
        assert 2 <= before[f"{model.lower()}/en"] <= 4, model


def test_every_demo_page_and_feed_answers(demo, client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert len(pages) > 40
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        if isinstance(page, IndexPage):
            assert client.get(f"{page.url}feed/").status_code == 200
            assert client.get(f"{page.url}rss/").status_code == 200


def test_download_links_serve_pdfs(demo, client, settings):
    # The test settings keep uploads in memory, where Wagtail's serve view finds no file on
    # disk; a redirect to the storage shows that the link reaches the right document.
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    factsheet = FactsheetPage.objects.get(slug="accessible-exhibition-labels")
    html = client.get(factsheet.url).content.decode()
    (href,) = re.findall(r'href="(/documents/[^"]+\.pdf)"', html)

    response = client.get(href)

    assert response.status_code == 302
    assert response["Location"] == factsheet.pdf.file.url
    with factsheet.pdf.file.open("rb") as pdf:
        body = pdf.read()
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert b"/Type /Page " in body


def test_listing_images_are_shared_in_opengraph(demo, client):
    factsheet = FactsheetPage.objects.get(slug="accessible-exhibition-labels")
    assert factsheet.listing_image is not None

    html = client.get(factsheet.url).content.decode()

    assert re.search(r'<meta property="og:image" content="http://[^"]+\.png">', html)


def test_main_menu_reaches_every_section_in_a_few_groups(demo, client):
    html = client.get("/en/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)

    titles = re.findall(r"<a [^>]*>([^<]+)</a>", nav)
    groups = re.findall(r'<span class="site-nav__group-label"[^>]*>([^<]+)</span>', nav)

    for index in Page.objects.live().type(IndexPage).filter(locale__language_code="en"):
        assert f'href="{index.url}"' in nav, index.title
    assert "Courses" in titles
    assert "Partner board" in titles
    assert len(groups) <= 5


def test_index_pages_list_their_children(demo, client):
    for index in Page.objects.live().type(IndexPage).filter(locale__language_code="en").specific():
        children = index.get_children().live().specific()
        assert children, index.title
        html = client.get(index.url).content.decode()
        # The events index lists upcoming events unless asked for past ones; others ignore it.
        html += client.get(index.url, {"when": "past"}).content.decode()
        for child in children:
            assert f'href="{child.url}"' in html, (index.title, child.title)


@pytest.mark.parametrize(
    ("language", "index_title", "factsheet_title", "practice_title"),
    [
        (
            "da",
            "Faktaark",
            "Tilgængelige udstillingstekster",
            "En frivillig digitaliseringsdag på et lille lokalmuseum",
        ),
        (
            "de",
            "Factsheets",
            "Barrierefreie Ausstellungstexte schreiben",
            "Ein Digitalisierungstag mit Ehrenamtlichen in einem kleinen Heimatmuseum",
        ),
    ],
)
def test_translations_are_live_and_rendered_in_their_language(
    demo, client, language, index_title, factsheet_title, practice_title
):
    index = FactsheetIndexPage.objects.live().get(locale__language_code=language)
    factsheet = FactsheetPage.objects.live().get(locale__language_code=language)
    practice = BestPracticePage.objects.live().get(locale__language_code=language)
    assert index.title == index_title
    assert factsheet.title == factsheet_title
    assert factsheet.get_parent().id == index.id
    assert factsheet.url.startswith(f"/{language}/")

    index_html = client.get(index.url).content.decode()
    assert f'<html lang="{language}"' in index_html
    assert f'href="{factsheet.url}"' in index_html

    factsheet_html = client.get(factsheet.url).content.decode()
    assert f'<html lang="{language}"' in factsheet_html
    assert f"<h1>{factsheet_title}</h1>" in factsheet_html
    assert "Limit the main text" not in factsheet_html  # the recommendations are translated too
    english = FactsheetPage.objects.get(
        locale__language_code="en", translation_key=factsheet.translation_key
    )
    assert f'hreflang="en" href="http://testserver{english.url}"' in factsheet_html

    practice_html = client.get(practice.url).content.decode()
    assert f"<h1>{practice_title}</h1>" in practice_html
    # The private contact is copied to the translation, and stays off the page there too.
    assert practice.contact_email
    assert practice.contact_email not in practice_html
    assert practice.practice_type.locale.language_code == language
    assert practice.practice_type.name in practice_html


# wagtail-localize copies a page's terms unchanged; they are matched by translation_key.
def test_translated_pages_show_and_filter_by_terms_in_their_language(demo, client):
    index = FactsheetIndexPage.objects.get(locale__language_code="da")
    factsheet = FactsheetPage.objects.get(locale__language_code="da")
    theme = Theme.objects.get(locale__language_code="da", name="Formidling og læring")

    listed = client.get(index.url, {"theme": theme.slug}).content.decode()
    page_html = client.get(factsheet.url).content.decode()

    assert f'href="{factsheet.url}"' in listed
    chip = f'href="{index.url}?theme={theme.slug}">Formidling og læring</a>'
    assert chip in page_html
