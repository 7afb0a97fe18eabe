"""Posting and managing listings: only members of the owning organisation, by URL or by form
tampering; forms keep what was typed; closing date defaults to the call deadline."""

import datetime

from django.utils import timezone

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import (
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ThemeFactory,
)
from partnerbourse.models import Listing, ListingStatus


def form_data(user, **overrides):
    data = {
        "kind": "partner_request",
        "title": "Hosts for a travelling exhibition",
        "description": "Our exhibition on **fishing villages** travels in 2027.",
        "language": "en",
        "programme": "creative_europe",
        "action": "European cooperation projects",
        "closing_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "countries_wanted": ["IT", "PL"],
        "working_languages": ["en"],
        "contact_person": str(user.pk),
    }
    data.update(overrides)
    return data


def test_member_creates_a_listing_for_their_organisation(client, member, organisation, board_site):
    theme = ThemeFactory()
    client.force_login(member)

    response = client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        form_data(member, themes=[str(theme.pk)]),
    )

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.organisation == organisation
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.created_by == member
    assert listing.countries_wanted == ["IT", "PL"]
    assert list(listing.themes.all()) == [theme]


def test_save_as_draft(client, member, organisation, board_site):
    client.force_login(member)
    client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        {**form_data(member), "save_draft": "1"},
    )
    assert Listing.objects.get().status == ListingStatus.DRAFT


def test_closing_date_defaults_to_the_programme_deadline(client, member, organisation, board_site):
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    client.force_login(member)

    client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        form_data(member, closing_date="", programme_deadline=deadline.isoformat()),
    )

    assert Listing.objects.get().closing_date == deadline


def test_invalid_form_rerenders_with_errors_and_keeps_input(
    client, member, organisation, board_site
):
    client.force_login(member)
    response = client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        form_data(member, title="", closing_date="", description="Keep this text please"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert not Listing.objects.exists()
    assert "Keep this text please" in page
    assert 'id="id_title_error"' in page
    assert "call deadline" in page


def test_non_member_cannot_post_for_an_organisation(client, organisation, board_site):
    outsider = UserFactory()
    client.force_login(outsider)

    response = client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/", form_data(outsider)
    )

    assert response.status_code == 404
    assert not Listing.objects.exists()


def test_organisation_field_in_post_is_ignored(client, member, organisation, board_site):
    """A member of A adding ``organisation=<B>`` to the form still posts for A."""
    other = OrganisationFactory(name="Other museum")
    client.force_login(member)

    client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        {**form_data(member), "organisation": str(other.pk), "status": "published"},
    )

    assert Listing.objects.get().organisation == organisation
    assert not other.listings.exists()


def test_contact_person_must_be_a_member(client, member, organisation, board_site):
    outsider = UserFactory()
    client.force_login(member)

    response = client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        form_data(member, contact_person=str(outsider.pk)),
    )

    assert response.status_code == 200
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/en/partners/my/listings/{pk}/"),
        ("get", "/en/partners/my/listings/{pk}/edit/"),
        ("post", "/en/partners/my/listings/{pk}/edit/"),
        ("post", "/en/partners/my/listings/{pk}/pause/"),
        ("post", "/en/partners/my/listings/{pk}/withdraw/"),
        ("post", "/en/partners/my/listings/{pk}/fill/"),
        ("post", "/en/partners/my/listings/{pk}/extend/"),
    ],
)
def test_other_organisations_listings_answer_404(client, member, board_site, method, path):
    foreign = ListingFactory(title="Someone else's listing")
    client.force_login(member)

    response = getattr(client, method)(
        path.format(pk=foreign.pk), form_data(member, title="Hijacked")
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Someone else's listing"
    assert foreign.status == ListingStatus.PUBLISHED


def test_member_area_needs_login(client, board_site):
    listing = ListingFactory()
    response = client.get(f"/en/partners/my/listings/{listing.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_any_member_edits_and_acts_on_listings(client, organisation, board_site):
    colleague = OrganisationMembershipFactory(organisation=organisation).user
    listing = ListingFactory(organisation=organisation, title="Before")
    client.force_login(colleague)

    edit = client.post(
        f"/en/partners/my/listings/{listing.pk}/edit/",
        form_data(colleague, title="After", countries_wanted=["DK"]),
    )
    listing.refresh_from_db()
    assert edit.status_code == 302
    assert listing.title == "After"
    assert listing.countries_wanted == ["DK"]

    client.post(f"/en/partners/my/listings/{listing.pk}/pause/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PAUSED
    client.post(f"/en/partners/my/listings/{listing.pk}/resume/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    client.post(f"/en/partners/my/listings/{listing.pk}/fill/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.FILLED
    # Filled listings are archived: no more edits or withdrawal, and nothing is deleted.
    client.post(f"/en/partners/my/listings/{listing.pk}/withdraw/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.FILLED
    assert [c.action for c in listing.status_changes.order_by("pk")] == [
        "paused",
        "resumed",
        "filled",
    ]


def test_withdraw_keeps_the_listing(client, member, organisation, board_site):
    listing = ListingFactory(organisation=organisation)
    client.force_login(member)

    client.post(f"/en/partners/my/listings/{listing.pk}/withdraw/")

    listing.refresh_from_db()
    assert listing.status == ListingStatus.WITHDRAWN
    assert client.get(listing.get_absolute_url()).status_code == 200  # member preview
    client.logout()
    assert client.get(listing.get_absolute_url()).status_code == 404


def test_actions_need_post(client, member, organisation, board_site):
    listing = ListingFactory(organisation=organisation)
    client.force_login(member)
    assert client.get(f"/en/partners/my/listings/{listing.pk}/pause/").status_code == 405
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED


def test_closing_date_in_the_past_is_refused(client, member, organisation, board_site):
    client.force_login(member)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        form_data(member, closing_date=yesterday.isoformat()),
    )
    assert response.status_code == 200
    assert "cannot be in the past" in response.content.decode()
    assert not Listing.objects.exists()


def test_listing_creation_is_rate_limited(client, member, organisation, board_site, settings):
    client.force_login(member)
    url = f"/en/partners/my/organisations/{organisation.pk}/listings/new/"
    statuses = [client.post(url, form_data(member)).status_code for _ in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_description_is_sanitised_on_the_public_page(client, board_site):
    listing = ListingFactory(
        description=(
            "**Bold** and a [link](https://example.org).\n\n"
            "<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
            "[bad](javascript:alert(3))\n\n# Not a page heading"
        )
    )

    page = client.get(listing.get_absolute_url()).content.decode()

    assert "<strong>Bold</strong>" in page
    assert 'href="https://example.org"' in page
    assert 'rel="nofollow noopener noreferrer ugc"' in page
    # Raw HTML is shown as text, never as markup.
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript:' not in page
    assert "<h1>Not a page heading</h1>" not in page


def test_listing_is_labelled_with_its_language(client, board_site):
    listing = ListingFactory(title="Vi søger partnere", language="da")

    page = client.get(listing.get_absolute_url()).content.decode()

    assert 'lang="da"' in page
    assert "Written in Danish" in page
