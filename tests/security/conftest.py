"""Shared set-up for the security suite: two organisations, two learners, a course with a quiz."""

import pytest

from cms.users.factories import UserFactory
from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from partnerbourse.factories import (
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import MembershipRole

# Markup an attacker would type into any free-text field.
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def poster(db):
    """The admin of a verified museum that owns a listing."""
    user = UserFactory(display_name="Pia Poster")
    OrganisationMembershipFactory(
        user=user,
        organisation=OrganisationFactory(verified=True, name="Poster Museum"),
        role=MembershipRole.ADMIN,
    )
    return user


@pytest.fixture
def poster_organisation(poster):
    return poster.partner_memberships.get().organisation


@pytest.fixture
def listing(poster, poster_organisation):
    return ListingFactory(
        organisation=poster_organisation, contact_person=poster, created_by=poster
    )


@pytest.fixture
def outsider(db):
    """A signed-in admin of another organisation: owns nothing the tests look at."""
    user = UserFactory(display_name="Otto Outsider")
    OrganisationMembershipFactory(
        user=user,
        organisation=OrganisationFactory(name="Other Archive", country="SE"),
        role=MembershipRole.ADMIN,
    )
    return user


@pytest.fixture
def course(home_page):
    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    course = CoursePageFactory(parent=index, title="Caring for collections", slug="care")
    ModulePageFactory(parent=course, title="Module one", slug="one")
    return course


@pytest.fixture
def module(course):
    return course.get_children().specific().get()
