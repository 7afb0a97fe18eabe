"""What search engines and social networks read: OpenGraph tags, canonical URLs and JSON-LD."""

import datetime
import html as html_lib
import io
import json
import re

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.core.models import Licence, Theme
from cms.core.services import object_translate
from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.linkcollections.factories import LinkCollectionIndexPageFactory, LinkCollectionPageFactory
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from cms.resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from cms.syllabi.factories import TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory
from cms.tools.factories import ToolIndexPageFactory, ToolPageFactory

PAGE_TYPES = [
    (FactsheetIndexPageFactory, FactsheetPageFactory, "LearningResource", "website"),
    (BestPracticeIndexPageFactory, BestPracticePageFactory, "Article", "article"),
    (LinkCollectionIndexPageFactory, LinkCollectionPageFactory, "Article", "article"),
    (TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory, "Course", "website"),
    (EventIndexPageFactory, EventPageFactory, "Event", "website"),
    (NewsIndexPageFactory, NewsPageFactory, "NewsArticle", "website"),
    (ResourceIndexPageFactory, ResourcePageFactory, "LearningResource", "website"),
    (ToolIndexPageFactory, ToolPageFactory, "SoftwareApplication", "website"),
]
PAGE_TYPE_IDS = [page.__name__.removesuffix("PageFactory") for _index, page, *_rest in PAGE_TYPES]
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(html: str) -> dict:
    (payload,) = LD_JSON.findall(html)
    return json.loads(payload)


def meta(html: str, prop: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return html_lib.unescape(match.group(1)) if match else None


def canonical(html: str) -> str:
    (href,) = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    return href


@pytest.fixture
def licence(locales):
    return Licence.objects.create(
        name="CC BY 4.0", url="https://creativecommons.org/licenses/by/4.0/", locale=locales["en"]
    )


@pytest.fixture
def listing_image(db):
    picture = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (32, 92, 110)).save(picture, format="PNG")
    return get_image_model().objects.create(
        title="Abstract shapes", file=ImageFile(picture, name="shapes.png")
    )


def publish_in(home_page, index_factory, page_factory, **fields):
    index = index_factory(parent=home_page)
    page = page_factory(parent=index, **fields)
    if page_factory is EventPageFactory:
        EventSessionFactory(page=page, start_time=datetime.time(14, 0), time_zone="Asia/Tokyo")
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    ("index_factory", "page_factory", "schema_type", "og_type"), PAGE_TYPES, ids=PAGE_TYPE_IDS
)
def test_json_ld_and_opengraph_of_every_page_type(
    client, home_page, licence, listing_image, index_factory, page_factory, schema_type, og_type
):
    theme = Theme.objects.create(name="Education", locale=home_page.locale)
    page = publish_in(
        home_page,
        index_factory,
        page_factory,
        title="Accessible labels",
        summary="Labels everyone can read.",
        date=datetime.date(2025, 3, 14),
        licence=licence,
        attribution="Heritage Hub editors",
        listing_image=listing_image,
        themes=[theme],
    )
    page.keywords.add("accessibility")
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    url = f"http://localhost{page.url}"
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["name"] == data["headline"] == "Accessible labels"
    assert data["url"] == url
    assert data["datePublished"] == "2025-03-14"
    assert data["inLanguage"] == "en"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["creditText"] == "Heritage Hub editors"
    assert data["description"] == "Labels everyone can read."
    assert data["keywords"] == "accessibility"
    assert data["about"] == ["Education"]
    assert re.fullmatch(r"http://[^/]+/media/images/\S+\.fill-1200x630\.png", data["image"])
    datetime.datetime.fromisoformat(data["dateModified"])

    assert canonical(html) == url
    assert meta(html, "og:url") == url
    assert meta(html, "og:title") == "Accessible labels"
    assert meta(html, "og:type") == og_type
    assert meta(html, "og:locale") == "en"
    assert meta(html, "og:description") == "Labels everyone can read."
    assert meta(html, "og:image") == data["image"]
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "description") == "Labels everyone can read."


def test_type_specific_json_ld(client, home_page):
    factsheet = publish_in(home_page, FactsheetIndexPageFactory, FactsheetPageFactory)
    syllabus = publish_in(
        home_page,
        TrainingSyllabusIndexPageFactory,
        TrainingSyllabusPageFactory,
        workload_hours=7.5,
    )
    event = publish_in(home_page, EventIndexPageFactory, EventPageFactory)

    assert json_ld(client.get(factsheet.url).content.decode())["learningResourceType"] == (
        "Factsheet"
    )
    assert json_ld(client.get(syllabus.url).content.decode())["timeRequired"] == "PT7.5H"
    start = json_ld(client.get(event.url).content.decode())["startDate"]
    assert start.endswith("T14:00:00+09:00")  # the session's own time zone


def test_without_a_listing_image_or_licence_url_those_tags_are_left_out(client, home_page, locales):
    all_rights = Licence.objects.create(name="All rights reserved", url="", locale=locales["en"])
    page = publish_in(
        home_page, NewsIndexPageFactory, NewsPageFactory, title="Quiet news", licence=all_rights
    )

    html = client.get(page.url).content.decode()

    data = json_ld(html)
    assert "image" not in data
    assert "license" not in data
    assert meta(html, "og:image") is None
    assert meta(html, "twitter:card") is None
    assert "All rights reserved" in html  # still named on the page


def test_translations_describe_themselves_in_their_language(client, home_page):
    page = publish_in(
        home_page, FactsheetIndexPageFactory, FactsheetPageFactory, title="Accessible labels"
    )
    for instance in (home_page, page.get_parent().specific):
        object_translate(instance=instance, language_code="da", strings={})
    danish = object_translate(
        instance=page, language_code="da", strings={"Accessible labels": "Tilgængelige tekster"}
    )

    html = client.get(danish.url).content.decode()

    assert danish.url.startswith("/da/")
    data = json_ld(html)
    assert data["inLanguage"] == "da"
    assert data["name"] == "Tilgængelige tekster"
    assert data["url"] == canonical(html) == f"http://localhost{danish.url}"
    assert meta(html, "og:locale") == "da"
    assert f'hreflang="en" href="http://testserver{page.url}"' in html


HOSTILE_TITLE = 'Labels </script><script>alert("x")</script><!-- & "quotes"'
HOSTILE_SUMMARY = "</SCRIPT ><img src=x onerror=alert(1)> ]]> <!--"


@pytest.mark.parametrize(
    ("index_factory", "page_factory", "schema_type", "og_type"), PAGE_TYPES, ids=PAGE_TYPE_IDS
)
def test_no_title_or_summary_breaks_out_of_the_json_ld(
    client, home_page, index_factory, page_factory, schema_type, og_type
):
    page = publish_in(
        home_page, index_factory, page_factory, title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY
    )

    html = client.get(page.url).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert html.lower().count("<script") == html.lower().count("</script>")
    data = json_ld(html)
    assert data["name"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_SUMMARY
    assert meta(html, "og:title") == HOSTILE_TITLE
