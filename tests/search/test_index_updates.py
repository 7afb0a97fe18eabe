"""The search index follows publishing: pages and board listings appear and go as they change."""

import datetime

from django.test import override_settings
from django.utils import timezone

from wagtail.search.backends.base import BaseIndex, BaseSearchBackend

import pytest

from partnerbourse.factories import ListingFactory, OrganisationMembershipFactory
from partnerbourse.models import Listing, ListingStatus, MembershipRole
from partnerbourse.services.expiry import listings_expire
from partnerbourse.services.listings import listing_pause, listing_resume, listing_withdraw

SEARCH = "/en/search/"


def titles(client, query, **params) -> list[str]:
    response = client.get(SEARCH, {"q": query, "lang": "all", **params})
    return [hit.title for hit in response.context["outcome"].page_obj]


@pytest.mark.django_db
def test_pages_appear_on_publish_and_go_on_unpublish_and_delete(client, make_factsheet):
    page = make_factsheet("Textile care", summary="moths")
    assert titles(client, "moths") == ["Textile care"]

    page.summary = "moths and silverfish"
    page.save_revision().publish()
    assert titles(client, "silverfish") == ["Textile care"]

    page.unpublish()
    assert titles(client, "moths") == []

    page.save_revision().publish()
    assert titles(client, "moths") == ["Textile care"]

    page.delete()
    assert titles(client, "moths") == []


@pytest.mark.django_db
def test_a_moved_page_is_found_at_its_new_address(client, make_factsheet, home_page):
    from cms.factsheets.factories import FactsheetIndexPageFactory

    page = make_factsheet("Textile care", summary="moths")
    archive = FactsheetIndexPageFactory(parent=home_page, title="Archive", slug="archive")

    page.move(archive, pos="last-child")

    response = client.get(SEARCH, {"q": "moths"})
    assert [hit.url for hit in response.context["outcome"].page_obj] == [
        "/en/archive/textile-care/"
    ]


@pytest.fixture
def member(db):
    return OrganisationMembershipFactory(role=MembershipRole.ADMIN).user


@pytest.mark.django_db
def test_listings_follow_their_status(client, home_page, member):
    organisation = member.partner_memberships.get().organisation
    listing = ListingFactory(organisation=organisation, title="Basketry partners")
    assert titles(client, "basketry") == ["Basketry partners"]

    listing_pause(listing=listing, user=member)
    assert titles(client, "basketry") == []

    listing_resume(listing=listing, user=member)
    assert titles(client, "basketry") == ["Basketry partners"]

    listing_withdraw(listing=listing, user=member)
    assert titles(client, "basketry") == []


class RecordingIndex(BaseIndex):
    added: list = []

    def add_item(self, item):
        if isinstance(item, Listing):
            self.added.append((item.pk, item.status))


class RecordingBackend(BaseSearchBackend):
    """A second backend, as a search server would be, that remembers what it was sent."""

    index_class = RecordingIndex


@pytest.mark.django_db
def test_expiring_listings_updates_the_index(client, home_page):
    listing = ListingFactory(title="Stone masons wanted")
    Listing.objects.filter(pk=listing.pk).update(
        closing_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    RecordingIndex.added = []
    backends = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
        "recorder": {"BACKEND": "tests.search.test_index_updates.RecordingBackend"},
    }

    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        assert listings_expire() == 1

    assert (listing.pk, ListingStatus.EXPIRED) in RecordingIndex.added
    assert titles(client, "masons") == []


@pytest.mark.django_db
def test_listings_are_found_by_organisation_programme_and_theme(client, home_page, locales):
    from cms.core.models import Theme

    theme = Theme.objects.create(name="Intangible heritage", locale=locales["en"])
    listing = ListingFactory(title="Partners wanted", themes=[theme])
    listing.save()  # themes are set after the first save; indexing follows the next save

    assert titles(client, listing.organisation.name.split()[0]) == ["Partners wanted"]
    assert titles(client, "Creative Europe") == ["Partners wanted"]
    assert titles(client, "intangible") == ["Partners wanted"]
