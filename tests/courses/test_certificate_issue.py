"""Issuing certificates: exactly once per learner and course, also under concurrency."""

import threading

from django.db import IntegrityError, connection

import pytest

import courses.services.certificates as certificate_services
from cms.users.factories import UserFactory
from courses.models import Certificate
from courses.services.certificates import certificate_issue

THREADS = 8

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent transactions need PostgreSQL; run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/hh_<name>",
)


def test_a_certificate_is_issued_once_with_a_long_url_safe_code(course, user):
    first = certificate_issue(user=user, course=course)
    second = certificate_issue(user=user, course=course)

    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert len(first.code) >= 43  # 256 random bits
    assert first.code.replace("-", "").replace("_", "").isalnum()
    assert first.course_title == course.title
    assert first.issuer_name == course.certificate_template.issuer_name


def test_codes_differ_between_certificates(course):
    codes = {certificate_issue(user=UserFactory(), course=course).code for _ in range(20)}

    assert len(codes) == 20


def test_a_translation_of_the_course_issues_the_same_certificate(course, user, locales):
    german = course.copy_for_translation(locales["de"], copy_parents=True, alias=False)

    first = certificate_issue(user=user, course=german, language="de")
    second = certificate_issue(user=user, course=course, language="en")

    assert first.pk == second.pk
    assert first.course_id == course.pk
    assert first.language == "de"


def test_an_unknown_language_falls_back_to_the_default(course, user):
    assert certificate_issue(user=user, course=course, language="xx").language == "en"


def test_a_lost_race_returns_the_winners_certificate(course, user, monkeypatch):
    """Staged on any database: another request issued after our check that found none."""
    winner = certificate_issue(user=user, course=course)
    original_filter = Certificate.objects.filter
    calls = []

    def filter_that_missed_the_winner(*args, **kwargs):
        calls.append(kwargs)
        monkeypatch.setattr(Certificate.objects, "filter", original_filter)
        return Certificate.objects.none()

    monkeypatch.setattr(Certificate.objects, "filter", filter_that_missed_the_winner)

    certificate = certificate_issue(user=user, course=course)

    assert calls  # the check ran, found nothing, and the insert hit the constraint
    assert certificate.pk == winner.pk
    assert Certificate.objects.filter(user=user).count() == 1


def test_the_database_refuses_a_second_certificate(course, user):
    certificate_issue(user=user, course=course)

    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            code="x" * 43,
            user=user,
            course=course,
            course_title="Copy",
            cpd_hours=1,
            issuer_name="Someone",
            language="en",
            issued_at=certificate_services.timezone.now(),
        )


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_completions_issue_exactly_one_certificate(course, user):
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def issue():
        try:
            barrier.wait(timeout=10)
            results.append(certificate_issue(user=user, course=course).pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == THREADS
    assert len(set(results)) == 1
    assert Certificate.objects.filter(user=user, course=course).count() == 1
