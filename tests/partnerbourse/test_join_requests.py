"""Asking to join an organisation, and its admins' answer."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import (
    JoinRequestFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import JoinRequest, JoinRequestStatus, MembershipRole
from partnerbourse.privacy import partner_board_data, partner_board_data_erase
from partnerbourse.services.join_requests import (
    MAX_PENDING_PER_USER,
    join_request_approve,
    join_request_create,
    join_request_decline,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    return OrganisationFactory(verified=True, name="Harbour Museum")


@pytest.fixture
def admin(organisation):
    return OrganisationMembershipFactory(
        organisation=organisation, role=MembershipRole.ADMIN, user__email="boss@harbour.example"
    ).user


@pytest.fixture
def person(db):
    return UserFactory(email="person@example.org", display_name="Pia Person")


def test_asking_creates_a_pending_request_and_mails_the_admins(
    organisation, admin, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join_request = join_request_create(
            organisation=organisation, user=person, message="  I run the\u202e archive.\n"
        )

    assert join_request.status == JoinRequestStatus.PENDING
    assert join_request.message == "I run the archive."  # trimmed, bidi control gone
    [message] = mail.outbox
    assert message.to == [admin.email]
    assert "Harbour Museum" in message.subject
    assert "Pia Person" in message.body and "I run the archive." in message.body
    assert f"/en/partners/my/organisations/{organisation.pk}/members/" in message.body
    assert person.email not in message.body


def test_a_second_pending_request_or_a_member_is_refused(organisation, admin, person):
    join_request_create(organisation=organisation, user=person, message="")

    with pytest.raises(ValidationError):
        join_request_create(organisation=organisation, user=person, message="")
    with pytest.raises(ValidationError):
        join_request_create(organisation=organisation, user=admin, message="")


def test_unverified_or_closed_organisations_take_no_requests(person):
    with pytest.raises(PermissionDenied):
        join_request_create(organisation=OrganisationFactory(), user=person, message="")


def test_pending_requests_per_person_are_capped(person):
    for _n in range(MAX_PENDING_PER_USER):
        JoinRequestFactory(user=person)

    with pytest.raises(ValidationError):
        join_request_create(
            organisation=OrganisationFactory(verified=True), user=person, message=""
        )


def test_requests_to_closed_organisations_do_not_count_against_the_cap(person):
    for _n in range(MAX_PENDING_PER_USER):
        JoinRequestFactory(user=person, organisation__closed_at=timezone.now())

    join_request_create(organisation=OrganisationFactory(verified=True), user=person, message="")


def test_an_admin_approves_and_the_requester_becomes_a_member_and_is_told(
    organisation, admin, person, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(organisation=organisation, user=person)

    with django_capture_on_commit_callbacks(execute=True):
        join_request_approve(join_request=join_request, by=admin)

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == admin and join_request.decided_at
    membership = organisation.memberships.get(user=person)
    assert membership.role == MembershipRole.MEMBER
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "member" in message.subject


def test_an_admin_declines_and_the_requester_is_told(
    organisation, admin, person, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(organisation=organisation, user=person)

    with django_capture_on_commit_callbacks(execute=True):
        join_request_decline(join_request=join_request, by=admin)

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert not organisation.memberships.filter(user=person).exists()
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "declined" in message.subject
    # Declined, the person may ask again.
    join_request_create(organisation=organisation, user=person, message="")


@pytest.mark.parametrize("decide", [join_request_approve, join_request_decline])
def test_only_the_organisations_admins_decide(organisation, admin, person, decide):
    join_request = JoinRequestFactory(organisation=organisation, user=person)
    plain_member = OrganisationMembershipFactory(organisation=organisation).user
    other_admin = OrganisationMembershipFactory(role=MembershipRole.ADMIN).user

    for user in (plain_member, other_admin, person):
        with pytest.raises(PermissionDenied):
            decide(join_request=join_request, by=user)

    join_request.refresh_from_db()
    assert join_request.is_pending
    assert not organisation.memberships.filter(user=person).exists()


def test_a_decided_request_cannot_be_decided_again(organisation, admin, person):
    join_request = JoinRequestFactory(organisation=organisation, user=person)
    join_request_decline(join_request=join_request, by=admin)

    with pytest.raises(ValidationError):
        join_request_approve(join_request=join_request, by=admin)
    assert not organisation.memberships.filter(user=person).exists()


# Through the pages.


def test_the_profile_offers_anonymous_visitors_a_login_link(client, board_site, organisation):
    html = client.get(organisation.get_absolute_url()).content.decode()

    assert reverse("account_login") in html
    assert reverse("partnerbourse:organisation_join", args=[organisation.slug]) not in html


def test_a_person_asks_from_the_profile_and_then_sees_it_pending(
    client, board_site, organisation, admin, person, django_capture_on_commit_callbacks
):
    client.force_login(person)
    join_url = reverse("partnerbourse:organisation_join", args=[organisation.slug])
    assert join_url in client.get(organisation.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url, {"message": "<script>alert(1)</script>Hello"})

    assert response.status_code == 302
    assert JoinRequest.objects.filter(user=person, organisation=organisation).count() == 1
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "have not answered yet" in html
    assert join_url not in html
    assert len(mail.outbox) == 1


def test_a_member_sees_their_membership_instead_of_the_form(
    client, board_site, organisation, admin
):
    client.force_login(admin)

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "You are a member of this organisation." in html
    assert reverse("partnerbourse:organisation_join", args=[organisation.slug]) not in html


def test_joining_needs_login_and_a_verified_organisation(client, board_site, person):
    unverified = OrganisationFactory()
    verified = OrganisationFactory(verified=True)

    anonymous = client.post(reverse("partnerbourse:organisation_join", args=[verified.slug]))
    client.force_login(person)
    hidden = client.post(reverse("partnerbourse:organisation_join", args=[unverified.slug]))

    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert hidden.status_code == 404
    assert not JoinRequest.objects.exists()


def test_admins_see_and_approve_requests_in_the_member_area(
    client, board_site, organisation, admin, person, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(organisation=organisation, user=person, message="Hi <b>")
    members_url = reverse("partnerbourse:organisation_members", args=[organisation.pk])
    client.force_login(admin)

    html = client.get(members_url).content.decode()
    assert "Pia Person" in html and "Hi &lt;b&gt;" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url, {"join_request": join_request.pk, "decision": "approve"}
        )

    assert response.status_code == 302
    assert organisation.memberships.filter(user=person).exists()
    assert [message.to for message in mail.outbox] == [[person.email]]


def test_a_plain_member_cannot_decide_through_the_member_area(
    client, board_site, organisation, admin, person
):
    join_request = JoinRequestFactory(organisation=organisation, user=person)
    plain_member = OrganisationMembershipFactory(organisation=organisation).user
    members_url = reverse("partnerbourse:organisation_members", args=[organisation.pk])
    client.force_login(plain_member)

    assert "Pia Person" not in client.get(members_url).content.decode()
    response = client.post(members_url, {"join_request": join_request.pk, "decision": "approve"})

    assert response.status_code == 403
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_a_request_of_another_organisation_cannot_be_decided_from_this_one(
    client, board_site, organisation, admin, person
):
    other_request = JoinRequestFactory(user=person)
    client.force_login(admin)

    client.post(
        reverse("partnerbourse:organisation_members", args=[organisation.pk]),
        {"join_request": other_request.pk, "decision": "approve"},
    )

    other_request.refresh_from_db()
    assert other_request.is_pending


def test_join_requests_are_in_the_data_export_and_erased(organisation, admin, person):
    JoinRequestFactory(organisation=organisation, user=person, message="Textiles")

    assert partner_board_data(user=person)["join_requests"][0]["message"] == "Textiles"
    partner_board_data_erase(user=person)
    assert not JoinRequest.objects.filter(user=person).exists()
