"""The public read-only API at /api/v2/: live pages only, declared fields only, no personal data."""

import io
import json

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.factsheets.models import FactsheetPage
from cms.linkcollections.factories import LinkCollectionIndexPageFactory, LinkCollectionPageFactory
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from cms.resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from cms.syllabi.factories import TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory
from cms.tools.factories import ToolIndexPageFactory, ToolPageFactory

PAGES_URL = "/api/v2/pages/"
CONTACT_NAME = "Karen Holm-Private"
CONTACT_EMAIL = "karen.private@museum.example.org"


def api_get(client, url, params=None) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def factsheets(home_page):
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets")
    live = FactsheetPageFactory(
        parent=index,
        title="Accessible labels",
        summary="Labels everyone can read.",
        abstract="<p>Short sentences help everyone.</p>",
        attribution="Heritage Hub editors",
        recommendations=[("recommendation", "Keep it under 50 words.")],
        body=[("paragraph", "<p>Start with what the visitor sees.</p>")],
    )
    draft = FactsheetPageFactory(parent=index, title="Unpublished factsheet", live=False)
    return {"index": index, "live": live, "draft": draft}


def test_pages_endpoint_lists_only_live_pages(client, factsheets):
    data = api_get(client, PAGES_URL, {"type": "factsheets.FactsheetPage"})

    assert [item["title"] for item in data["items"]] == ["Accessible labels"]
    assert data["meta"]["total_count"] == 1
    all_ids = [item["id"] for item in api_get(client, PAGES_URL, {"limit": 20})["items"]]
    assert factsheets["draft"].id not in all_ids
    assert factsheets["live"].id in all_ids


# Outside the language prefixes a 404 stays a 404: no redirect to /en/<path>.
def test_a_drafts_id_answers_a_json_404(client, factsheets):
    response = client.get(f"{PAGES_URL}{factsheets['draft'].id}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_drafts_id_ends_in_not_found(client, factsheets):
    response = client.get(f"{PAGES_URL}{factsheets['draft'].id}/", follow=True)

    assert response.status_code == 404
    assert "Unpublished factsheet" not in response.content.decode()


def test_unpublished_changes_of_a_live_page_stay_private(client, factsheets):
    page = factsheets["live"]
    page.title = "Draft title, not yet approved"
    page.summary = "A draft summary."
    page.save_revision()

    detail = api_get(client, f"{PAGES_URL}{page.id}/")
    listing = client.get(PAGES_URL, {"type": "factsheets.FactsheetPage", "fields": "*"})

    assert detail["title"] == "Accessible labels"
    assert detail["summary"] == "Labels everyone can read."
    assert "Draft title" not in listing.content.decode()
    assert "A draft summary" not in listing.content.decode()


def test_type_and_all_fields_expose_the_declared_api_fields(client, factsheets):
    data = api_get(client, PAGES_URL, {"type": "factsheets.FactsheetPage", "fields": "*"})

    (item,) = data["items"]
    declared = {field.name for field in FactsheetPage.api_fields}
    assert declared == {"date", "summary", "body", "attribution", "abstract", "recommendations"}
    assert declared <= set(item)
    assert item["meta"]["type"] == "factsheets.FactsheetPage"
    assert item["summary"] == "Labels everyone can read."
    assert item["abstract"] == "<p>Short sentences help everyone.</p>"
    assert item["recommendations"][0]["value"] == "Keep it under 50 words."
    assert item["body"][0]["type"] == "paragraph"
    assert item["attribution"] == "Heritage Hub editors"


@pytest.mark.parametrize(
    ("index_factory", "page_factory"),
    [
        (FactsheetIndexPageFactory, FactsheetPageFactory),
        (BestPracticeIndexPageFactory, BestPracticePageFactory),
        (LinkCollectionIndexPageFactory, LinkCollectionPageFactory),
        (TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory),
        (EventIndexPageFactory, EventPageFactory),
        (NewsIndexPageFactory, NewsPageFactory),
        (ResourceIndexPageFactory, ResourcePageFactory),
        (ToolIndexPageFactory, ToolPageFactory),
    ],
    ids=lambda factory: factory.__name__.removesuffix("Factory"),
)
def test_every_page_type_serves_its_api_fields(client, home_page, index_factory, page_factory):
    index = index_factory(parent=home_page)
    page = page_factory(parent=index)
    if page_factory is EventPageFactory:
        EventSessionFactory(page=page, time_zone="America/Toronto")
    model = type(page)
    page_type = f"{model._meta.app_label}.{model.__name__}"

    data = api_get(client, PAGES_URL, {"type": page_type, "fields": "*"})
    detail = api_get(client, f"{PAGES_URL}{page.id}/")

    (item,) = data["items"]
    declared = {field.name for field in getattr(model, "api_fields", [])}
    assert declared <= set(item)
    assert declared <= set(detail)
    if page_factory is EventPageFactory:
        assert item["sessions"][0]["time_zone"] == "America/Toronto"


def test_images_and_documents_endpoints_answer(client, home_page):
    picture = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (20, 90, 110)).save(picture, format="PNG")
    image = get_image_model().objects.create(
        title="Label shapes", file=ImageFile(picture, name="labels.png")
    )
    document = get_document_model().objects.create(
        title="Label checklist", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="checklist.pdf")
    )

    images = api_get(client, "/api/v2/images/")
    documents = api_get(client, "/api/v2/documents/")

    assert [item["title"] for item in images["items"]] == ["Label shapes"]
    assert [item["title"] for item in documents["items"]] == ["Label checklist"]
    assert api_get(client, f"/api/v2/images/{image.id}/")["width"] == 40
    assert api_get(client, f"/api/v2/documents/{document.id}/")["meta"]["download_url"].endswith(
        "checklist.pdf"
    )


@pytest.fixture
def best_practice(home_page):
    index = BestPracticeIndexPageFactory(parent=home_page)
    return BestPracticePageFactory(
        parent=index,
        title="Volunteer digitisation day",
        organisation="Fjordby Local History Museum",
        contact_name=CONTACT_NAME,
        contact_email=CONTACT_EMAIL,
    )


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"fields": "*"},
        {"type": "bestpractices.BestPracticePage"},
        {"type": "bestpractices.BestPracticePage", "fields": "*"},
        {"type": "bestpractices.BestPracticePage", "fields": "*,-body"},
        {"type": "bestpractices.BestPracticePage", "search": "Holm"},
    ],
    ids=["plain", "all-fields", "type", "type-all-fields", "all-but-body", "search"],
)
def test_best_practice_contact_never_appears_in_listings(client, best_practice, query):
    response = client.get(PAGES_URL, query)

    assert response.status_code == 200
    body = response.content.decode()
    assert CONTACT_EMAIL not in body
    assert CONTACT_NAME not in body
    assert "contact_" not in body


def test_best_practice_contact_never_appears_in_the_detail(client, best_practice):
    for query in ({}, {"fields": "*"}, {"fields": "*,-body"}):
        response = client.get(f"{PAGES_URL}{best_practice.id}/", query)
        assert response.status_code == 200
        data = response.json()
        assert data["organisation"] == "Fjordby Local History Museum"
        serialized = json.dumps(data)
        assert CONTACT_EMAIL not in serialized
        assert CONTACT_NAME not in serialized
        assert "contact_" not in serialized


@pytest.mark.parametrize(
    "query",
    [
        {"type": "bestpractices.BestPracticePage", "fields": "contact_email"},
        {"type": "bestpractices.BestPracticePage", "fields": "contact_name"},
        {"type": "bestpractices.BestPracticePage", "contact_email": CONTACT_EMAIL},
        {"type": "bestpractices.BestPracticePage", "order": "contact_name"},
    ],
    ids=["field-email", "field-name", "filter-by-email", "order-by-name"],
)
def test_contact_fields_cannot_be_asked_for_filtered_or_sorted_on(client, best_practice, query):
    # A filter that answered would tell whether an address is on file, one guess at a time.
    response = client.get(PAGES_URL, query)

    assert response.status_code == 400
    assert CONTACT_EMAIL not in response.content.decode()
