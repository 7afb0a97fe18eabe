"""“Download as PDF” on a training syllabus: the route, what the PDF says, and what it fetches."""

import re
import socket
import time

from django.test import RequestFactory

import pytest

from cms.core.models import Licence
from cms.core.pdf import SiteFilesFetcher
from cms.standardpages.factories import StandardPageFactory
from cms.syllabi.factories import TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory
from cms.syllabi.selectors import syllabus_pdf_render
from tests.pdf import pdf_text


def unit(n: int, *, links=()) -> tuple[str, dict]:
    return (
        "unit",
        {
            "title": f"Unit {n}: handling objects",
            "topics": [f"Topic {n}.1", f"Topic {n}.2"],
            "links": list(links),
        },
    )


@pytest.fixture
def index(home_page):
    return TrainingSyllabusIndexPageFactory(parent=home_page, title="Syllabi", slug="syllabi")


@pytest.fixture
def syllabus(home_page, index, locales):
    handbook = StandardPageFactory(parent=home_page, title="Handbook", slug="handbook")
    licence = Licence.objects.create(
        name="CC BY 4.0",
        url="https://creativecommons.org/licenses/by/4.0/",
        locale=locales["en"],
    )
    page = TrainingSyllabusPageFactory(
        parent=index,
        title="Digitising Collections",
        slug="digitising-collections",
        summary="From the storeroom to the online catalogue.",
        target_group="Registrars and collection managers",
        prerequisites="<p>Basic spreadsheet skills</p>",
        workload_hours="12.5",
        learning_outcomes=[("outcome", "Plan a photography workflow for small objects")],
        units=[
            unit(
                1,
                links=[
                    {"page": handbook, "url": "", "label": "The handbook"},
                    {"page": None, "url": "https://example.org/guide", "label": "A guide"},
                ],
            ),
            unit(2),
        ],
        assessment="<p>A portfolio of ten catalogue records</p>",
        licence=licence,
        attribution="Heritage Hub partners",
    )
    page.save_revision().publish()
    return page


def test_the_pdf_route_answers_with_a_pdf_attachment(client, syllabus):
    response = client.get(f"{syllabus.url}pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="digitising-collections.pdf"'
    assert response.content.startswith(b"%PDF")


def test_the_pdf_holds_the_whole_syllabus_with_absolute_links(client, syllabus):
    text = pdf_text(client.get(f"{syllabus.url}pdf/").content)

    for expected in [
        "Digitising Collections",
        "From the storeroom to the online catalogue.",
        "Registrars and collection managers",
        "Basic spreadsheet skills",
        "Plan a photography workflow for small objects",
        "12.5 hours",
        "Unit 1: handling objects",
        "Topic 1.2",
        "Unit 2: handling objects",
        "The handbook: http://localhost/en/handbook/",
        "A guide: https://example.org/guide",
        "A portfolio of ten catalogue records",
        "Heritage Hub partners",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "http://localhost/en/syllabi/digitising-collections/",
    ]:
        assert expected in text, expected


def test_the_page_links_to_its_pdf(client, syllabus):
    html = client.get(syllabus.url).content.decode()

    link = re.search(rf'<a [^>]*href="{syllabus.url}pdf/"[^>]*>(.*?)</a>', html, re.DOTALL)
    assert link, "no link to the PDF"
    assert " ".join(re.sub(r"<[^>]+>", " ", link.group(1)).split()) == "Download as PDF (PDF)"


def test_a_draft_has_no_pdf(client, index):
    draft = TrainingSyllabusPageFactory(parent=index, title="Not yet", live=False)
    draft.save_revision()

    assert client.get(f"{draft.url}pdf/").status_code == 404


def test_an_unpublished_draft_of_a_live_syllabus_stays_out_of_the_pdf(client, syllabus):
    syllabus.title = "Secret new title"
    syllabus.save_revision()

    text = pdf_text(client.get(f"{syllabus.url}pdf/").content)

    assert "Digitising Collections" in text
    assert "Secret new title" not in text


def test_a_greek_title_keeps_its_letters_in_the_file_name(client, index):
    page = TrainingSyllabusPageFactory(parent=index, title="Ψηφιοποίηση συλλογών", slug="greek")
    page.save_revision().publish()

    response = client.get(f"{page.url}pdf/")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%CF%88%CE%B7%CF%86%CE%B9%CE%BF%CF%80%CE%BF%CE%AF%CE%B7"
        "%CF%83%CE%B7-%CF%83%CF%85%CE%BB%CE%BB%CE%BF%CE%B3%CF%8E%CE%BD.pdf"
    )


def test_rendering_never_opens_a_network_connection(syllabus, monkeypatch):
    attempts = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: attempts.append(address))
    # An editor's (or an attacker's) remote image and stylesheet in rich text.
    syllabus.assessment = (
        '<p>Marked by hand <img src="https://tracker.example.org/pixel.png" alt=""></p>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
    )
    request = RequestFactory().get("/", HTTP_HOST="localhost")

    data = syllabus_pdf_render(page=syllabus, request=request)

    assert data.startswith(b"%PDF")
    assert attempts == []
    assert "Marked by hand" in pdf_text(data)


def test_the_fetcher_serves_static_files_and_refuses_anything_else():
    fetcher = SiteFilesFetcher(base_url="http://localhost/")

    stylesheet = fetcher.fetch("http://localhost/static/css/syllabus-pdf.css")
    assert stylesheet.content_type == "text/css"
    assert b"@page" in stylesheet.read()
    for url in [
        "https://example.org/static/css/syllabus-pdf.css",
        "http://localhost/en/some-page/",
        "http://localhost/static/../cms/settings/base.py",
        "http://localhost/static/%2e%2e/cms/settings/base.py",
        "file:///etc/passwd",
    ]:
        with pytest.raises((ValueError, FileNotFoundError)):
            fetcher.fetch(url)


def test_ten_units_render_within_two_seconds(home_page, index):
    page = TrainingSyllabusPageFactory(
        parent=index,
        title="A long syllabus",
        learning_outcomes=[("outcome", f"Outcome {n}") for n in range(8)],
        units=[
            unit(n, links=[{"page": None, "url": f"https://example.org/{n}", "label": "More"}])
            for n in range(10)
        ],
    )
    page.save_revision().publish()
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    syllabus_pdf_render(page=page, request=request)  # fonts are loaded once per process

    started = time.perf_counter()
    data = syllabus_pdf_render(page=page, request=request)
    seconds = time.perf_counter() - started

    print(f"PDF of a syllabus with 10 units: {seconds:.2f} s, {len(data) // 1024} KiB")
    assert "Unit 9: handling objects" in pdf_text(data)
