"""Contributors write, Editors approve: the "Editorial review" workflow through the admin views."""

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import Page, Workflow, WorkflowState

import pytest

from cms.standardpages.models import StandardPage
from cms.users.factories import UserFactory

PAGE_FORM = {
    "title": "Visiting the depot",
    "slug": "visiting-the-depot",
    "listing_title": "",
    "listing_summary": "",
    "seo_title": "",
    "search_description": "",
    "keywords": "",
    "body-count": "0",
    "comments-TOTAL_FORMS": "0",
    "comments-INITIAL_FORMS": "0",
    "comments-MIN_NUM_FORMS": "0",
    "comments-MAX_NUM_FORMS": "1000",
}


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


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("standardpages", "standardpage", parent.id))


def submitted_page(client, *, home_page, contributor) -> StandardPage:
    client.force_login(contributor)
    response = client.post(add_url(home_page), {**PAGE_FORM, "action-submit": "Submit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return StandardPage.objects.get(slug="visiting-the-depot")


def test_the_root_page_uses_the_editorial_review_workflow(home_page):
    workflow = Workflow.objects.get(name="Editorial review")
    task = workflow.workflow_tasks.get().task.specific
    assert task.name == "Editor approval"
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]
    assert Page.get_first_root_node().get_workflow() == workflow
    # Pages anywhere in the tree inherit it.
    assert home_page.get_workflow() == workflow


def test_contributors_reach_the_admin_but_may_not_publish(client, home_page, contributor):
    client.force_login(contributor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    permissions = home_page.permissions_for_user(contributor)
    assert permissions.can_add_subpage()
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_a_contributor_submits_and_cannot_publish(client, home_page, contributor, editor):
    page = submitted_page(client, home_page=home_page, contributor=contributor)

    assert not page.live
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Editorial review"
    assert state.current_task_state.task.name == "Editor approval"

    # Publishing directly is refused: the page stays a draft in review.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.id,))
    form = {**PAGE_FORM, "title": "Published by myself", "action-publish": "Publish"}
    client.post(edit_url, form)
    page.refresh_from_db()
    assert not page.live
    assert page.title == "Visiting the depot"
    assert not Page.objects.live().filter(id=page.id).exists()


def test_editors_are_told_by_mail_and_approval_publishes(client, home_page, contributor, editor):
    mail.outbox.clear()
    page = submitted_page(client, home_page=home_page, contributor=contributor)

    to_editor = [message for message in mail.outbox if editor.email in message.to]
    assert to_editor, [message.to for message in mail.outbox]
    notification = to_editor[0]
    assert "Visiting the depot" in notification.subject
    assert notification.from_email == "Heritage Hub <noreply@localhost>"
    # WAGTAILADMIN_NOTIFICATION_USE_HTML: an HTML alternative beside the text.
    assert any(mimetype == "text/html" for _content, mimetype in notification.alternatives)
    assert not any(contributor.email in message.to for message in to_editor)

    client.logout()
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Visiting the depot" in dashboard  # "Pages awaiting my review"

    task_state = page.current_workflow_state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.id, "approve", task_state.id)
    )
    response = client.post(approve_url, {"comment": "Fine."})
    assert response.status_code == 302

    page.refresh_from_db()
    assert page.live
    assert not page.has_unpublished_changes
    assert client.get(page.url).status_code == 200


def test_a_contributor_cannot_approve(client, home_page, contributor):
    page = submitted_page(client, home_page=home_page, contributor=contributor)
    task_state = page.current_workflow_state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.id, "approve", task_state.id)
    )

    response = client.post(approve_url, {"comment": "Looks good to me."})

    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
