import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import (
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import MembershipRole


@pytest.fixture
def board_site(home_page):
    """The site with its home page: the board's templates need a default site and locales."""
    return home_page


@pytest.fixture
def member(db):
    """An admin of a verified museum."""
    membership = OrganisationMembershipFactory(
        organisation=OrganisationFactory(verified=True, name="Verified Museum"),
        role=MembershipRole.ADMIN,
    )
    return membership.user


@pytest.fixture
def organisation(member):
    return member.partner_memberships.get().organisation


@pytest.fixture
def unverified_member(db):
    membership = OrganisationMembershipFactory(
        organisation=OrganisationFactory(name="New Archive"), role=MembershipRole.ADMIN
    )
    return membership.user


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
