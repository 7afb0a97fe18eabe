"""What editors see of the link check: the admin report and the panel in the page editor."""

import datetime
import re

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.linkcollections.factories import CollectionLinkFactory, LinkCollectionPageFactory
from cms.users.factories import UserFactory

REPORT_URL = "/admin/reports/links/"


def checked(page, title, result, status=None, detail=""):
    return CollectionLinkFactory(
        page=page,
        title=title,
        last_check_result=result,
        last_status_code=status,
        last_check_detail=detail,
        last_checked_at=timezone.now() - datetime.timedelta(hours=2),
    )


@pytest.fixture
def superuser_client(db, client):
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.fixture
def checked_links(collection):
    return {
        "working": checked(collection, "Working portal", "ok", 200),
        "gone": checked(collection, "Gone portal", "broken", 404),
        "moved": checked(collection, "Moved portal", "redirect", 200, "https://new.example.org/"),
        "silent": checked(collection, "Silent portal", "timeout"),
        "unchecked": CollectionLinkFactory(page=collection, title="New portal"),
    }


def row_titles(html: str) -> list[str]:
    return re.findall(r"(Working|Gone|Moved|Silent|New) portal", html)


def test_report_lists_links_worst_first_with_their_page(
    superuser_client, checked_links, collection
):
    response = superuser_client.get(REPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert row_titles(html) == ["Gone", "Silent", "Moved", "New", "Working"]
    assert "404" in html
    assert "https://new.example.org/" in html
    assert f'href="/admin/pages/{collection.pk}/edit/"' in html
    assert f'href="{checked_links["gone"].url}"' in html


def test_report_filters_by_result(superuser_client, checked_links):
    html = superuser_client.get(REPORT_URL, {"result": "broken"}).content.decode()
    assert row_titles(html) == ["Gone"]

    html = superuser_client.get(REPORT_URL, {"result": "unchecked"}).content.decode()
    assert row_titles(html) == ["New"]


def test_report_is_in_the_reports_menu(superuser_client, checked_links):
    html = superuser_client.get("/admin/").content.decode()
    assert REPORT_URL in html


def test_report_query_count_does_not_grow_with_links(superuser_client, collection):
    def count():
        superuser_client.get(REPORT_URL)
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(REPORT_URL).status_code == 200
        return len(queries)

    other = LinkCollectionPageFactory(parent=collection.get_parent())
    for number in range(5):
        checked(collection if number % 2 else other, f"Link {number}", "broken", 404)
    with_five = count()
    for number in range(5, 45):
        checked(collection if number % 2 else other, f"Link {number}", "ok", 200)

    assert count() == with_five


def test_editors_see_the_report(client, checked_links):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    assert row_titles(response.content.decode())[0] == "Gone"


def test_people_without_admin_access_cannot_see_the_report(client, checked_links, user):
    client.force_login(user)

    response = client.get(REPORT_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert "Gone portal" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, checked_links):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_page_editor_shows_the_collections_broken_links(
    superuser_client, checked_links, collection
):
    html = superuser_client.get(f"/admin/pages/{collection.pk}/edit/").content.decode()

    panel = html[html.index("The last link check found a problem") :]
    panel = panel[: panel.index("link report")]
    assert "2 links" in panel
    assert "Gone portal" in panel
    assert "Broken, HTTP 404" in panel
    assert "Silent portal" in panel
    assert "Working portal" not in panel
    assert "Moved portal" not in panel


def test_page_editor_says_when_nothing_was_checked_yet(superuser_client, collection):
    CollectionLinkFactory(page=collection, title="New portal")

    html = superuser_client.get(f"/admin/pages/{collection.pk}/edit/").content.decode()

    assert "The links of this page have not been checked yet." in html
