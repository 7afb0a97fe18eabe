"""The public API answers any query string without a server error: wrong ones get a 400 (or 404)
with a JSON message, searches are cleaned as on the search page, offsets are bounded.

The fuzzing corpus is generated from a fixed seed, so a failure names a query string that fails
again on the next run.
"""

import io
import random
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage

from cms.api import MAX_OFFSET
from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory

SEED = 15
CORPUS_SIZE = 240
HUGE = "9" * 40

PARAMETERS = [
    "search",
    "search_operator",
    "offset",
    "limit",
    "fields",
    "order",
    "type",
    "child_of",
    "ancestor_of",
    "descendant_of",
    "translation_of",
    "locale",
    "site",
    "id",
    "html_path",
    "title",
    "slug",
    "date",
    "first_published_at",
    "show_in_menus",
    "seo_title",
    "category",
    "event_kind",
    "tags",
    "width",
    "rich_text_format",
    "format",
    "_",
    "contact_email",
    "unknown_field",
    "\x00",
    "",
]
VALUES = [
    "",
    "\x00",
    "a\x00b",
    '"',
    '""',
    '"labels',
    "'",
    "%",
    "%zz",
    "\\",
    "labels",
    "Labels everyone",
    "日本語",
    "Ελληνικά μουσεία",
    "🙂🙂",
    "\u202eevil",
    "\r\n",
    "-1",
    "0",
    "1",
    "20",
    "21",
    str(MAX_OFFSET),
    str(MAX_OFFSET + 1),
    HUGE,
    f"-{HUGE}",
    str(2**63),
    "1e9",
    "NaN",
    "inf",
    " 7",
    "1.5",
    "١٢",
    "abc",
    "root",
    "*",
    "_",
    "*,-body",
    "*,title(id)",
    "body(value)",
    "title(",
    "(,)",
    ",,",
    "-id",
    "title,-first_published_at",
    "random",
    "-random",
    "random,title",
    "?",
    "nonexistent.Model",
    "wagtailcore.Page",
    "factsheets.FactsheetPage",
    "events.EventPage",
    "bestpractices.BestPracticePage",
    "factsheets.FactsheetPage,events.EventPage",
    "users.User",
    "..",
    "en",
    "de",
    "xx",
    "2026-01-01",
    "2026-13-45",
    "2026-01-01T10:00:00",
    "true",
    "maybe",
    "html",
    "markdown",
    "and",
    "or",
    "xor",
    "/en/",
    "/en/factsheets/labels/",
    "../../etc/passwd",
    "AND OR NOT",
    "label* title:x (a OR b)",
    "x" * 3000,
]
ENDPOINTS = ["pages", "images", "documents"]


def _value(rng: random.Random) -> str:
    value = rng.choice(VALUES)
    if rng.random() < 0.2:
        value += rng.choice(VALUES)
    return value


def query_string_corpus(seed: int = SEED, size: int = CORPUS_SIZE) -> list[str]:
    """Query strings of 1-4 parameters, some repeated, some percent-encoded wrongly."""
    rng = random.Random(seed)
    corpus = [
        "search=%00",
        "search=%22",
        f"offset={HUGE}",
        f"offset={HUGE}&limit={HUGE}",
        "search=labels&search_operator=xor",
        "fields=*",
        "order=-random",
        "type=nonexistent.Model",
        "child_of=abc",
        "locale=xx",
        "translation_of=",
        "type=factsheets.FactsheetPage&date=abc",
        "search=a&search=b&search=%22",
        "id=abc",
        "html_path=%00",
        "%",
        "&&&=&=",
    ]
    while len(corpus) < size:
        pairs = []
        for _ in range(rng.randint(1, 4)):
            name, value = rng.choice(PARAMETERS), _value(rng)
            if rng.random() < 0.1:
                pairs.append(f"{name}={value}")  # raw: '%', '&' and '#' as typed
            else:
                pairs.append(f"{quote(name, safe='')}={quote(value, safe='')}")
            if rng.random() < 0.1:
                pairs.append(pairs[-1])
        corpus.append("&".join(pairs))
    return corpus


@pytest.fixture
def api_content(home_page):
    factsheets = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    FactsheetPageFactory(parent=factsheets, title="Labels everyone can read", slug="labels")
    events = EventIndexPageFactory(parent=home_page, title="Events", slug="events")
    event = EventPageFactory(parent=events, title="Labels webinar")
    EventSessionFactory(page=event)
    practices = BestPracticeIndexPageFactory(parent=home_page, slug="practices")
    BestPracticePageFactory(parent=practices, contact_email="private@museum.example")
    picture = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (20, 90, 110)).save(picture, format="PNG")
    image = get_image_model().objects.create(
        title="Label shapes", file=ImageFile(picture, name="api-fuzz-shapes.png")
    )
    document = get_document_model().objects.create(
        title="Label checklist",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="api-fuzz-checklist.pdf"),
    )
    return {"pages": event.pk, "images": image.pk, "documents": document.pk}


def test_the_corpus_is_the_same_on_every_run():
    assert query_string_corpus() == query_string_corpus()
    assert len(set(query_string_corpus())) > CORPUS_SIZE * 0.9


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_query_string_causes_a_server_error(api_content, endpoint):
    client = Client(raise_request_exception=False)
    paths = [
        f"/api/v2/{endpoint}/",
        f"/api/v2/{endpoint}/{api_content[endpoint]}/",
        f"/api/v2/{endpoint}/find/",
    ]

    failures = []
    for query_string in query_string_corpus():
        for path in paths:
            response = client.get(f"{path}?{query_string}")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {path}?{query_string}")

    assert failures == []


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("object_id", [HUGE, "0", "00"])
def test_odd_ids_in_the_path_are_not_found(api_content, endpoint, object_id):
    response = Client(raise_request_exception=False).get(f"/api/v2/{endpoint}/{object_id}/")

    assert response.status_code == 404


@pytest.mark.parametrize("query", ["%00", "%22", "%22labels", "a%00b", "title%3Ax+(", "AND"])
def test_searches_are_cleaned_like_the_search_page(client, api_content, query):
    response = client.get(f"/api/v2/pages/?search={query}")

    assert response.status_code == 200
    assert "items" in response.json()


def test_a_cleaned_search_still_finds_pages(client, api_content):
    response = client.get('/api/v2/pages/?search="labels&type=factsheets.FactsheetPage')

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Labels everyone can read"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (f"offset={HUGE}", f"offset cannot be higher than {MAX_OFFSET}"),
        (f"offset={MAX_OFFSET + 1}", f"offset cannot be higher than {MAX_OFFSET}"),
        ("offset=-1", "offset must be a positive integer"),
        (f"limit={HUGE}", "limit cannot be higher than 20"),
        ("search=labels&search_operator=xor", "search_operator must be 'and' or 'or'"),
    ],
)
def test_bounds_answer_400_with_a_json_message(client, api_content, endpoint, query, message):
    response = client.get(f"/api/v2/{endpoint}/?{query}")

    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_the_deepest_offset_is_still_served(client, api_content):
    response = client.get(f"/api/v2/pages/?offset={MAX_OFFSET}")

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_field_filter_with_a_wrong_value_is_a_bad_request(client, api_content):
    response = client.get("/api/v2/pages/?type=factsheets.FactsheetPage&date=abc")

    assert response.status_code == 400
    assert "date" in response.json()["message"]
