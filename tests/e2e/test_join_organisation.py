"""A person finds a verified organisation in the directory and asks to join it; one of its
administrators approves the request in the member area, and the person is then a member.

Each side hears by e-mail, and the directory and profile never show a member's address.
"""

from django.core import mail

import pytest
from playwright.sync_api import expect

from cms.users.factories import UserFactory
from partnerbourse.factories import OrganisationFactory, OrganisationMembershipFactory
from partnerbourse.models import JoinRequest, JoinRequestStatus, MembershipRole

from .test_partner_journey import expect_message, log_in

MESSAGE = "I look after the photograph collection and would like to post our calls."


@pytest.fixture
def archive(home_page):
    OrganisationFactory(name="Lisbon Tile Museum", country="PT", verified=True)
    OrganisationFactory(name="Unchecked Fjord Archive", country="NO")
    return OrganisationFactory(
        name="Fjord Heritage Archive", country="NO", city="Bergen", verified=True
    )


@pytest.fixture
def archive_admin(archive):
    user = UserFactory(email="anna.admin@fjord-archive.example", display_name="Anna Aas")
    OrganisationMembershipFactory(organisation=archive, user=user, role=MembershipRole.ADMIN)
    return user


@pytest.fixture
def person(home_page):
    return UserFactory(email="nils.newcomer@example.org", display_name="Nils Nygaard")


def test_find_ask_to_join_and_be_approved(archive, archive_admin, person, new_page, screenshot):
    # The person finds the archive in the directory, filtered by country.
    nils = new_page()
    log_in(nils, person)
    nils.goto("/en/partners/")
    nils.get_by_role("link", name="Browse organisations").click()
    expect(nils.get_by_role("heading", level=1)).to_have_text("Organisations")
    expect(nils.get_by_role("main")).not_to_contain_text("Unchecked Fjord Archive")
    nils.get_by_label("Country").select_option(label="Norway")
    nils.get_by_role("button", name="Apply filters").click()
    expect(nils.get_by_role("heading", name="1 verified organisation")).to_be_visible()
    expect(nils.get_by_role("main")).not_to_contain_text("Lisbon Tile Museum")
    screenshot(nils, "directory")
    assert archive_admin.email not in nils.content()
    nils.get_by_role("link", name="Fjord Heritage Archive").click()
    expect(nils.get_by_role("heading", level=1)).to_have_text("Fjord Heritage Archive")
    assert archive_admin.email not in nils.content()

    # They ask to join, with a short message.
    nils.get_by_label("Message to the administrators").fill(MESSAGE)
    nils.get_by_role("button", name="Ask to join").click()
    expect_message(nils, "Your request was sent.")
    expect(nils.get_by_text("have not answered yet")).to_be_visible()
    screenshot(nils, "request-pending")
    join_request = JoinRequest.objects.get(user=person, organisation=archive)
    assert join_request.status == JoinRequestStatus.PENDING
    assert [message.to for message in mail.outbox] == [[archive_admin.email]]
    assert MESSAGE in mail.outbox[0].body

    # The admin approves it in the member area.
    anna = new_page()
    log_in(anna, archive_admin)
    anna.goto(f"/en/partners/my/organisations/{archive.pk}/members/")
    requests = anna.get_by_role("region", name="Requests to join")
    expect(requests).to_contain_text(MESSAGE)
    screenshot(anna, "requests-to-join")
    requests.get_by_role("button", name="Approve Nils Nygaard").click()
    expect_message(anna, "Nils Nygaard is now a member.")
    expect(anna.get_by_role("region", name="Members")).to_contain_text("Nils Nygaard")

    # The person is a member now, and was told so.
    assert archive.memberships.filter(user=person, role=MembershipRole.MEMBER).exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert [message.to for message in mail.outbox] == [[archive_admin.email], [person.email]]
    nils.reload()
    expect(nils.get_by_text("You are a member of this organisation.")).to_be_visible()
