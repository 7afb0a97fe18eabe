"""Course data in a person's data download and in account deletion."""

import json

from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from cms.users.selectors import user_personal_data
from cms.users.services import user_delete_account
from courses.factories import QuizQuestionFactory
from courses.models import Certificate, Enrolment, ModuleProgress, QuizAnswer, QuizAttempt
from courses.selectors.certificates import learner_course_data
from courses.services.certificates import (
    certificate_issue,
    certificate_pdf_get,
    certificate_pdf_storage_name,
)


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Anna Bianchi")


@pytest.fixture
def records(course, modules, learner):
    """A learner who enrolled, watched, answered a quiz and got the certificate."""
    question = QuizQuestionFactory(page=modules[0], text="Which light level suits paper?")
    Enrolment.objects.create(user=learner, course=course)
    ModuleProgress.objects.create(
        user=learner, module=modules[0], watched_intervals=[[0, 300]], watched_seconds=300
    )
    attempt = QuizAttempt.objects.create(
        user=learner, module=modules[0], number=1, question_ids=[question.pk]
    )
    QuizAnswer.objects.create(attempt=attempt, question=question, choice_ids=["a"])
    certificate = certificate_issue(user=learner, course=course, language="it")
    return {"attempt": attempt, "certificate": certificate}


def test_the_data_download_contains_the_course_records(records, learner):
    data = user_personal_data(user=learner)["courses"]

    assert [e["course"] for e in data["enrolments"]] == ["Caring for collections"]
    assert data["module_progress"][0]["watched_intervals"] == [[0, 300]]
    assert data["module_progress"][0]["module"] == "Module one"
    (attempt,) = data["quiz_attempts"]
    assert attempt["number"] == 1
    assert attempt["answers"][0]["question"] == "Which light level suits paper?"
    assert attempt["answers"][0]["chosen_choices"] == ["a"]
    (certificate,) = data["certificates"]
    assert certificate["code"] == records["certificate"].code
    assert certificate["learner_name"] == "Anna Bianchi"
    assert certificate["verification_url"].endswith(
        f"/it/certificates/{records['certificate'].code}/"
    )
    json.dumps(data)  # JSON-ready as it is


def test_the_download_does_not_contain_other_learners_records(records, course):
    other = UserFactory()

    data = user_personal_data(user=other)["courses"]

    assert data == {
        "enrolments": [],
        "module_progress": [],
        "quiz_attempts": [],
        "certificates": [],
    }


def test_the_export_runs_a_constant_number_of_queries(
    records, learner, modules, django_assert_num_queries
):
    learner_course_data(user=learner)  # warm the site and locale caches
    with CaptureQueriesContext(connection) as few:
        learner_course_data(user=learner)
    for number in range(2, 8):
        attempt = QuizAttempt.objects.create(user=learner, module=modules[1], number=number)
        QuizAnswer.objects.create(attempt=attempt, choice_ids=[])

    with django_assert_num_queries(len(few.captured_queries)):
        data = learner_course_data(user=learner)
    assert len(data["quiz_attempts"]) == 7


def test_account_deletion_erases_records_and_keeps_the_certificate_checkable(
    client, records, learner, django_capture_on_commit_callbacks
):
    certificate = records["certificate"]
    certificate_pdf_get(certificate=certificate)  # a stored PDF, which prints the name
    pdf_name = certificate_pdf_storage_name(certificate=certificate)
    assert default_storage.exists(pdf_name)

    with django_capture_on_commit_callbacks(execute=True):
        user_delete_account(user=learner)

    assert not Enrolment.objects.filter(user=learner).exists()
    assert not ModuleProgress.objects.filter(user=learner).exists()
    assert not QuizAttempt.objects.filter(user=learner).exists()
    assert not QuizAnswer.objects.exists()
    certificate.refresh_from_db()
    assert certificate.user_id is None
    assert certificate.learner_name == ""
    assert not default_storage.exists(pdf_name)

    page = client.get(
        reverse("courses:certificate_verify", kwargs={"code": certificate.code})
    ).content.decode()
    # Still says what was issued and when, but no longer vouches for a person.
    assert "Valid certificate." not in page
    assert "Holder's account deleted." in page
    assert "Name removed at the learner" in page
    assert "Anna Bianchi" not in page
    assert Certificate.objects.filter(learner_name="Anna Bianchi").count() == 0
