"""A partner listing leaves every public place at the end of its closing day, not when the daily
job gets round to expiring it (issue 15, item 8).

The job has not run in any of these tests: the listing closing yesterday is still ``published``
in the database. It must not be on the board, in its search or feeds, in the site search or the
header suggestions, in "Suggested for you", in a digest, in the sitemap or the API, nor on its
organisation's page; its own page says when it closed and takes no response, by form or by a
forged POST. The owner still sees it, as expired. Days are days in ``settings.TIME_ZONE``.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from partnerbourse.factories import ListingFactory, SavedSearchFactory, ThemeFactory
from partnerbourse.models import ListingResponse, ListingStatus
from partnerbourse.services.expiry import listings_expire
from partnerbourse.services.responses import response_create
from partnerbourse.services.saved_searches import saved_search_digests_send

SITE_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
TODAY = datetime.date(2026, 3, 21)
YESTERDAY = TODAY - datetime.timedelta(days=1)
# Mid-morning on the site's clock.
NOW = datetime.datetime.combine(TODAY, datetime.time(10, 0), tzinfo=SITE_TZ)
CLOSED_TITLE = "Lacemaking partners wanted"
OPEN_TITLE = "Lacemaking mentors sought"
CLOSED_ON = "March 20, 2026"


@pytest.fixture
def board(home_page, poster, poster_organisation, outsider, time_machine):
    """A saved search, then two listings of the poster's museum that the outsider's archive
    would complement: one closing yesterday (not yet expired by the job), one closing today."""
    time_machine.move_to(NOW - datetime.timedelta(days=20), tick=False)
    search = SavedSearchFactory(
        user=outsider, query={"programme": "creative_europe"}, frequency="daily"
    )
    lace = ThemeFactory(name="Lace")
    outsider.partner_memberships.get().organisation.themes.add(lace)
    time_machine.move_to(NOW, tick=False)
    common = {
        "organisation": poster_organisation,
        "contact_person": poster,
        "created_by": poster,
        "description": "Bobbin lacemaking heritage in coastal towns.",
        "countries_wanted": ["SE"],
        "themes": [lace],
    }
    closed = ListingFactory(
        title=CLOSED_TITLE,
        closing_date=YESTERDAY,
        published_at=NOW - datetime.timedelta(days=10),
        **common,
    )
    still_open = ListingFactory(
        title=OPEN_TITLE,
        closing_date=TODAY,
        published_at=NOW - datetime.timedelta(days=5),
        **common,
    )
    return {"closed": closed, "open": still_open, "search": search}


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _shows_only_the_open_one(html: str) -> None:
    assert OPEN_TITLE in html
    assert CLOSED_TITLE not in html


def test_the_job_has_not_run(board):
    assert board["closed"].status == ListingStatus.PUBLISHED


def test_not_on_the_board_nor_in_its_search(client, board):
    _shows_only_the_open_one(_html(client.get(reverse("partnerbourse:board"))))
    _shows_only_the_open_one(_html(client.get(reverse("partnerbourse:board"), {"q": "lacemaking"})))
    # Not even when asked for listings by their closing dates.
    _shows_only_the_open_one(
        _html(
            client.get(
                reverse("partnerbourse:board"),
                {"closing_from": YESTERDAY.isoformat(), "sort": "closing"},
            )
        )
    )


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_not_in_the_feeds(client, board, kind):
    response = client.get(reverse("partnerbourse:board_feed", kwargs={"kind": kind}))
    _shows_only_the_open_one(_html(response))


def test_not_in_the_site_search_nor_the_suggestions(client, board):
    _shows_only_the_open_one(_html(client.get("/en/search/", {"q": "lacemaking"})))
    suggested = client.get("/en/search/suggest/", {"q": "lacemak"}).json()
    titles = [item["title"] for item in suggested["suggestions"]]
    assert OPEN_TITLE in titles
    assert CLOSED_TITLE not in titles


def test_not_suggested_for_you(client, board, outsider):
    client.force_login(outsider)
    _shows_only_the_open_one(_html(client.get(reverse("partnerbourse:suggestions"))))


def test_not_in_a_digest(board):
    assert saved_search_digests_send()["sent"] == 1
    (message,) = mail.outbox
    _shows_only_the_open_one(message.body)


def test_not_on_the_organisation_page(client, board, poster_organisation):
    _shows_only_the_open_one(_html(client.get(poster_organisation.get_absolute_url())))


def test_not_in_the_sitemap_nor_the_api(client, board):
    sitemap = _html(client.get("/sitemap.xml"))
    assert board["closed"].get_absolute_url() not in sitemap
    api = _html(client.get("/api/v2/pages/", {"search": "lacemaking"}))
    assert CLOSED_TITLE not in api


def test_its_page_says_it_closed_and_offers_no_response(client, board, outsider):
    client.force_login(outsider)
    closed = board["closed"]
    html = _html(client.get(closed.get_absolute_url()))
    assert f"Archived: this listing closed on {CLOSED_ON} and no longer takes responses." in html
    assert '<meta name="robots" content="noindex">' in html
    assert reverse("partnerbourse:express_interest", kwargs={"pk": closed.pk}) not in html
    # The listing closing today still takes responses.
    html = _html(client.get(board["open"].get_absolute_url()))
    assert reverse("partnerbourse:express_interest", kwargs={"pk": board["open"].pk}) in html
    assert "Archived" not in html


def test_a_response_is_refused_by_the_form_and_by_a_forged_post(client, board, outsider):
    client.force_login(outsider)
    url = reverse("partnerbourse:express_interest", kwargs={"pk": board["closed"].pk})
    refusal = f"This listing closed on {CLOSED_ON} and no longer takes responses."

    form_page = _html(client.get(url))
    assert refusal in form_page
    assert 'name="message"' not in form_page

    organisation = outsider.partner_memberships.get().organisation
    response = client.post(
        url, {"message": "We would love to join.", "organisation": organisation.pk}
    )
    assert response.status_code == 400
    assert refusal in response.content.decode()
    assert not ListingResponse.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_too(board, outsider):
    organisation = outsider.partner_memberships.get().organisation
    with pytest.raises(ValidationError, match="closed on"):
        response_create(
            listing=board["closed"],
            user=outsider,
            message="We would love to join.",
            organisation_id=organisation.pk,
        )
    assert not ListingResponse.objects.exists()


def test_a_listing_closing_today_stays_until_midnight_on_the_sites_clock(
    client, board, outsider, time_machine
):
    """At 23:59 in the site's time zone the listing closing today is on the board and takes a
    response; a minute after midnight there it is gone, though UTC still has the same day."""
    board_url = reverse("partnerbourse:board")
    time_machine.move_to(
        datetime.datetime.combine(TODAY, datetime.time(23, 59), tzinfo=SITE_TZ), tick=False
    )
    assert OPEN_TITLE in _html(client.get(board_url))
    client.force_login(outsider)
    organisation = outsider.partner_memberships.get().organisation
    response = client.post(
        reverse("partnerbourse:express_interest", kwargs={"pk": board["open"].pk}),
        {"message": "Just in time.", "organisation": organisation.pk},
    )
    assert response.status_code == 302
    assert ListingResponse.objects.filter(listing=board["open"]).count() == 1

    after_midnight = datetime.datetime.combine(
        TODAY + datetime.timedelta(days=1), datetime.time(0, 1), tzinfo=SITE_TZ
    )
    assert after_midnight.astimezone(datetime.UTC).date() == TODAY  # the time zone matters
    time_machine.move_to(after_midnight, tick=False)
    html = _html(client.get(board_url))
    assert OPEN_TITLE not in html
    assert CLOSED_TITLE not in html
    assert f"closed on {TODAY:%B} {TODAY.day}, {TODAY.year}" in _html(
        client.get(board["open"].get_absolute_url())
    )


def test_the_owner_still_sees_it_as_expired(client, board, poster):
    client.force_login(poster)
    html = _html(client.get(reverse("partnerbourse:dashboard")))
    assert CLOSED_TITLE in html
    assert OPEN_TITLE in html
    assert 'pb-status--expired">Expired<' in html
    assert "1 published listing" in html
    manage = _html(
        client.get(reverse("partnerbourse:my_listing", kwargs={"pk": board["closed"].pk}))
    )
    assert 'pb-status--expired">Expired<' in manage


def test_the_job_then_only_tidies_up(client, board):
    assert listings_expire() == 1
    board["closed"].refresh_from_db()
    assert board["closed"].status == ListingStatus.EXPIRED
    (notice,) = mail.outbox
    assert notice.subject.endswith(f"Your listing has expired: {CLOSED_TITLE}")
    _shows_only_the_open_one(_html(client.get(reverse("partnerbourse:board"))))
