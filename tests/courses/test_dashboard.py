"""The learner's dashboard: courses with progress and resume links, CPD hours, certificates."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from cms.users.factories import UserFactory
from courses.factories import CoursePageFactory, ModulePageFactory, QuizQuestionFactory
from courses.models import Certificate, Enrolment, ModuleProgress
from courses.services.certificates import certificate_issue
from courses.services.enrolment import enrolment_create

COMPLETED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def dashboard_url():
    return reverse("courses:dashboard")


@pytest.fixture
def learner(client, user):
    client.force_login(user)
    return user


def complete(user, course):
    for module in course.get_children().specific():
        ModuleProgress.objects.update_or_create(
            user=user, module=module, defaults={"watched_seconds": 600, "completed_at": COMPLETED}
        )
    Enrolment.objects.filter(user=user, course=course).update(completed_at=COMPLETED)


def test_dashboard_needs_a_login(client, dashboard_url):
    response = client.get(dashboard_url)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_dashboard_without_courses(client, learner, dashboard_url):
    html = client.get(dashboard_url).content.decode()

    assert "You are not enrolled in any course yet." in html
    assert "CPD hours earned: 0" in html


def test_dashboard_shows_progress_and_resume_link(client, learner, course, modules, dashboard_url):
    enrolment_create(user=learner, course=course)
    ModuleProgress.objects.create(
        user=learner, module=modules[0], watched_seconds=600, completed_at=COMPLETED
    )
    ModuleProgress.objects.create(
        user=learner, module=modules[1], watched_seconds=60, position_seconds=60
    )

    html = client.get(dashboard_url).content.decode()

    assert f'href="{course.get_url()}">Caring for collections</a>' in html
    assert "1 of 2 required modules complete" in html
    assert '<progress class="progress-meter__bar" max="100" value="50"' in html
    assert f'href="{modules[1].get_url()}">Resume: Module two</a>' in html
    assert "CPD hours earned: 0" in html


def test_completed_courses_earn_cpd_hours_and_list_certificates(
    client, learner, course, dashboard_url
):
    second = CoursePageFactory(parent=course.get_parent(), title="Digitisation", cpd_hours=1.5)
    ModulePageFactory(parent=second)
    unfinished = CoursePageFactory(parent=course.get_parent(), title="Loans", cpd_hours=10)
    ModulePageFactory(parent=unfinished)
    for each in (course, second, unfinished):
        enrolment_create(user=learner, course=each)
    complete(learner, course)
    complete(learner, second)
    certificate = certificate_issue(user=learner, course=course)

    html = client.get(dashboard_url).content.decode()

    assert "CPD hours earned: 4.5" in html
    assert "Completed on" in html
    assert reverse("courses:certificate_pdf", args=[certificate.code]) in html
    assert reverse("courses:certificate_verify", args=[certificate.code]) in html
    assert reverse("courses:certificate_credential", args=[certificate.code]) in html
    assert "Valid" in html


def test_revoked_and_expired_certificates_say_so(client, learner, course, dashboard_url):
    certificate = certificate_issue(user=learner, course=course)
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=timezone.now(), revocation_reason="Issued in error"
    )
    assert "Revoked" in client.get(dashboard_url).content.decode()

    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=None, expires_at=timezone.now() - dt.timedelta(days=1)
    )
    assert "Expired" in client.get(dashboard_url).content.decode()


def test_dashboard_shows_only_my_courses_and_certificates(client, course, dashboard_url):
    other = UserFactory()
    enrolment_create(user=other, course=course)
    theirs = certificate_issue(user=other, course=course)
    me = UserFactory()
    client.force_login(me)

    html = client.get(dashboard_url).content.decode()

    assert "Caring for collections" not in html
    assert theirs.code not in html


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_dashboard_queries_do_not_grow_with_courses(client, learner, course, dashboard_url):
    def add_course(title):
        new = CoursePageFactory(parent=course.get_parent(), title=title)
        for n in range(3):
            module = ModulePageFactory(parent=new, title=f"{title} {n}")
            QuizQuestionFactory(page=module)
            ModuleProgress.objects.create(user=learner, module=module, watched_seconds=30)
        enrolment_create(user=learner, course=new)
        certificate_issue(user=learner, course=new)

    add_course("First")
    queries_for(client, dashboard_url)
    few = queries_for(client, dashboard_url)
    for n in range(4):
        add_course(f"More {n}")

    assert queries_for(client, dashboard_url) == few


def test_account_menu_links_to_the_dashboard(client, learner, dashboard_url):
    html = client.get(reverse("users:profile")).content.decode()

    assert f'href="{dashboard_url}"' in html
