"""factory_boy factories for the partner board (tests, benchmarks and demo helpers)."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Locale

import factory

from cms.core.models import Theme
from cms.core.text import name_folded_skeleton, name_skeleton
from cms.users.factories import UserFactory

from .models import (
    DigestFrequency,
    JoinRequest,
    Listing,
    ListingFacet,
    ListingKind,
    ListingReport,
    ListingResponse,
    ListingStatus,
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationType,
    Programme,
    ReportReason,
    ResponseMessage,
    SavedSearch,
    SavedSearchDelivery,
)


class ThemeFactory(factory.django.DjangoModelFactory):
    """A theme in the default locale (the one board records point at)."""

    name = factory.Sequence(lambda n: f"Theme {n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Theme


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An unverified museum in Denmark; ``verified=True`` marks it verified."""

    name = factory.Sequence(lambda n: f"Organisation {n}")
    # As the services set it, so that look-alike checks see factory-made organisations too.
    name_skeleton = factory.LazyAttribute(lambda o: name_skeleton(o.name) or None)
    name_skeleton_folded = factory.LazyAttribute(lambda o: name_folded_skeleton(o.name) or None)
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    organisation_type = OrganisationType.MUSEUM
    country = "DK"
    city = "Aarhus"
    website = "https://museum.example.org"
    description = "A regional museum of everyday life."
    working_languages = factory.LazyFunction(lambda: ["en"])

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    class Params:
        verified = factory.Trait(
            verified_at=factory.LazyFunction(timezone.now),
            verification_evidence="identifier",
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER

    class Meta:
        model = OrganisationMembership


class OrganisationInvitationFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = MembershipRole.MEMBER
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    class Meta:
        model = OrganisationInvitation


class ListingFactory(factory.django.DjangoModelFactory):
    """A published partner request closing in 30 days.

    Pass ``countries_in=["DK"]``, ``countries_wanted=[...]``, ``organisation_types_wanted=[...]``,
    ``working_languages=[...]`` and ``themes=[...]`` to fill the multi-valued attributes.
    """

    organisation = factory.SubFactory(OrganisationFactory, verified=True)
    kind = ListingKind.PARTNER_REQUEST
    title = factory.Sequence(lambda n: f"Partners wanted for project {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:200])
    description = "We are looking for partners for a project on **intangible heritage**."
    language = "en"
    programme = Programme.CREATIVE_EUROPE
    action = "Cooperation projects"
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = ListingStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def countries_in(self, create, extracted, **kwargs):
        _add_facets(self, create, ListingFacet.Facet.COUNTRY_IN, extracted)

    @factory.post_generation
    def countries_wanted(self, create, extracted, **kwargs):
        _add_facets(self, create, ListingFacet.Facet.COUNTRY_WANTED, extracted)

    @factory.post_generation
    def organisation_types_wanted(self, create, extracted, **kwargs):
        _add_facets(self, create, ListingFacet.Facet.ORGANISATION_TYPE, extracted)

    @factory.post_generation
    def working_languages(self, create, extracted, **kwargs):
        _add_facets(self, create, ListingFacet.Facet.LANGUAGE, extracted)


def _add_facets(listing, create, facet, values):
    if create and values:
        ListingFacet.objects.bulk_create(
            [ListingFacet(listing=listing, facet=facet, value=value) for value in values]
        )


class ListingReportFactory(factory.django.DjangoModelFactory):
    listing = factory.SubFactory(ListingFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = ReportReason.SPAM
    message = "Looks like advertising."

    class Meta:
        model = ListingReport


class ListingResponseFactory(factory.django.DjangoModelFactory):
    listing = factory.SubFactory(ListingFactory)
    responder = factory.SubFactory(UserFactory)
    message = "We would be glad to join as a partner."

    class Meta:
        model = ListingResponse


class ResponseMessageFactory(factory.django.DjangoModelFactory):
    response = factory.SubFactory(ListingResponseFactory)
    sender = factory.LazyAttribute(lambda o: o.response.responder)
    body = "Thank you for your reply."

    class Meta:
        model = ResponseMessage


class SavedSearchFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    name = "Creative Europe partners"
    query = factory.LazyFunction(lambda: {"programme": "creative_europe"})
    frequency = DigestFrequency.WEEKLY

    class Meta:
        model = SavedSearch


class SavedSearchDeliveryFactory(factory.django.DjangoModelFactory):
    saved_search = factory.SubFactory(SavedSearchFactory)
    listing = factory.SubFactory(ListingFactory)

    class Meta:
        model = SavedSearchDelivery


class JoinRequestFactory(factory.django.DjangoModelFactory):
    """A pending request to join a verified organisation."""

    organisation = factory.SubFactory(OrganisationFactory, verified=True)
    user = factory.SubFactory(UserFactory)
    message = "I curate the textile collection."

    class Meta:
        model = JoinRequest
