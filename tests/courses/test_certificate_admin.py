"""Certificates in the Wagtail admin: listing, searching, inspecting, revoking, reinstating."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from cms.users.factories import UserFactory
from courses.models import Certificate
from courses.services.certificates import certificate_issue


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.fixture
def certificate(course):
    return certificate_issue(user=UserFactory(display_name="Kai Jensen"), course=course)


def test_the_list_shows_certificates_and_searches_by_code_and_course(
    admin_client, certificate, course
):
    other = certificate_issue(user=UserFactory(display_name="Zoe Other"), course=course)

    listing = admin_client.get(reverse("certificates:index"))
    by_code = admin_client.get(reverse("certificates:index"), {"q": certificate.code[:20]})
    by_course = admin_client.get(reverse("certificates:index"), {"q": "Caring"})

    assert listing.status_code == 200
    assert "Kai Jensen" in listing.content.decode()
    assert "Kai Jensen" in by_code.content.decode()
    assert "Zoe Other" not in by_code.content.decode()
    assert {"Kai Jensen", "Zoe Other"} <= {
        name for name in ("Kai Jensen", "Zoe Other") if name in by_course.content.decode()
    }
    assert other.pk != certificate.pk


def test_the_list_runs_a_constant_number_of_queries(
    admin_client, course, django_assert_max_num_queries
):
    for _ in range(3):
        certificate_issue(user=UserFactory(), course=course)
    admin_client.get(reverse("certificates:index"))  # warm caches (site, locales, permissions)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(reverse("certificates:index"))
    for _ in range(12):
        certificate_issue(user=UserFactory(), course=course)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(reverse("certificates:index"))


def test_an_editor_revokes_with_a_reason_and_reinstates(admin_client, certificate, client):
    inspect_url = reverse("certificates:inspect", args=[certificate.pk])
    revoke_url = reverse("certificates:revoke", args=[certificate.pk])
    assert revoke_url in admin_client.get(inspect_url).content.decode()

    without_reason = admin_client.post(revoke_url, {"reason": ""})
    assert without_reason.status_code == 200
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    response = admin_client.post(revoke_url, {"reason": "Completed by someone else"})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revocation_reason == "Completed by someone else"
    assert ModelLogEntry.objects.filter(action="courses.certificate_revoke").count() == 1
    public = client.get(
        reverse("courses:certificate_verify", kwargs={"code": certificate.code})
    ).content.decode()
    assert "Revoked certificate." in public
    assert "Completed by someone else" in public

    reinstate_url = reverse("certificates:reinstate", args=[certificate.pk])
    assert admin_client.post(reinstate_url).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert certificate.revocation_reason == ""


def test_the_certified_facts_cannot_be_edited_or_deleted(admin_client, certificate):
    inspect = admin_client.get(reverse("certificates:inspect", args=[certificate.pk]))

    assert inspect.status_code == 200
    assert "Kai Jensen" in inspect.content.decode()
    assert f"/admin/certificates/edit/{certificate.pk}/" not in inspect.content.decode()
    assert admin_client.get(f"/admin/certificates/edit/{certificate.pk}/").status_code == 404
    assert admin_client.get(f"/admin/certificates/delete/{certificate.pk}/").status_code == 404
    assert admin_client.get("/admin/certificates/new/").status_code == 404


def test_revoking_needs_the_change_permission(client, certificate):
    viewer = UserFactory()
    group = Group.objects.create(name="Certificate viewers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_certificate"),
    )
    viewer.groups.add(group)
    client.force_login(viewer)

    assert client.get(reverse("certificates:index")).status_code == 200
    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "No right to"}
    )

    assert response.status_code in (302, 403)
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_certificate_templates_are_snippets(admin_client, course):
    template = course.certificate_template
    response = admin_client.get(
        reverse("wagtailsnippets_courses_certificatetemplate:edit", args=[template.pk])
    )

    assert response.status_code == 200
    assert "Heritage Hub Academy" in response.content.decode()


def test_the_editors_group_can_revoke_certificates(client, certificate):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert client.get(reverse("certificates:index")).status_code == 200
    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Issued in error"}
    )

    assert response.status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is not None
