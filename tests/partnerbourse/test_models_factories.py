"""The board's factories build consistent rows that the model helpers read back."""

from partnerbourse.factories import (
    ListingFactory,
    ListingResponseFactory,
    OrganisationMembershipFactory,
    ResponseMessageFactory,
    SavedSearchDeliveryFactory,
    ThemeFactory,
)
from partnerbourse.models import Listing, ListingStatus


def test_listing_factory_fills_multi_valued_attributes(db):
    theme = ThemeFactory(name="Intangible heritage")
    listing = ListingFactory(
        countries_in=["DK", "SE"],
        countries_wanted=["IT"],
        organisation_types_wanted=["university"],
        working_languages=["en", "da"],
        themes=[theme],
    )

    listing = Listing.objects.prefetch_related("facets").get(pk=listing.pk)
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.organisation.is_verified
    assert listing.countries_in == ["DK", "SE"]
    assert listing.countries_wanted == ["IT"]
    assert listing.countries_wanted_names == ["Italy"]
    assert listing.organisation_types_wanted == ["university"]
    assert listing.working_languages == ["da", "en"]
    assert list(listing.themes.all()) == [theme]


def test_other_factories_create_rows(db):
    membership = OrganisationMembershipFactory()
    assert membership.organisation.memberships.get().user == membership.user
    message = ResponseMessageFactory()
    assert message.sender == message.response.responder
    assert ListingResponseFactory().status == "new"
    assert SavedSearchDeliveryFactory().saved_search.deliveries.count() == 1
