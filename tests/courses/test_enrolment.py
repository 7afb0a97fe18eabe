"""Enrolling in and leaving a course, through the service and the course page's forms."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from courses.models import Enrolment, ModuleProgress
from courses.services.enrolment import enrolment_create, enrolment_delete


def test_enrolling_twice_keeps_one_enrolment(course, user):
    first = enrolment_create(user=user, course=course)
    second = enrolment_create(user=user, course=course)

    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=user, course=course).count() == 1


def test_closed_enrolment_is_refused(course, user):
    course.enrolment_open = False
    course.save()

    with pytest.raises(ValidationError):
        enrolment_create(user=user, course=course)
    assert not Enrolment.objects.exists()


def test_an_existing_enrolment_survives_closing(course, user):
    enrolment = enrolment_create(user=user, course=course)
    course.enrolment_open = False
    course.save()

    assert enrolment_create(user=user, course=course).pk == enrolment.pk


def test_unenrolling_keeps_progress_and_enrolling_again_carries_on(course, modules, user):
    enrolment_create(user=user, course=course)
    ModuleProgress.objects.create(user=user, module=modules[0], watched_seconds=120)

    assert enrolment_delete(user=user, course=course) is True
    assert enrolment_delete(user=user, course=course) is False
    assert not Enrolment.objects.exists()
    assert ModuleProgress.objects.get(user=user).watched_seconds == 120


def test_enrolling_again_after_completing_every_module_completes_the_course(course, modules, user):
    enrolment_create(user=user, course=course)
    for module in modules:
        ModuleProgress.objects.create(
            user=user, module=module, watched_seconds=600, completed_at="2026-01-01T10:00Z"
        )
    enrolment_delete(user=user, course=course)

    enrolment = enrolment_create(user=user, course=course)

    assert enrolment.completed_at is not None
    assert user.certificates.count() == 1


def test_a_translation_enrols_in_the_default_language_course(course, user, locales):
    german = course.copy_for_translation(locales["de"], copy_parents=True)
    german.save_revision().publish()

    enrolment = enrolment_create(user=user, course=german)

    assert enrolment.course_id == course.pk


# --- Through the course page ------------------------------------------------------------------


def test_course_page_offers_enrolment_and_the_form_enrols(client, course, user):
    client.force_login(user)
    page_url = course.get_url()

    html = client.get(page_url).content.decode()
    enrol_url = reverse("courses:enrol", args=[course.pk])
    assert f'action="{enrol_url}"' in html

    response = client.post(enrol_url, {"next": page_url})

    assert response.status_code == 302
    assert response["Location"] == page_url
    assert Enrolment.objects.filter(user=user, course=course).exists()
    html = client.get(page_url).content.decode()
    assert "Start: Module one" in html
    assert reverse("courses:unenrol", args=[course.pk]) in html


def test_enrol_form_refuses_closed_enrolment_with_a_message(client, course, user):
    course.enrolment_open = False
    course.save_revision().publish()
    client.force_login(user)

    html = client.get(course.get_url()).content.decode()
    assert reverse("courses:enrol", args=[course.pk]) not in html
    assert "Enrolment in this course is closed." in html

    response = client.post(reverse("courses:enrol", args=[course.pk]), follow=True)
    assert not Enrolment.objects.exists()
    assert "Enrolment in this course is closed." in response.content.decode()


def test_unenrol_form_leaves_the_course(client, course, user):
    enrolment_create(user=user, course=course)
    client.force_login(user)

    response = client.post(reverse("courses:unenrol", args=[course.pk]))

    assert response.status_code == 302
    assert not Enrolment.objects.exists()


def test_enrolment_needs_a_post_a_login_and_a_published_course(client, course, user):
    url = reverse("courses:enrol", args=[course.pk])

    response = client.post(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]

    client.force_login(user)
    assert client.get(url).status_code == 405
    course.unpublish()
    assert client.post(url).status_code == 404
    assert client.post(reverse("courses:enrol", args=[987654])).status_code == 404
    assert not Enrolment.objects.exists()


def test_a_module_id_is_not_a_course(client, modules, user):
    client.force_login(user)

    assert client.post(reverse("courses:enrol", args=[modules[0].pk])).status_code == 404


def test_next_cannot_send_the_learner_to_another_site(client, course, user):
    client.force_login(user)

    response = client.post(
        reverse("courses:enrol", args=[course.pk]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == course.get_url()


def test_csrf_is_required(course, user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("courses:enrol", args=[course.pk]))

    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_one_learner_leaving_does_not_touch_another(course, user):
    other = UserFactory()
    enrolment_create(user=user, course=course)
    enrolment_create(user=other, course=course)

    enrolment_delete(user=other, course=course)

    assert list(Enrolment.objects.values_list("user", flat=True)) == [user.pk]


def test_anonymous_visitors_are_invited_to_log_in(client, course):
    html = client.get(course.get_url()).content.decode()

    assert "Log in to enrol" in html
    assert reverse("courses:enrol", args=[course.pk]) not in html


def test_a_course_restricted_to_a_group_cannot_be_joined_by_its_id(client, course, user):
    from django.contrib.auth.models import Group

    from wagtail.models import PageViewRestriction

    staff = Group.objects.create(name="Museum staff")
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(staff)
    client.force_login(user)

    assert client.post(reverse("courses:enrol", args=[course.pk])).status_code == 404

    user.groups.add(staff)
    assert client.post(reverse("courses:enrol", args=[course.pk])).status_code == 302
    assert Enrolment.objects.filter(user=user, course=course).exists()
