"""The moderators hear of what waits: a dashboard panel, an hourly-at-most e-mail digest, and a
review page where approving is one click and rejecting asks for a reason."""

import datetime

from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.users.factories import UserFactory
from partnerbourse.admin_panels import ModerationPanel
from partnerbourse.factories import ListingFactory, OrganisationFactory
from partnerbourse.models import ListingStatus, ModerationNotice
from partnerbourse.services import listings as listing_services
from partnerbourse.services import organisations as organisation_services
from partnerbourse.services.moderation_digest import moderation_digest_send

pytestmark = pytest.mark.django_db


def listing_data(**overrides):
    data = {
        "kind": "partner_request",
        "title": "Partners for a textile heritage project",
        "description": "We look for two partners.",
        "language": "en",
        "programme": "creative_europe",
        "closing_date": timezone.localdate() + datetime.timedelta(days=40),
    }
    data.update(overrides)
    return data


def waiting_items(count, start=0):
    for n in range(start, start + count):
        organisation = OrganisationFactory(name=f"Waiting Archive {chr(65 + n)}")
        ListingFactory(
            organisation=organisation,
            title=f"Listing waiting {n}",
            status=ListingStatus.PENDING,
            published_at=None,
        )


def render_panel(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return ModerationPanel().render_html({"request": request})


# Dashboard panel ---------------------------------------------------------------------------


def test_moderator_sees_waiting_listings_and_organisations_on_the_dashboard(
    client, moderator, board_site
):
    waiting_items(1)
    client.force_login(moderator)

    response = client.get("/admin/")

    html = response.content.decode()
    assert "Partner board: waiting for moderation" in html
    assert "Listing waiting 0" in html
    assert "Waiting Archive A" in html
    assert "waiting 0\xa0minutes" in html
    listing = ListingFactory._meta.model.objects.get(title="Listing waiting 0")
    assert f"/admin/partner-board/listings/{listing.pk}/" in html
    assert f"/admin/partner-board/organisations/{listing.organisation_id}/" in html


def test_panel_says_when_nothing_waits(client, moderator, board_site):
    client.force_login(moderator)

    assert "Nothing is waiting for moderation." in client.get("/admin/").content.decode()


def test_panel_is_only_for_moderators(client, board_site):
    waiting_items(1)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "waiting for moderation" not in response.content.decode()


def test_panel_queries_do_not_grow_with_the_items(moderator, django_assert_num_queries):
    waiting_items(2)
    with CaptureQueriesContext(connection) as two:
        html = render_panel(moderator)
    assert html.count("Listing waiting") == 2

    waiting_items(8, start=2)
    with django_assert_num_queries(len(two.captured_queries)):
        html = render_panel(moderator)
    assert html.count("Listing waiting") == 10


# E-mail digest -----------------------------------------------------------------------------


def test_submitting_a_listing_mails_the_moderators_once_an_hour(
    unverified_member, moderator, board_site, django_capture_on_commit_callbacks
):
    organisation = unverified_member.partner_memberships.get().organisation
    ModerationNotice.objects.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        listing_services.listing_create(
            organisation=organisation, user=unverified_member, **listing_data(title="First")
        )
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.listing_create(
            organisation=organisation, user=unverified_member, **listing_data(title="Second")
        )

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [moderator.email]
    assert "waiting for review" in digest.subject
    assert "First" in digest.body
    assert "/admin/partner-board/listings/" in digest.body
    assert ModerationNotice.objects.count() == 1

    # After the hour the next run mails what is waiting, the second listing included.
    later = timezone.now() + datetime.timedelta(minutes=61)
    assert moderation_digest_send(now=later) == 1
    assert "Second" in mail.outbox[1].body
    # And nothing more until something new arrives.
    assert moderation_digest_send(now=later + datetime.timedelta(hours=2)) == 0


def test_a_new_organisation_is_in_the_digest(
    user, moderator, board_site, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.organisation_create(
            user=user,
            name="Museum of Tin Toys",
            organisation_type="museum",
            country="DK",
            description="Toys.",
        )

    assert len(mail.outbox) == 1
    assert "Museum of Tin Toys" in mail.outbox[0].body
    assert "Organisations to verify" in mail.outbox[0].body


def test_no_digest_without_moderators_or_without_anything_waiting(user, board_site):
    assert moderation_digest_send() == 0  # nothing waits
    waiting_items(1)
    assert moderation_digest_send() == 0  # nobody moderates
    assert not ModerationNotice.objects.exists()


def test_held_back_digest_is_scheduled_for_the_end_of_the_hour(
    moderator, board_site, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    sent_at = timezone.now() - datetime.timedelta(minutes=20)
    ModerationNotice.objects.create(sent_at=sent_at, item_count=1)
    waiting_items(1)
    # A backend that can defer tasks (the database backend in production).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        assert moderation_digest_send() == 0

    scheduled = [
        result
        for result in default_task_backend.results
        if result.task.name == "moderation_digest_send_task"
    ]
    assert [result.task.run_after for result in scheduled] == [
        sent_at + datetime.timedelta(hours=1)
    ]
    assert not mail.outbox


# Review page -------------------------------------------------------------------------------


def test_review_page_offers_one_click_approval_and_a_reasoned_rejection(
    client, moderator, board_site
):
    listing = ListingFactory(status=ListingStatus.PENDING, published_at=None)
    client.force_login(moderator)

    html = client.get(f"/admin/partner-board/listings/{listing.pk}/").content.decode()
    assert "Approve and publish" in html
    assert "Reject / ask for changes" in html

    response = client.post(
        f"/admin/partner-board/listings/{listing.pk}/", {"decision": "reject", "reason": "  "}
    )
    assert response.status_code == 400
    assert "Tell the poster why the listing was rejected." in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING

    response = client.post(f"/admin/partner-board/listings/{listing.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
