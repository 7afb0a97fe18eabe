"""A class on the default SQLite install submits its quiz and reports progress at once, and
nobody gets a 500 "database is locked".

SQLite writes one transaction at a time; the settings (``sqlite_for_concurrent_writes`` in
cms/settings/base.py) make writers wait their turn instead of failing. The requests use a copy
of the test database in a file (tests/concurrency.py).
"""

import json
import sqlite3

from django.db import connection
from django.test import Client

import pytest

from cms.users.factories import UserFactory
from courses.factories import QuizQuestionFactory
from courses.models import Enrolment, QuestionKind
from tests.concurrency import all_at_once, threads_use_a_file_database

LEARNERS = 20

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only"),
    # The copy must hold the set-up, so it is committed; serialized_rollback restores the
    # locales and root page that migrations create.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def questions(module):
    module.quiz_max_attempts = 0
    module.save()
    return [
        QuizQuestionFactory(
            page=module, kind=QuestionKind.TRUE_FALSE, true_false_answer=True, choices=[]
        )
        for _ in range(3)
    ]


@pytest.fixture
def learners(course):
    clients = []
    for number in range(LEARNERS):
        user = UserFactory(email=f"learner-{number}@example.org")
        Enrolment.objects.create(user=user, course=course)
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def file_database(tmp_path, monkeypatch):
    return threads_use_a_file_database(tmp_path, monkeypatch)


def take_quiz_and_report_progress(client, module, questions) -> list[int]:
    started = client.post(f"/en/learning/quiz/{module.pk}/start/")
    attempt_page = started.headers.get("Location", "")
    answers = {f"q_{question.pk}": "true" for question in questions}
    submitted = client.post(f"{attempt_page}submit/", answers)
    progress = client.post(
        f"/en/learning/modules/{module.pk}/progress/",
        json.dumps({"intervals": [[0, 5]], "position": 5}),
        content_type="application/json",
    )
    return [started.status_code, submitted.status_code, progress.status_code]


def test_a_class_submits_its_quiz_at_once(module, questions, learners, file_database):
    statuses, errors = all_at_once(
        lambda client: take_quiz_and_report_progress(client, module, questions), learners
    )

    assert errors == []
    assert statuses == [[302, 302, 200]] * LEARNERS
    with sqlite3.connect(file_database) as database:
        submitted = database.execute(
            "SELECT count(*) FROM courses_quizattempt WHERE submitted_at IS NOT NULL"
        ).fetchone()[0]
        progress = database.execute("SELECT count(*) FROM courses_moduleprogress").fetchone()[0]
        journal_mode = database.execute("PRAGMA journal_mode").fetchone()[0]
    assert submitted == LEARNERS
    assert progress == LEARNERS
    assert journal_mode == "wal"
