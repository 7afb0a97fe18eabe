"""The "Report" button: logged-in users send a listing to the moderators' queue, rate-limited."""

from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from partnerbourse.models import ListingReport, ListingStatus
from partnerbourse.selectors.listings import reported_listings
from partnerbourse.views.responses import REPORT_RATE

from .responding_helpers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db


def report_url(listing):
    return reverse("partnerbourse:listing_report", kwargs={"pk": listing.pk})


def test_report_puts_the_listing_in_the_moderation_queue(client, board_site, listing):
    reporter = UserFactory()
    client.force_login(reporter)
    assert client.get(report_url(listing)).status_code == 200
    response = client.post(report_url(listing), {"reason": "spam", "message": "Advert"})
    assert response.status_code == 302
    report = ListingReport.objects.get()
    assert (report.listing, report.reporter, report.reason) == (listing, reporter, "spam")
    assert list(reported_listings()) == [listing]


def test_repeat_reports_by_one_user_update_the_open_report(client, board_site, listing):
    client.force_login(UserFactory())
    client.post(report_url(listing), {"reason": "spam"})
    client.post(report_url(listing), {"reason": "offensive", "message": "Rude"})
    assert ListingReport.objects.get().reason == "offensive"


def test_anonymous_visitors_cannot_report(client, board_site, listing):
    response = client.post(report_url(listing), {"reason": "spam"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ListingReport.objects.exists()


def test_non_public_listings_cannot_be_reported(client, board_site, listing):
    listing.status = ListingStatus.DRAFT
    listing.save()
    client.force_login(UserFactory())
    assert client.post(report_url(listing), {"reason": "spam"}).status_code == 404


def test_invalid_reason_is_refused(client, board_site, listing):
    client.force_login(UserFactory())
    assert client.post(report_url(listing), {"reason": "nonsense"}).status_code == 400
    assert not ListingReport.objects.exists()


def test_reports_are_rate_limited(client, board_site):
    from partnerbourse.factories import ListingFactory

    limit = int(REPORT_RATE.split("/")[0])
    client.force_login(UserFactory())
    listings = [ListingFactory() for _ in range(limit + 1)]
    for listing in listings[:limit]:
        assert client.post(report_url(listing), {"reason": "spam"}).status_code == 302
    assert client.post(report_url(listings[-1]), {"reason": "spam"}).status_code == 429
    assert ListingReport.objects.count() == limit
