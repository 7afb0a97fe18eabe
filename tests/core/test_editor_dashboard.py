"""The editors' admin dashboard: pages awaiting my review (instead of Wagtail's panel), my
drafts, broken links from the last link check and imports with warnings; each panel costs the
same queries for two items as for ten."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.core.admin_panels import MyDraftsPanel, PagesAwaitingReviewPanel
from cms.importer.admin_panels import ImportWarningsPanel
from cms.importer.models import ImportedItem
from cms.linkcollections.admin_panels import BrokenLinksPanel
from cms.linkcollections.factories import CollectionLinkFactory, LinkCollectionPageFactory
from cms.standardpages.models import StandardPage
from cms.users.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(db):
    user = UserFactory(email="contributor@example.org")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(email="editor@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def submitted_pages(home_page, user, count, start=0):
    for n in range(start, start + count):
        page = home_page.add_child(
            instance=StandardPage(title=f"Submitted page {n}", slug=f"submitted-{n}", live=False)
        )
        page.save_revision(user=user)
        page.get_workflow().start(page, user)


def drafts(home_page, user, count, start=0):
    for n in range(start, start + count):
        page = home_page.add_child(
            instance=StandardPage(title=f"Draft page {n}", slug=f"draft-{n}", live=False)
        )
        page.save_revision(user=user)


def broken_links(home_page, count, start=0):
    page = LinkCollectionPageFactory(parent=home_page, title=f"Links {start}")
    for n in range(start, start + count):
        CollectionLinkFactory(
            page=page,
            title=f"Broken link {n}",
            last_check_result="broken",
            last_status_code=404,
            last_checked_at=timezone.now(),
        )


def import_warnings(count, start=0):
    for n in range(start, start + count):
        ImportedItem.objects.create(
            source_id=f"item-{n}",
            section="guides",
            source_path=f"guides/warned-{n}.md",
            content_hash="x",
            unresolved_ids=["missing"] if n % 2 else [],
            assets_not_fetched=[] if n % 2 else ["https://old.example.org/a.png"],
        )


def render(panel, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return panel.render_html({"request": request, "csrf_token": ""})


def test_dashboard_shows_the_editor_panels_instead_of_wagtails_review_panel(
    client, home_page, contributor, editor
):
    submitted_pages(home_page, contributor, 1)
    drafts(home_page, editor, 1)
    broken_links(home_page, 1)
    import_warnings(1)
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Pages awaiting my review" in html
    assert "Awaiting your review" not in html
    assert "Submitted page 0" in html
    assert "My drafts" in html
    assert "Draft page 0" in html
    assert "Broken link 0" in html
    assert "guides/warned-0.md" in html


def test_empty_panels_say_nothing_is_waiting(client, home_page, editor):
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "No pages are waiting for your review." in html
    assert "You have no unpublished changes." in html
    assert "The last link check found no broken links." in html


def test_panels_are_hidden_without_permission(client, home_page):
    # Into the admin, and nothing more.
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(reverse("wagtailadmin_home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "My drafts" not in html
    assert "Broken links" not in html
    assert "Imports with warnings" not in html
    assert "Pages awaiting my review" not in html


@pytest.mark.parametrize(
    ("panel", "make", "marker"),
    [
        (PagesAwaitingReviewPanel, "submitted", "Submitted page"),
        (MyDraftsPanel, "drafts", "Draft page"),
        (BrokenLinksPanel, "links", "Broken link "),
        (ImportWarningsPanel, "imports", "guides/warned-"),
    ],
)
def test_panel_queries_do_not_grow_with_the_items(
    panel, make, marker, home_page, contributor, editor, django_assert_num_queries
):
    def add(count, start):
        if make == "submitted":
            submitted_pages(home_page, contributor, count, start)
        elif make == "drafts":
            drafts(home_page, editor, count, start)
        elif make == "links":
            broken_links(home_page, count, start)
        else:
            import_warnings(count, start)

    add(2, 0)
    render(panel(), editor)  # content types and tasks are cached from then on
    with CaptureQueriesContext(connection) as two:
        html = render(panel(), editor)
    assert html.count(marker) == 2

    add(8, 2)
    with django_assert_num_queries(len(two.captured_queries)):
        html = render(panel(), editor)
    assert html.count(marker) == 10
