"""An import leaves its pages searchable, their references indexed and the page cache fresh."""

from django.core.management import call_command
from django.test import Client

from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend

from cms.importer.models import ImportedItem

from .conftest import item

ID_APP = "11111111-1111-4111-8111-111111111111"
ID_WEBINAR = "22222222-2222-4222-8222-222222222222"


def page_of(source_id):
    return ImportedItem.objects.get(source_id=source_id).page.specific


def write_pair(hub):
    # The app comes first and points at a webinar that has no page yet: the second pass
    # links it, so the app is saved twice in the run and must end up indexed as linked.
    hub.write(
        "toolapps/2024-01-01-app.md",
        item(
            page_id=ID_APP,
            title="Quillwort storytelling app",
            extra=f"linkedWebinars:\n  - {ID_WEBINAR}____Webinar",
        ),
    )
    hub.write(
        "webinars/2024-01-02-webinar.md",
        item(page_id=ID_WEBINAR, title="Webinar", body="Marram grass and dune heritage."),
    )


def test_imported_pages_are_found_by_site_search(home_page, hub):
    write_pair(hub)
    call_command("import_markdown", str(hub.root), "-v0")

    backend = get_search_backend()
    by_title = list(backend.search("Quillwort", Page.objects.live()))
    by_body = list(backend.search("Marram", Page.objects.live()))

    assert [page.pk for page in by_title] == [page_of(ID_APP).pk]
    assert [page.pk for page in by_body] == [page_of(ID_WEBINAR).pk]


def test_the_reference_index_knows_the_links_between_imported_pages(home_page, hub):
    write_pair(hub)
    call_command("import_markdown", str(hub.root), "-v0")

    webinar = page_of(ID_WEBINAR)
    referring = {ref.object_id for ref in ReferenceIndex.get_references_to(webinar)}

    assert referring == {str(page_of(ID_APP).pk)}


def test_a_reimport_purges_the_cached_pages_it_changed(
    settings, home_page, hub, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    write_pair(hub)
    call_command("import_markdown", str(hub.root), "-v0")
    webinar = page_of(ID_WEBINAR)
    for url in (webinar.url, webinar.get_parent().url):
        Client().get(url)
        assert Client().get(url).headers.get("X-Page-Cache") == "hit", url

    hub.write("webinars/2024-01-02-webinar.md", item(page_id=ID_WEBINAR, title="Dune webinar"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_markdown", str(hub.root), "-v0")

    for url in (webinar.url, webinar.get_parent().url):
        assert Client().get(url).headers.get("X-Page-Cache") == "miss", url
    assert "Dune webinar" in Client().get(webinar.url).content.decode()
