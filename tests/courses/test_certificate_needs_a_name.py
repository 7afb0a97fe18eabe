"""A certificate prints the learner's name: an account without one (from before sign-up asked for
it) completes the course, and gets its certificate from the dashboard once it has a name."""

import datetime as dt

from django.core import mail
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from courses.models import Certificate, ModuleProgress
from courses.services.completion import course_completion_update
from courses.services.enrolment import enrolment_create

COMPLETED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def nameless(client, course, modules):
    user = UserFactory(display_name="", first_name="", last_name="")
    enrolment_create(user=user, course=course)
    for module in modules:
        ModuleProgress.objects.create(
            user=user,
            module=module,
            watched_seconds=module.duration_seconds or 0,
            completed_at=COMPLETED,
        )
    client.force_login(user)
    return user


def test_a_learner_without_a_name_completes_but_the_certificate_waits(client, nameless, course):
    assert course.certificate_template_id
    assert course_completion_update(user=nameless, course=course) is True
    assert not Certificate.objects.filter(user=nameless).exists()
    assert mail.outbox == []

    html = client.get(reverse("courses:dashboard")).content.decode()
    assert reverse("users:profile") in html and "add it on your profile page" in html
    assert "Member" not in html

    response = client.post(reverse("courses:certificate_request", args=[course.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("users:profile")
    assert not Certificate.objects.filter(user=nameless).exists()


def test_once_named_the_learner_gets_the_certificate_with_that_name(client, nameless, course):
    course_completion_update(user=nameless, course=course)
    nameless.display_name = "Ζωή Öztürk"
    nameless.save()

    html = client.get(reverse("courses:dashboard")).content.decode()
    assert "Get your certificate" in html

    response = client.post(reverse("courses:certificate_request", args=[course.pk]))
    assert response.status_code == 302
    certificate = Certificate.objects.get(user=nameless, course=course)
    assert certificate.learner_name == "Ζωή Öztürk"
    assert "Get your certificate" not in client.get(reverse("courses:dashboard")).content.decode()


def test_asking_for_the_certificate_of_an_unfinished_course_issues_nothing(client, course):
    user = UserFactory(display_name="Someone Else")
    enrolment_create(user=user, course=course)
    client.force_login(user)
    client.post(reverse("courses:certificate_request", args=[course.pk]))
    assert not Certificate.objects.filter(user=user).exists()
