"""Shared set-up for the responding, matching and saved-search tests ."""

from django.core.cache import cache

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import (
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import MembershipRole

__all__ = [
    "_fresh_rate_limits",
    "listing",
    "poster",
    "responder",
    "responder_organisation",
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """django-ratelimit counts in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def poster(db):
    """The contact person (and admin) of a verified museum with a published listing."""
    user = UserFactory(email="poster-secret@museum.example", display_name="Pia Poster")
    OrganisationMembershipFactory(
        user=user,
        organisation=OrganisationFactory(verified=True, name="Poster Museum"),
        role=MembershipRole.ADMIN,
    )
    return user


@pytest.fixture
def listing(poster):
    organisation = poster.partner_memberships.get().organisation
    return ListingFactory(organisation=organisation, contact_person=poster, created_by=poster)


@pytest.fixture
def responder(db):
    user = UserFactory(email="responder-secret@archive.example", display_name="Rob Responder")
    OrganisationMembershipFactory(
        user=user, organisation=OrganisationFactory(name="Responding Archive", country="SE")
    )
    return user


@pytest.fixture
def responder_organisation(responder):
    return responder.partner_memberships.get().organisation
