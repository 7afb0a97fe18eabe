"""A learner flow that leads on: the next module after a pass or a finished module, the
certificate once the course is complete (on the page and by e-mail), the facts of a course on
its card and page, and a dashboard that shows the way to the courses."""

import datetime as dt

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from cms.users.factories import UserFactory
from courses.factories import (
    CoursePageFactory,
    ModulePageFactory,
    QuizQuestionFactory,
    choice,
)
from courses.models import Certificate, Enrolment, ModuleProgress, QuizAttempt
from courses.selectors.catalogue import course_durations
from courses.selectors.certificates import certificate_verification_url
from courses.selectors.learning import module_next_step
from courses.services.completion import course_completion_update
from courses.services.enrolment import enrolment_create, enrolment_delete
from courses.templatetags.learning_tags import running_time

COMPLETED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
# Not a provider Wagtail's oEmbed finder knows: module pages render without a request leaving.
VIDEO_URL = "https://media.example.org/recording.mp4"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _offline_videos(modules):
    for module in modules:
        module.video_url = VIDEO_URL
        module.save_revision().publish()


@pytest.fixture
def learner(client, user, course):
    user.first_name, user.last_name = "Inès", "Duarte"
    user.save()
    enrolment_create(user=user, course=course)
    client.force_login(user)
    return user


def complete_module(user, module):
    ModuleProgress.objects.update_or_create(
        user=user,
        module=module,
        defaults={"watched_seconds": module.duration_seconds, "completed_at": COMPLETED},
    )


def add_quiz(module):
    return QuizQuestionFactory(
        page=module,
        text="Which light level suits watercolours?",
        choices=[choice("50 lux", correct=True), choice("500 lux")],
    )


def pass_quiz(client, user, module, question):
    """Watch the module (by the numbers), then start and pass its quiz through the views."""
    ModuleProgress.objects.update_or_create(
        user=user,
        module=module,
        defaults={"watched_seconds": module.duration_seconds},
    )
    client.post(reverse("courses:quiz_start", args=[module.pk]))
    attempt = QuizAttempt.objects.filter(module=module).latest("pk")
    right = next(block.id for block in question.choices if block.value["is_correct"])
    client.post(reverse("courses:quiz_submit", args=[attempt.pk]), {f"q_{question.pk}": right})
    return attempt


def result_html(client, attempt) -> str:
    response = client.get(reverse("courses:quiz_result", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- The next module ------------------------------------------------------------------------


def test_a_passed_quiz_leads_to_the_next_module(client, learner, modules):
    question = add_quiz(modules[0])

    attempt = pass_quiz(client, learner, modules[0], question)
    html = result_html(client, attempt)

    assert f'href="{modules[1].get_url()}">Next module: Module two</a>' in html
    assert "Your certificate is ready." not in html


def test_a_failed_attempt_offers_no_next_module(client, learner, modules):
    question = add_quiz(modules[0])
    client.post(reverse("courses:quiz_start", args=[modules[0].pk]))
    attempt = QuizAttempt.objects.get()
    wrong = next(block.id for block in question.choices if not block.value["is_correct"])
    client.post(reverse("courses:quiz_submit", args=[attempt.pk]), {f"q_{question.pk}": wrong})

    html = result_html(client, attempt)

    assert "Next module" not in html
    assert "Try again" in html


def test_a_completed_module_page_leads_to_the_next_module(client, learner, modules):
    complete_module(learner, modules[0])

    html = client.get(modules[0].get_url()).content.decode()

    assert "You have completed this module." in html
    assert f'href="{modules[1].get_url()}">Next module: Module two</a>' in html


def test_a_module_not_yet_completed_shows_no_next_module(client, learner, modules):
    html = client.get(modules[0].get_url()).content.decode()

    assert "Next module" not in html


def test_the_last_module_leads_back_to_the_course_while_modules_remain(
    client, learner, course, modules
):
    complete_module(learner, modules[1])

    html = client.get(modules[1].get_url()).content.decode()

    assert "Next module" not in html
    assert f'href="{course.get_url()}">Back to the course</a>' in html
    assert "You have completed the course." not in html


def test_the_next_module_is_shown_in_the_learners_language(learner, course, modules, locales):
    german_course = course.copy_for_translation(locales["de"], copy_parents=True)
    german_course.save_revision().publish()
    german_second = modules[1].copy_for_translation(locales["de"])
    german_second.title = "Zweites Modul"
    german_second.save_revision().publish()

    with translation.override("de"):
        step = module_next_step(user=learner, module=modules[0])

    assert step.module.pk == german_second.pk


def test_an_unpublished_module_is_skipped(learner, course, modules):
    third = ModulePageFactory(parent=course, title="Module three")
    modules[1].unpublish()

    assert module_next_step(user=learner, module=modules[0]).module.pk == third.pk


def test_the_next_step_costs_the_same_queries_in_long_and_short_courses(learner, course):
    short = CoursePageFactory(parent=course.get_parent(), title="Short")
    short_modules = [ModulePageFactory(parent=short) for _ in range(2)]
    long = CoursePageFactory(parent=course.get_parent(), title="Long")
    long_modules = [ModulePageFactory(parent=long) for _ in range(12)]

    def queries_for(module):
        with CaptureQueriesContext(connection) as queries:
            module_next_step(user=learner, module=module)
        return len(queries)

    queries_for(short_modules[0])  # warm the locale cache
    assert queries_for(short_modules[0]) == queries_for(long_modules[5])


# --- Completing the course ------------------------------------------------------------------


def test_completing_the_course_shows_the_certificate_and_mails_it_once(
    client, learner, course, modules, django_capture_on_commit_callbacks
):
    complete_module(learner, modules[0])
    question = add_quiz(modules[1])

    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_quiz(client, learner, modules[1], question)
    html = result_html(client, attempt)

    certificate = Certificate.objects.get(user=learner, course=course)
    assert "You have completed the course." in html
    assert "Your certificate is ready." in html
    verify_url = reverse("courses:certificate_verify", args=[certificate.code])
    assert f'href="{verify_url}">See your certificate</a>' in html
    assert reverse("courses:certificate_pdf", args=[certificate.code]) in html
    assert "Next module" not in html
    assert "Back to the course" not in html  # the certificate is where this leads
    # The certificate page exists as soon as the certificate does.
    assert client.get(verify_url).status_code == 200

    [message] = mail.outbox
    assert message.to == [learner.email]
    assert message.subject == "[Heritage Hub] Your certificate is ready: Caring for collections"
    full_url = certificate_verification_url(certificate=certificate)
    assert full_url.endswith(verify_url)
    assert f"\n{full_url}\n" in message.body
    assert reverse("courses:dashboard") in message.body
    [(html_body, mime_type)] = message.alternatives
    assert mime_type == "text/html"
    assert f'<a href="{full_url}">See your certificate</a>' in html_body
    assert "Caring for collections" in html_body

    # Completing again (leaving and enrolling again, say) sends nothing more.
    enrolment_delete(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(user=learner, course=course)
        assert course_completion_update(user=learner, course=course)
    assert len(mail.outbox) == 1
    assert Certificate.objects.count() == 1


def test_the_completed_module_page_links_the_certificate(client, learner, course, modules):
    for module in modules:
        complete_module(learner, module)
    course_completion_update(user=learner, course=course)
    certificate = Certificate.objects.get(user=learner)

    html = client.get(modules[1].get_url()).content.decode()

    assert "Your certificate is ready." in html
    assert reverse("courses:certificate_verify", args=[certificate.code]) in html


def test_the_mail_is_in_the_learners_language(
    client, learner, course, modules, locales, django_capture_on_commit_callbacks
):
    german_course = course.copy_for_translation(locales["de"], copy_parents=True)
    german_course.title = "Sammlungspflege"
    german_course.save_revision().publish()
    complete_module(learner, modules[0])

    # The learner confirms watching the last module on the German site.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:confirm_watched", args=[modules[1].pk]).replace("/en/", "/de/")
        )

    [message] = mail.outbox
    certificate = Certificate.objects.get()
    assert certificate.language == "de"
    assert "Sammlungspflege" in message.subject
    assert message.body.startswith("Hallo von Heritage Hub,")  # translated
    assert f"/de/certificates/{certificate.code}/" in message.body
    assert "/de/learning/" in message.body
    assert 'lang="de"' in message.alternatives[0][0]


def test_a_course_without_a_certificate_completes_without_a_mail(
    client, learner, course, modules, django_capture_on_commit_callbacks
):
    course.certificate_template = None
    course.save_revision().publish()
    complete_module(learner, modules[0])
    question = add_quiz(modules[1])

    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_quiz(client, learner, modules[1], question)
    html = result_html(client, attempt)

    assert Enrolment.objects.get(user=learner).completed_at is not None
    assert "You have completed the course." in html
    assert "Your certificate is ready." not in html
    assert f'href="{course.get_url()}">Back to the course</a>' in html
    assert mail.outbox == []


def test_a_revoked_certificate_is_not_announced(learner, course, modules):
    from courses.tasks import certificate_ready_mail_task

    for module in modules:
        complete_module(learner, module)
    course_completion_update(user=learner, course=course)
    Certificate.objects.update(revoked_at=COMPLETED, revocation_reason="Issued in error")

    assert certificate_ready_mail_task.call(certificate_id=Certificate.objects.get().pk) == 0
    assert mail.outbox == []


# --- Course facts on cards and pages --------------------------------------------------------


def test_course_cards_show_duration_workload_and_language(client, course, modules):
    html = client.get(course.get_parent().get_url()).content.decode()

    card = html.split('class="card course-card"')[1].split("</article>")[0]
    assert "Caring for collections" in card
    assert '<time datetime="PT20M0S">20 minutes</time>' in card  # two modules of 10 minutes
    assert "3 CPD hours" in card
    assert "English" in card


def test_the_course_page_shows_its_duration(client, course, modules):
    html = client.get(course.get_url()).content.decode()

    assert "Duration" in html
    assert "20 minutes" in html


def test_the_level_shows_on_the_card_and_the_page_only_where_chosen(client, course, modules):
    def facts():
        card = client.get(course.get_parent().get_url()).content.decode()
        card = card.split('class="card course-card"')[1].split("</article>")[0]
        page = client.get(course.get_url()).content.decode()
        page = page.split('<dl class="facts">')[1].split("</dl>")[0]
        return card, page

    for html in facts():
        assert "Level" not in html
    course.level = "intermediate"
    course.save_revision().publish()
    for html in facts():
        assert "<dt>Level</dt>" in html and "<dd>Intermediate</dd>" in html


def test_the_course_index_costs_the_same_queries_for_two_and_six_courses(client, course):
    index = course.get_parent()

    def add_courses(count):
        for _ in range(count):
            new = CoursePageFactory(parent=index, course_language="de")
            for _ in range(3):
                ModulePageFactory(parent=new, duration_seconds=900)

    def queries_for():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(index.get_url())
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add_courses(1)  # two courses with the fixture's
    queries_for()  # warm caches shared by every page
    two, _html = queries_for()
    add_courses(4)
    six, html = queries_for()

    assert html.count('class="card course-card"') == 6
    assert html.count("45 minutes") == 5
    assert six == two


def test_a_translated_course_card_counts_the_original_modules(client, course, modules, locales):
    danish_index = course.get_parent().copy_for_translation(locales["da"], copy_parents=True)
    danish_index.save_revision().publish()
    danish_course = course.copy_for_translation(locales["da"])
    danish_course.save_revision().publish()
    danish_module = modules[0].copy_for_translation(locales["da"])  # the other is not translated
    danish_module.save_revision().publish()

    assert course_durations(courses=[danish_course]) == {danish_course.pk: 1200}


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, ""),
        (None, ""),
        (20, "1 minute"),
        (600, "10 minutes"),
        (3600, "1 hour"),
        (5100, "1 hour 25 minutes"),
        (7290, "2 hours 2 minutes"),
    ],
)
def test_running_time_reads_in_hours_and_minutes(seconds, expected):
    assert running_time(seconds) == expected


# --- The dashboard --------------------------------------------------------------------------


def test_a_dashboard_without_courses_leads_to_the_course_index(client, course):
    client.force_login(UserFactory())

    html = client.get(reverse("courses:dashboard")).content.decode()

    assert "You are not enrolled in any course yet." in html
    assert f'href="{course.get_parent().get_url()}">Browse the courses</a>' in html


def test_the_course_index_linked_is_in_the_learners_language(client, course, locales):
    danish_index = course.get_parent().copy_for_translation(locales["da"], copy_parents=True)
    danish_index.save_revision().publish()
    client.force_login(UserFactory())

    html = client.get(reverse("courses:dashboard").replace("/en/", "/da/")).content.decode()

    assert f'href="{danish_index.get_url()}"' in html


def test_a_dashboard_with_courses_lists_certificates_without_a_table(client, learner, course):
    for module in course.get_children().specific():
        complete_module(learner, module)
    course_completion_update(user=learner, course=course)
    certificate = Certificate.objects.get()

    html = client.get(reverse("courses:dashboard")).content.decode()

    assert "Browse the courses" not in html
    assert "<table" not in html  # a table would scroll sideways on a phone
    certificates = html.split('class="dashboard-certificates"')[1].split("</ul>\n")[0]
    assert "Caring for collections" in certificates
    assert "Valid" in certificates
    assert reverse("courses:certificate_pdf", args=[certificate.code]) in certificates
