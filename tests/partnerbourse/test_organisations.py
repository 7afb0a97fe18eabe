"""Organisations: creation (creator is admin), profile edits by admins, invitations by e-mail."""

import datetime

from django.core import mail
from django.utils import timezone

from allauth.account.models import EmailAddress

from cms.users.factories import UserFactory
from partnerbourse.factories import OrganisationFactory, OrganisationMembershipFactory
from partnerbourse.models import (
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
)


def profile_data(**overrides):
    data = {
        "name": "Museum of Coastal Life",
        "organisation_type": "museum",
        "country": "DK",
        "city": "Esbjerg",
        "website": "https://coast.example.dk",
        "description": "Fishing, shipping and dunes.",
        "working_languages": ["da", "en"],
        "size": "small",
        "pic": "123456789",
        "oid": "E10000001",
        "isil": "",
    }
    data.update(overrides)
    return data


def test_creator_becomes_admin_and_organisation_is_unverified(client, user, board_site):
    client.force_login(user)

    response = client.post("/en/partners/my/organisations/new/", profile_data())

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert organisation.slug == "museum-of-coastal-life"
    assert not organisation.is_verified
    assert organisation.working_languages == ["da", "en"]
    assert OrganisationMembership.objects.get().role == MembershipRole.ADMIN


def test_same_slug_gets_another_slug(client, user, board_site):
    # Another name (the same one is refused: tests/security/test_confusable_names.py), one slug.
    OrganisationFactory(name="Museum of Coastal Life!", slug="museum-of-coastal-life")
    client.force_login(user)
    client.post("/en/partners/my/organisations/new/", profile_data())
    assert Organisation.objects.filter(slug="museum-of-coastal-life-2").exists()


def test_identifiers_are_validated(client, user, board_site):
    client.force_login(user)
    response = client.post("/en/partners/my/organisations/new/", profile_data(pic="12", oid="X123"))
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    assert "nine digits" in response.content.decode()


def test_only_admins_edit_the_profile(client, board_site):
    organisation = OrganisationFactory(name="Before")
    admin = OrganisationMembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    plain = OrganisationMembershipFactory(organisation=organisation).user
    outsider = UserFactory()
    url = f"/en/partners/my/organisations/{organisation.pk}/edit/"

    client.force_login(outsider)
    assert client.post(url, profile_data(name="Outsider")).status_code == 404
    client.force_login(plain)
    assert client.post(url, profile_data(name="Plain")).status_code == 403
    client.force_login(admin)
    assert client.post(url, profile_data(name="After")).status_code == 302

    organisation.refresh_from_db()
    assert organisation.name == "After"


def test_verification_cannot_be_set_by_the_profile_form(client, board_site):
    organisation = OrganisationFactory()
    admin = OrganisationMembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    client.force_login(admin)

    client.post(
        f"/en/partners/my/organisations/{organisation.pk}/edit/",
        {**profile_data(), "verified_at": "2026-01-01T00:00", "verification_evidence": "other"},
    )

    organisation.refresh_from_db()
    assert not organisation.is_verified


def test_invitation_flow(client, board_site, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Textile Museum")
    admin = OrganisationMembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/partners/my/organisations/{organisation.pk}/members/",
            {"email": "colleague@example.org", "role": "member"},
        )

    invitation = OrganisationInvitation.objects.get()
    assert mail.outbox[-1].to == ["colleague@example.org"]
    assert f"/en/partners/invitations/{invitation.token}/" in mail.outbox[-1].body
    assert admin.email not in mail.outbox[-1].body

    # Someone else who gets hold of the link cannot use it.
    stranger = UserFactory()
    client.force_login(stranger)
    client.post(f"/en/partners/invitations/{invitation.token}/")
    assert not organisation.memberships.filter(user=stranger).exists()

    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    assert client.get(f"/en/partners/invitations/{invitation.token}/").status_code == 200
    response = client.post(f"/en/partners/invitations/{invitation.token}/")

    assert response.status_code == 302
    assert organisation.memberships.get(user=colleague).role == MembershipRole.MEMBER
    # Used once only.
    assert client.get(f"/en/partners/invitations/{invitation.token}/").status_code == 404


def test_invitation_needs_a_verified_address(client, board_site):
    organisation = OrganisationFactory()
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation,
        email="new@example.org",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    unverified = UserFactory(email="new@example.org", verified_email=False)
    EmailAddress.objects.create(user=unverified, email="new@example.org", verified=False)
    client.force_login(unverified)

    client.post(f"/en/partners/invitations/{invitation.token}/")

    assert not organisation.memberships.exists()


def test_plain_members_cannot_invite(client, board_site):
    organisation = OrganisationFactory()
    plain = OrganisationMembershipFactory(organisation=organisation).user
    client.force_login(plain)

    response = client.post(
        f"/en/partners/my/organisations/{organisation.pk}/members/",
        {"email": "x@example.org", "role": "admin"},
    )

    assert response.status_code == 403
    assert not OrganisationInvitation.objects.exists()


def test_last_admin_cannot_leave(client, board_site):
    organisation = OrganisationFactory()
    membership = OrganisationMembershipFactory(organisation=organisation, role=MembershipRole.ADMIN)
    client.force_login(membership.user)

    client.post(f"/en/partners/my/organisations/{organisation.pk}/members/{membership.pk}/remove/")

    assert organisation.memberships.filter(pk=membership.pk).exists()


def test_dashboard_lists_own_organisations_only(client, member, organisation, board_site):
    OrganisationFactory(name="Somebody else's museum")
    client.force_login(member)
    page = client.get("/en/partners/my/").content.decode()
    assert organisation.name in page
    assert "Somebody else" not in page


def test_public_organisation_page_shows_no_member_data(client, member, organisation, board_site):
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert organisation.name in page
    assert member.email not in page
    assert "Verified organisation" in page
