"""A certificate whose holder deleted their account no longer vouches for a person.

Account deletion erases the name and cuts the link to the account (``cms.users`` calls the
courses app through the ``erase_personal_data`` hook). The verification page then says what
was issued, when, and that it can no longer be tied to anyone, never "Valid"; the signed status
list that Open Badges credentials point to agrees by setting the certificate's bit, so a badge
downloaded before the deletion no longer checks out either.
"""

import base64
import gzip
import importlib
import json
from urllib.parse import urlsplit

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from cms.users.factories import UserFactory
from cms.users.services import user_delete_account
from courses.credentials import credential_verify, public_key_from_multibase
from courses.models import Certificate, CredentialStatusList
from courses.services.certificates import (
    certificate_issue,
    certificate_pdf_get,
    certificate_pdf_storage_name,
    certificate_reinstate,
    certificate_revoke,
)

HOLDER = "Hedda Holder"


@pytest.fixture
def learner(db):
    return UserFactory(display_name=HOLDER, email="hedda@example.org")


@pytest.fixture
def certificate(course, learner):
    return certificate_issue(user=learner, course=course, language="en")


def verify_page(certificate: Certificate, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("courses:certificate_verify", kwargs={"code": certificate.code})
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def download_credential(certificate: Certificate) -> dict:
    client = Client()
    client.force_login(certificate.user)
    response = client.get(
        reverse("courses:certificate_credential", kwargs={"code": certificate.code})
    )
    assert response.status_code == 200
    return json.loads(response.content)


def fetch(url: str) -> dict:
    response = Client().get(urlsplit(url).path)
    assert response.status_code == 200, url
    return json.loads(response.content)


def status_bit(credential: dict) -> int:
    """The credential's bit in its signed status list, read as an outside verifier would."""
    entry = credential["credentialStatus"]
    status_list = fetch(entry["statusListCredential"])
    issuer = fetch(status_list["proof"]["verificationMethod"].split("#")[0])
    credential_verify(
        status_list,
        public_key=public_key_from_multibase(issuer["verificationMethod"][0]["publicKeyMultibase"]),
    )
    encoded = status_list["credentialSubject"]["encodedList"][1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def delete_account(user, capture) -> None:
    with capture(execute=True):
        user_delete_account(user=user)


# -- The verification page ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de", "it"])
def test_the_page_no_longer_says_valid_and_says_what_it_means(
    certificate, learner, django_capture_on_commit_callbacks, language
):
    # The state's colour class stands in for its words, which are translated.
    assert "message--success" in verify_page(certificate, language)

    delete_account(learner, django_capture_on_commit_callbacks)
    html = verify_page(certificate, language)

    assert "Valid certificate." not in html
    assert "message--success" not in html
    assert "message--warning" in html
    assert HOLDER not in html
    # The facts of the issue stay checkable; the page says what is lost, in words.
    assert certificate.course_title in html
    assert "<time datetime=" in html
    if language == "en":
        assert "Holder's account deleted." in html
        assert "Heritage Hub issued this certificate on" in html
        assert "can no longer be tied to a person" in html
        assert "does not prove anyone's achievement" in html
        assert "Its digital badge (Open Badge) is shown as revoked" in html


def test_a_revocation_still_wins_over_the_deleted_account(
    certificate, learner, django_capture_on_commit_callbacks
):
    certificate_revoke(certificate=certificate, reason="Quiz answered by someone else")
    delete_account(learner, django_capture_on_commit_callbacks)

    html = verify_page(certificate)

    assert "Revoked certificate." in html
    assert "Quiz answered by someone else" in html
    assert "Valid certificate." not in html


def test_reinstating_after_the_deletion_does_not_make_it_valid_again(
    certificate, learner, django_capture_on_commit_callbacks
):
    credential = download_credential(certificate)
    certificate_revoke(certificate=certificate, reason="Issued by mistake")
    delete_account(learner, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_reinstate(certificate=Certificate.objects.get(pk=certificate.pk))

    html = verify_page(certificate)
    assert "Valid certificate." not in html
    assert "Holder's account deleted." in html
    assert status_bit(credential) == 1


def test_other_holders_certificates_stay_valid(
    course, certificate, learner, django_capture_on_commit_callbacks
):
    other = certificate_issue(user=UserFactory(display_name="Olav Other"), course=course)
    others_credential = download_credential(other)

    delete_account(learner, django_capture_on_commit_callbacks)

    assert "Valid certificate." in verify_page(other)
    assert status_bit(others_credential) == 0


def test_the_admin_says_the_holders_account_is_gone(
    client, certificate, learner, django_capture_on_commit_callbacks
):
    delete_account(learner, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(superuser=True))

    inspect = client.get(reverse("certificates:inspect", args=[certificate.pk]))
    listing = client.get(reverse("certificates:index"))

    for response in (inspect, listing):
        assert response.status_code == 200
        assert "Holder&#x27;s account deleted" in response.content.decode()


# -- The Open Badges credential and its status list -----------------------------------------------


def test_a_badge_downloaded_before_the_deletion_no_longer_checks_out(
    certificate, learner, django_capture_on_commit_callbacks
):
    credential = download_credential(certificate)
    assert status_bit(credential) == 0  # and the list is now cached at this revision

    delete_account(learner, django_capture_on_commit_callbacks)

    # Its own signature still holds (the name in it is the holder's copy, not the site's), but
    # the issuer's list now says it is not in good standing, as the verification page does.
    assert status_bit(credential) == 1


def test_the_deletion_publishes_a_new_revision_of_the_list(
    certificate, learner, django_capture_on_commit_callbacks
):
    download_credential(certificate)
    before = CredentialStatusList.objects.get(pk=certificate.status_list_id)

    delete_account(learner, django_capture_on_commit_callbacks)

    after = CredentialStatusList.objects.get(pk=certificate.status_list_id)
    assert after.revision == before.revision + 1
    assert after.changed_at >= before.changed_at


def test_a_rolled_back_deletion_changes_nothing(
    certificate, learner, django_capture_on_commit_callbacks
):
    credential = download_credential(certificate)

    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=False),
        transaction.atomic(),
    ):
        user_delete_account(user=learner)
        raise RuntimeError("the deletion failed half-way")

    assert "Valid certificate." in verify_page(certificate)
    assert status_bit(credential) == 0


def test_no_pdf_or_new_badge_is_handed_out_for_it(
    client, certificate, learner, django_capture_on_commit_callbacks
):
    certificate_pdf_get(certificate=certificate)
    delete_account(learner, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(superuser=True))

    for name in ("courses:certificate_pdf", "courses:certificate_credential"):
        response = client.get(reverse(name, kwargs={"code": certificate.code}))
        assert response.status_code == 404, name
    assert not default_storage.exists(certificate_pdf_storage_name(certificate=certificate))


def test_a_certificate_without_a_status_entry_claims_no_revoked_badge(
    course, learner, django_capture_on_commit_callbacks
):
    # Issued before status lists existed: a badge downloaded then has no status to change.
    certificate = certificate_issue(user=learner, course=course, language="en")
    Certificate.objects.filter(pk=certificate.pk).update(status_list=None, status_list_index=None)

    delete_account(learner, django_capture_on_commit_callbacks)
    html = verify_page(certificate)

    assert "Holder's account deleted." in html
    assert "shown as revoked" not in html


def test_the_migration_moves_lists_with_erased_holders_to_a_new_revision(course):
    kept = certificate_issue(user=UserFactory(), course=course)
    erased = certificate_issue(user=UserFactory(), course=course)
    # Erased before this change, when the list did not count it.
    Certificate.objects.filter(pk=erased.pk).update(user=None, learner_name="")
    before = CredentialStatusList.objects.get(pk=kept.status_list_id).revision

    migration = importlib.import_module("courses.migrations.0009_status_lists_erased_holders")
    migration.status_lists_with_erased_holders_bump(apps, None)

    assert CredentialStatusList.objects.get(pk=kept.status_list_id).revision == before + 1
