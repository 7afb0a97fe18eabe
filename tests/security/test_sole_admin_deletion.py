"""An organisation never loses its last administrator, and never stays public without one.

Deleting the account of an organisation's only admin is refused (on the privacy page, by the
service and in the Wagtail admin) with the organisations to hand over or close; leaving and
stepping down are refused the same way. Closing an organisation withdraws its listings: they
leave the board and their pages answer 404.
"""

from django.test import Client
from django.urls import reverse

import pytest

from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from cms.users.models import User
from cms.users.selectors import user_deletion_blockers
from cms.users.services import AccountDeletionBlocked, user_delete_account
from partnerbourse.factories import (
    ListingFactory,
    OrganisationFactory,
    OrganisationInvitationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import (
    ListingAction,
    ListingStatus,
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
)
from partnerbourse.selectors.matching import suggested_organisations
from tests.users.utils import DELETE_URL, PRIVACY_URL, is_logged_in, main_text

SOLE_ADMIN = "This account is the only administrator of {} on the partner board."
LAST_ADMIN = (
    "An organisation needs at least one administrator. Make another member an administrator "
    "first, or close the organisation."
)


def url(name, *args):
    return reverse(name, args=args)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def on_the_board(listing) -> bool:
    return listing.title in Client().get(url("partnerbourse:board")).content.decode()


@pytest.fixture
def board(home_page):
    """The public pages render against the site's home page."""
    return home_page


@pytest.fixture
def colleague(poster_organisation):
    """A plain member of the poster's museum."""
    user = UserFactory(display_name="Cleo Colleague")
    OrganisationMembershipFactory(organisation=poster_organisation, user=user)
    return user


def assert_untouched(poster, listing):
    poster.refresh_from_db()
    assert poster.is_active
    assert poster.email and not poster.email.startswith("deleted-")
    assert poster.display_name == "Pia Poster"
    assert poster.check_password(DEFAULT_PASSWORD)
    assert OrganisationMembership.objects.filter(user=poster, role=MembershipRole.ADMIN).exists()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.contact_person == poster


class TestSoleAdminDeletionIsRefused:
    def test_through_the_privacy_page(self, board, poster, poster_organisation, listing):
        client = client_for(poster)

        response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

        assert response.status_code == 409
        text = main_text(response)
        assert "Your account cannot be deleted yet." in text
        assert SOLE_ADMIN.format("Poster Museum") in text
        html = response.content.decode()
        members = url("partnerbourse:organisation_members", poster_organisation.pk)
        close = url("partnerbourse:organisation_close", poster_organisation.pk)
        assert f'href="{members}"' in html
        assert f'href="{close}?next=%2Fen%2Faccount%2Fprivacy%2F"' in html
        assert 'role="alert"' in html
        assert is_logged_in(client)
        assert_untouched(poster, listing)
        assert on_the_board(listing)

    def test_the_privacy_page_says_so_before_any_password_is_typed(
        self, board, poster, poster_organisation
    ):
        response = client_for(poster).get(PRIVACY_URL)

        assert response.status_code == 200
        text = main_text(response)
        assert "Your account cannot be deleted yet." in text
        assert "Hand Poster Museum over: make another member an administrator" in text
        assert "Close Poster Museum and withdraw its listings" in text
        # No form to fill in vain; the download stays on offer.
        assert 'name="password"' not in response.content.decode()
        assert "Download my data" in text

    def test_a_wrong_password_is_not_even_checked_while_blocked(self, board, poster, listing):
        response = client_for(poster).post(DELETE_URL, {"password": "a guess"})

        assert response.status_code == 409
        assert "That is not your password." not in main_text(response)
        assert_untouched(poster, listing)

    def test_through_the_service(self, poster, poster_organisation, listing):
        with pytest.raises(AccountDeletionBlocked) as blocked:
            user_delete_account(user=poster)

        assert [blocker.message for blocker in blocked.value.blockers] == [
            SOLE_ADMIN.format("Poster Museum")
        ]
        assert_untouched(poster, listing)

    def test_through_the_wagtail_admin(self, board, poster, listing):
        admin = client_for(UserFactory(superuser=True))
        delete_url = f"/admin/users/delete/{poster.pk}/"

        response = admin.post(delete_url, follow=True)

        assert response.status_code == 200
        assert "This account cannot be deleted yet:" in response.content.decode()
        assert SOLE_ADMIN.format("Poster Museum") in response.content.decode()
        assert_untouched(poster, listing)

    def test_every_organisation_alone_administered_is_listed(self, board, poster, listing):
        alone = OrganisationFactory(name="Alone Archive")
        OrganisationMembershipFactory(organisation=alone, user=poster, role=MembershipRole.ADMIN)
        shared = OrganisationFactory(name="Shared Gallery")
        OrganisationMembershipFactory(organisation=shared, user=poster, role=MembershipRole.ADMIN)
        OrganisationMembershipFactory(organisation=shared, role=MembershipRole.ADMIN)
        member_only = OrganisationFactory(name="Member Library")
        OrganisationMembershipFactory(organisation=member_only, user=poster)

        messages = [blocker.message for blocker in user_deletion_blockers(user=poster)]

        assert messages == [
            SOLE_ADMIN.format("Alone Archive"),
            SOLE_ADMIN.format("Poster Museum"),
        ]
        text = main_text(client_for(poster).post(DELETE_URL, {"password": DEFAULT_PASSWORD}))
        assert "Shared Gallery" not in text
        assert "Member Library" not in text

    def test_a_plain_member_is_not_blocked(self, board, colleague, listing):
        assert user_deletion_blockers(user=colleague) == []

        response = client_for(colleague).post(DELETE_URL, {"password": DEFAULT_PASSWORD})

        assert response.status_code == 302
        assert not User.objects.get(pk=colleague.pk).is_active
        assert on_the_board(listing)


class TestAfterHandOver:
    def test_making_a_colleague_admin_lets_the_deletion_through(
        self, board, poster, poster_organisation, colleague, listing
    ):
        client = client_for(poster)
        membership = poster_organisation.memberships.get(user=colleague)

        handed = client.post(
            url("partnerbourse:member_role", poster_organisation.pk, membership.pk),
            {"role": "admin"},
            follow=True,
        )
        assert "Cleo Colleague is now an administrator." in main_text(handed)
        deleted = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

        assert deleted.status_code == 302
        assert not is_logged_in(client)
        assert not User.objects.get(pk=poster.pk).is_active
        assert list(poster_organisation.memberships.values_list("user", "role")) == [
            (colleague.pk, MembershipRole.ADMIN)
        ]
        listing.refresh_from_db()
        assert listing.status == ListingStatus.PUBLISHED
        assert on_the_board(listing)
        assert Client().get(listing.get_absolute_url()).status_code == 200
        assert Client().get(poster_organisation.get_absolute_url()).status_code == 200

    def test_an_accepted_admin_invitation_is_a_hand_over_too(
        self, board, poster, poster_organisation, listing
    ):
        newcomer = UserFactory(email="newcomer@museum.example")
        invitation = OrganisationInvitationFactory(
            organisation=poster_organisation, email=newcomer.email, role=MembershipRole.ADMIN
        )
        client_for(newcomer).post(url("partnerbourse:invitation_accept", invitation.token))

        user_delete_account(user=poster)

        assert not User.objects.get(pk=poster.pk).is_active
        assert on_the_board(listing)


def test_with_a_second_admin_deletion_is_allowed_and_listings_stay(
    board, poster, poster_organisation, listing
):
    OrganisationMembershipFactory(
        organisation=poster_organisation, user=UserFactory(), role=MembershipRole.ADMIN
    )
    client = client_for(poster)
    assert 'name="password"' in client.get(PRIVACY_URL).content.decode()

    response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert not User.objects.get(pk=poster.pk).is_active
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.contact_person is None
    assert on_the_board(listing)
    assert Client().get(poster_organisation.get_absolute_url()).status_code == 200


class TestClosing:
    @pytest.fixture
    def listings(self, poster_organisation, listing):
        """A listing in each status; the published one is on the board."""
        others = {
            status: ListingFactory(
                organisation=poster_organisation, status=status, title=f"A {status} listing"
            )
            for status in (
                ListingStatus.DRAFT,
                ListingStatus.PENDING,
                ListingStatus.PAUSED,
                ListingStatus.FILLED,
                ListingStatus.EXPIRED,
            )
        }
        return {ListingStatus.PUBLISHED: listing, **others}

    def test_the_page_says_what_closing_does(self, board, poster, poster_organisation, listings):
        response = client_for(poster).get(
            url("partnerbourse:organisation_close", poster_organisation.pk)
        )

        assert response.status_code == 200
        text = main_text(response)
        assert "Close Poster Museum" in text
        assert "Its 6 listings are withdrawn" in text
        assert "cannot be undone" in text
        # Nothing happens on a GET.
        assert on_the_board(listings[ListingStatus.PUBLISHED])

    def test_closing_withdraws_every_listing(
        self, board, poster, poster_organisation, colleague, listings
    ):
        published = listings[ListingStatus.PUBLISHED]
        filled = listings[ListingStatus.FILLED]
        assert Client().get(filled.get_absolute_url()).status_code == 200  # a public archive
        OrganisationInvitationFactory(organisation=poster_organisation)
        client = client_for(poster)

        response = client.post(
            url("partnerbourse:organisation_close", poster_organisation.pk),
            {"next": PRIVACY_URL},
            follow=True,
        )

        assert response.redirect_chain[-1][0] == PRIVACY_URL
        assert "Poster Museum was closed and its listings withdrawn." in main_text(response)
        for listing in listings.values():
            listing.refresh_from_db()
            assert listing.status == ListingStatus.WITHDRAWN
            change = listing.status_changes.first()
            assert (change.action, change.actor) == (ListingAction.WITHDRAWN, poster)
        # Off the board, and no page left for the public, nor for the former members.
        assert not on_the_board(published)
        for listing in listings.values():
            assert Client().get(listing.get_absolute_url()).status_code == 404
            assert client.get(listing.get_absolute_url()).status_code == 404
            assert client_for(colleague).get(listing.get_absolute_url()).status_code == 404
        assert Client().get(poster_organisation.get_absolute_url()).status_code == 404
        assert not OrganisationMembership.objects.filter(organisation=poster_organisation).exists()
        assert not OrganisationInvitation.objects.filter(organisation=poster_organisation).exists()
        assert Organisation.objects.get(pk=poster_organisation.pk).is_closed

    def test_after_closing_the_account_can_be_deleted(
        self, board, poster, poster_organisation, listing
    ):
        client = client_for(poster)
        client.post(url("partnerbourse:organisation_close", poster_organisation.pk))

        assert 'name="password"' in client.get(PRIVACY_URL).content.decode()
        response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

        assert response.status_code == 302
        assert not User.objects.get(pk=poster.pk).is_active
        listing.refresh_from_db()
        assert listing.status == ListingStatus.WITHDRAWN

    def test_a_closed_organisation_is_no_longer_suggested(
        self, poster, poster_organisation, outsider
    ):
        theirs = outsider.partner_memberships.get().organisation
        # The outsider's archive looks for a partner in the poster's country.
        ListingFactory(organisation=theirs, countries_wanted=[poster_organisation.country])
        assert poster_organisation in [s.item for s in suggested_organisations(organisation=theirs)]

        client_for(poster).post(url("partnerbourse:organisation_close", poster_organisation.pk))

        assert poster_organisation not in [
            s.item for s in suggested_organisations(organisation=theirs)
        ]

    def test_only_an_admin_may_close(self, board, poster_organisation, colleague, listing):
        close = url("partnerbourse:organisation_close", poster_organisation.pk)
        member = client_for(colleague)

        assert member.get(close).status_code == 403
        assert member.post(close).status_code == 403

        listing.refresh_from_db()
        assert listing.status == ListingStatus.PUBLISHED
        assert not Organisation.objects.get(pk=poster_organisation.pk).is_closed

    def test_an_unsafe_next_address_is_ignored(self, board, poster, poster_organisation):
        response = client_for(poster).post(
            url("partnerbourse:organisation_close", poster_organisation.pk),
            {"next": "https://evil.example/"},
        )

        assert response.status_code == 302
        assert response["Location"] == url("partnerbourse:dashboard")


class TestTheLastAdminCannotStepDownOtherwise:
    def test_leaving_is_refused(self, board, poster, poster_organisation, colleague, listing):
        mine = poster_organisation.memberships.get(user=poster)
        client = client_for(poster)

        response = client.post(
            url("partnerbourse:member_remove", poster_organisation.pk, mine.pk), follow=True
        )

        assert LAST_ADMIN in main_text(response)
        assert_untouched(poster, listing)

    def test_stepping_down_to_member_is_refused(self, board, poster, poster_organisation):
        mine = poster_organisation.memberships.get(user=poster)

        response = client_for(poster).post(
            url("partnerbourse:member_role", poster_organisation.pk, mine.pk),
            {"role": "member"},
            follow=True,
        )

        assert LAST_ADMIN in main_text(response)
        mine.refresh_from_db()
        assert mine.role == MembershipRole.ADMIN

    def test_with_another_admin_stepping_down_and_leaving_work(
        self, board, poster, poster_organisation, colleague
    ):
        client = client_for(poster)
        theirs = poster_organisation.memberships.get(user=colleague)
        mine = poster_organisation.memberships.get(user=poster)
        client.post(
            url("partnerbourse:member_role", poster_organisation.pk, theirs.pk), {"role": "admin"}
        )

        client.post(
            url("partnerbourse:member_role", poster_organisation.pk, mine.pk), {"role": "member"}
        )
        mine.refresh_from_db()
        assert mine.role == MembershipRole.MEMBER
        # Now a plain member, the poster may leave (and the colleague stays admin).
        client.post(url("partnerbourse:member_remove", poster_organisation.pk, mine.pk))
        assert list(poster_organisation.memberships.values_list("user", "role")) == [
            (colleague.pk, MembershipRole.ADMIN)
        ]

    def test_a_plain_member_cannot_change_roles(self, board, poster_organisation, colleague):
        mine = poster_organisation.memberships.get(user=colleague)

        response = client_for(colleague).post(
            url("partnerbourse:member_role", poster_organisation.pk, mine.pk), {"role": "admin"}
        )

        assert response.status_code == 404
        mine.refresh_from_db()
        assert mine.role == MembershipRole.MEMBER

    def test_an_unknown_role_is_refused(self, board, poster, poster_organisation, colleague):
        theirs = poster_organisation.memberships.get(user=colleague)

        response = client_for(poster).post(
            url("partnerbourse:member_role", poster_organisation.pk, theirs.pk),
            {"role": "owner"},
            follow=True,
        )

        assert "Choose a role." in main_text(response)
        theirs.refresh_from_db()
        assert theirs.role == MembershipRole.MEMBER

    def test_the_members_page_offers_the_hand_over(
        self, board, poster, poster_organisation, colleague
    ):
        response = client_for(poster).get(
            url("partnerbourse:organisation_members", poster_organisation.pk)
        )

        text = main_text(response)
        assert "You are the only administrator." in text
        assert "Make administrator Cleo Colleague" in text
        assert "Close Poster Museum" in text
        html = response.content.decode()
        theirs = poster_organisation.memberships.get(user=colleague)
        role_url = url("partnerbourse:member_role", poster_organisation.pk, theirs.pk)
        assert f'action="{role_url}"' in html
