"""Progress through a module's recording: played intervals, resume, confirmation and completion.

The first report of a module begins the viewing and credits nothing; later reports are credited
no more than MAX_PLAYBACK_RATE times the time since the previous one (up to
HEARTBEAT_CAP_SECONDS), so these tests begin viewing and move the clock the way a learner's
playback would. test_progress_clock.py tests that rule itself.
"""

import datetime as dt
import json

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import PageViewRestriction

import pytest
import wagtail_factories

from cms.users.factories import UserFactory
from courses.factories import ModulePageFactory, QuizQuestionFactory
from courses.models import Certificate, Enrolment, ModuleProgress, QuizAttempt
from courses.rules import MAX_INTERVALS, REPORT_INTERVAL_SECONDS
from courses.services.completion import module_completion_update
from courses.services.enrolment import enrolment_create
from courses.services.progress import progress_confirm_watched, progress_record

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def video(db):
    return wagtail_factories.DocumentFactory(
        title="Recording", file=ContentFile(b"\x1aE\xdf\xa3 webm", name="recording.webm")
    )


@pytest.fixture
def course_with_files(course, modules, video):
    """The course's two modules play uploaded files of 600 seconds (the factory's duration)."""
    for module in modules:
        module.video_file = video
        module.video_url = ""
        module.save_revision().publish()
    return course


@pytest.fixture
def enrolled(user, course_with_files):
    enrolment_create(user=user, course=course_with_files)
    return user


@pytest.fixture
def learner_client(client, enrolled):
    client.force_login(enrolled)
    return client


def report(client, module, intervals, position=0, **extra):
    return client.post(
        reverse("courses:progress", args=[module.pk]),
        data=json.dumps({"intervals": intervals, "position": position, **extra}),
        content_type="application/json",
    )


def report_to_id(client, module_id):
    return client.post(
        reverse("courses:progress", args=[module_id]),
        data=json.dumps({"intervals": [[0, 10]], "position": 10}),
        content_type="application/json",
    )


def progress_of(user, module):
    return ModuleProgress.objects.get(user=user, module=module)


def begin_viewing(clock, user, module, seconds=REPORT_INTERVAL_SECONDS):
    """The player's report as playback starts (nothing played yet), then ``seconds`` of time."""
    progress_record(user=user, module=module, intervals=[], position=0)
    clock.shift(seconds)


# --- The union of played intervals ------------------------------------------------------------


def test_seeking_ahead_does_not_count_as_watching(clock, enrolled, modules):
    module = modules[0]
    begin_viewing(clock, enrolled, module)
    progress_record(user=enrolled, module=module, intervals=[[0, 20]], position=20)
    clock.shift(60)
    # The learner jumped from 0:20 to 5:00 and played 30 seconds there.
    result = progress_record(
        user=enrolled, module=module, intervals=[[0, 20], [300, 330]], position=330
    )

    progress = progress_of(enrolled, module)
    assert progress.watched_intervals == [[0, 20], [300, 330]]
    assert progress.watched_seconds == 50
    assert progress.position_seconds == 330
    assert result.watched_percent == 8  # 50 of 600 seconds, rounded down
    assert result.completed is False


def test_reports_that_overlap_are_counted_once(clock, enrolled, modules):
    module = modules[0]
    for intervals in ([[0, 15]], [[0, 30]], [[10, 45]], [[40, 45], [0, 5]]):
        progress_record(user=enrolled, module=module, intervals=intervals, position=45)
        clock.shift(15)

    progress = progress_of(enrolled, module)
    assert progress.watched_intervals == [[0, 45]]
    assert progress.watched_seconds == 45


def test_intervals_are_clamped_to_the_recording(clock, enrolled, modules):
    module = modules[0]
    begin_viewing(clock, enrolled, module)
    progress_record(user=enrolled, module=module, intervals=[[-10, 5], [590, 900]], position=9999)

    progress = progress_of(enrolled, module)
    assert progress.watched_intervals == [[0, 5], [590, 600]]
    assert progress.watched_seconds == 15
    assert progress.position_seconds == 600


def test_a_handmade_report_cannot_mark_the_whole_recording_watched(clock, enrolled, modules):
    module = modules[0]
    result = progress_record(user=enrolled, module=module, intervals=[[0, 600]], position=600)
    assert progress_of(enrolled, module).watched_seconds == 0  # the first report begins viewing
    assert result.pending_seconds == 600

    clock.shift(10)
    result = progress_record(user=enrolled, module=module, intervals=[[0, 600]], position=600)
    assert progress_of(enrolled, module).watched_seconds == 25  # 10 s at 2.5x
    assert result.pending_seconds == 575

    clock.shift(1000)  # idle time counts up to the heartbeat cap: 30 s
    result = progress_record(user=enrolled, module=module, intervals=[[0, 600]], position=600)
    assert progress_of(enrolled, module).watched_seconds == 100
    assert result.completed is False


def test_two_learners_progress_apart(clock, enrolled, modules, course_with_files):
    other = UserFactory()
    enrolment_create(user=other, course=course_with_files)
    begin_viewing(clock, enrolled, modules[0], seconds=0)
    begin_viewing(clock, other, modules[0])
    progress_record(user=enrolled, module=modules[0], intervals=[[0, 20]], position=20)
    progress_record(user=other, module=modules[0], intervals=[[100, 110]], position=110)

    assert progress_of(enrolled, modules[0]).watched_intervals == [[0, 20]]
    assert progress_of(other, modules[0]).watched_intervals == [[100, 110]]


# --- The endpoint ---------------------------------------------------------------------------


def test_endpoint_records_played_intervals_and_answers_the_state(clock, learner_client, modules):
    assert report(learner_client, modules[0], [], position=0).status_code == 200
    clock.shift(6)

    response = report(learner_client, modules[0], [[0, 20]], position=20)

    assert response.status_code == 200
    assert response.json() == {
        "watched_seconds": 15,  # 6 s at 2.5x so far
        "watched_percent": 2,
        "position": 20,
        "pending_seconds": 5,  # the player reports again for these
        "completed": False,
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "needs"),
        ('{"intervals": [[0, 10]]}', "needs"),
        ('{"intervals": [[0, NaN]], "position": 1}', "finite"),
        ('{"intervals": [[0, Infinity]], "position": 1}', "finite"),
        ('{"intervals": [[0, 10]], "position": NaN}', "finite"),
        ('{"intervals": [["0", 10]], "position": 1}', "number"),
        ('{"intervals": [[true, 10]], "position": 1}', "number"),
        ('{"intervals": [[0, 10, 20]], "position": 1}', "pair"),
        ('{"intervals": [[10, 0]], "position": 1}', "cannot end before"),
        ('{"intervals": {"0": 10}, "position": 1}', "list"),
        ('{"intervals": [], "position": "soon"}', "number"),
    ],
)
def test_endpoint_rejects_malformed_reports(learner_client, modules, enrolled, body, message):
    response = learner_client.post(
        reverse("courses:progress", args=[modules[0].pk]),
        data=body,
        content_type="application/json",
    )

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not ModuleProgress.objects.exists()


def test_endpoint_rejects_too_many_intervals(learner_client, modules):
    intervals = [[i, i + 0.1] for i in range(MAX_INTERVALS + 1)]

    response = report(learner_client, modules[0], intervals)

    assert response.status_code == 400
    assert not ModuleProgress.objects.exists()


def test_endpoint_refuses_anonymous_and_unenrolled_learners(client, course_with_files, modules):
    assert report(client, modules[0], [[0, 10]]).status_code == 403

    client.force_login(UserFactory())
    response = report(client, modules[0], [[0, 10]])
    assert response.status_code == 403
    assert "Enrol" in response.json()["error"]
    assert not ModuleProgress.objects.exists()


def test_endpoint_refuses_learners_who_left_the_course(clock, learner_client, enrolled, modules):
    Enrolment.objects.filter(user=enrolled).delete()

    assert report(learner_client, modules[0], [[0, 10]]).status_code == 403
    assert not ModuleProgress.objects.exists()


def test_endpoint_refuses_learners_who_left_the_course_after_watching(
    clock, learner_client, enrolled, modules
):
    assert report(learner_client, modules[0], [], position=0).status_code == 200
    clock.shift(15)
    assert report(learner_client, modules[0], [[0, 10]], position=10).status_code == 200
    Enrolment.objects.filter(user=enrolled).delete()
    clock.shift(60)

    # Their progress row is kept (for a later enrolment) but no longer grows.
    assert report(learner_client, modules[0], [[0, 60]], position=60).status_code == 403
    progress = progress_of(enrolled, modules[0])
    assert (progress.watched_seconds, progress.position_seconds) == (10, 10)


def test_endpoint_answers_404_for_unknown_unpublished_and_non_module_pages(
    learner_client, modules, course_with_files
):
    assert report(learner_client, course_with_files, [[0, 10]]).status_code == 404
    assert report_to_id(learner_client, 987654).status_code == 404
    modules[1].unpublish()
    assert report(learner_client, modules[1], [[0, 10]]).status_code == 404
    assert not ModuleProgress.objects.exists()


def test_endpoint_takes_only_post_with_csrf(enrolled, modules):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled)
    url = reverse("courses:progress", args=[modules[0].pk])

    assert client.get(url).status_code == 405
    assert report(client, modules[0], [[0, 10]]).status_code == 403
    assert not ModuleProgress.objects.exists()


def test_endpoint_is_rate_limited_per_learner(learner_client, modules, settings):
    settings.COURSES_PROGRESS_RATE = "3/m"

    statuses = [report(learner_client, modules[0], [[0, 1]]).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_a_translated_module_records_against_the_default_language_module(
    clock, learner_client, enrolled, modules, locales
):
    german = modules[0].copy_for_translation(locales["de"], copy_parents=True)
    german.save_revision().publish()

    assert report(learner_client, german, []).status_code == 200
    clock.shift(15)
    assert report(learner_client, german, [[0, 10]]).status_code == 200

    assert progress_of(enrolled, modules[0]).watched_seconds == 10
    assert not ModuleProgress.objects.filter(module=german).exists()


def test_endpoint_query_count_does_not_grow_with_stored_intervals(
    clock, learner_client, modules, django_assert_max_num_queries
):
    report(learner_client, modules[0], [[0, 1]])
    clock.shift(600)
    many = [[i * 2, i * 2 + 1] for i in range(150)]
    report(learner_client, modules[0], many)
    clock.shift(15)
    # Session and user (the middleware), the module with its restrictions, the locked progress
    # row with the enrolment, its update, and the savepoint around them: the player sends this
    # every 15 seconds, so it must stay this small whatever is stored.
    with django_assert_max_num_queries(7):
        assert report(learner_client, modules[0], many, position=3).status_code == 200


def test_a_translated_module_costs_one_query_more(
    clock, learner_client, enrolled, modules, locales, django_assert_max_num_queries
):
    german = modules[0].copy_for_translation(locales["de"], copy_parents=True)
    german.save_revision().publish()
    report(learner_client, german, [[0, 10]])
    clock.shift(15)

    # The default-language module the records point at is the one extra query.
    with django_assert_max_num_queries(8):
        assert report(learner_client, german, [[0, 20]], position=20).status_code == 200
    assert progress_of(enrolled, modules[0]).watched_seconds == 20


def test_endpoint_keeps_view_restrictions_of_the_module_and_its_ancestors(
    clock, learner_client, enrolled, modules, course_with_files
):
    group = Group.objects.create(name="Course staff")
    restriction = PageViewRestriction.objects.create(
        page=course_with_files, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)

    # The restriction sits on the course: its module cannot be reported to, by id or otherwise.
    assert report(learner_client, modules[0], [[0, 10]]).status_code == 404
    enrolled.groups.add(group)
    clock.shift(15)
    assert report(learner_client, modules[0], [[0, 10]]).status_code == 200

    # A restriction on the module itself counts as well; one on a sibling does not.
    restriction.delete()
    PageViewRestriction.objects.create(
        page=modules[1], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    clock.shift(15)
    assert report(learner_client, modules[1], [[0, 10]]).status_code == 404
    assert report(learner_client, modules[0], [[0, 20]], position=20).status_code == 200
    assert progress_of(enrolled, modules[0]).watched_seconds == 20


# --- Resume and ?t= on the module page ----------------------------------------------------------


def test_module_page_resumes_where_the_learner_stopped(clock, learner_client, enrolled, modules):
    # The resume position is stored whatever is credited.
    progress_record(user=enrolled, module=modules[0], intervals=[[0, 20]], position=125.7)

    html = learner_client.get(modules[0].get_url()).content.decode()

    assert 'data-resume="125"' in html
    assert "You stopped at 2:05" in html
    assert f'data-progress-url="{reverse("courses:progress", args=[modules[0].pk])}"' in html


def test_t_parameter_starts_playback_there(learner_client, modules):
    html = learner_client.get(modules[0].get_url() + "?t=95").content.decode()

    assert 'data-start="95"' in html
    assert '#t=95"' in html  # media fragment: works without JavaScript too
    assert "You stopped at" not in html


def test_t_parameter_ignores_nonsense(learner_client, modules):
    for value in ("-5", "abc", "1e9", "99999999"):
        html = learner_client.get(modules[0].get_url(), {"t": value}).content.decode()
        assert "data-start" not in html


def test_other_learners_do_not_see_my_progress(clock, client, enrolled, modules, course_with_files):
    progress_record(user=enrolled, module=modules[0], intervals=[[0, 30]], position=321)
    other = UserFactory()
    enrolment_create(user=other, course=course_with_files)
    client.force_login(other)

    html = client.get(modules[0].get_url()).content.decode()

    assert 'data-resume="0"' in html
    assert "You stopped at" not in html
    assert "You have watched 0%" in html


# --- Completion --------------------------------------------------------------------------------


def watch(clock, user, module, *, until=None, rate=2, send=None):
    """Plays from the start at ``rate`` up to ``until`` (the end by default), reporting as the
    player does: as playback starts, then every REPORT_INTERVAL_SECONDS. Returns the last
    answer."""
    send = send or (
        lambda intervals, position: progress_record(
            user=user, module=module, intervals=intervals, position=position
        )
    )
    until = module.duration_seconds if until is None else until
    played = 0
    result = send([], 0)
    while played < until:
        step = min(REPORT_INTERVAL_SECONDS * rate, until - played)
        clock.shift(step / rate)
        played += step
        result = send([[0, played]], played)
    return result


def watch_all(clock, user, module):
    return watch(clock, user, module)


def test_module_completes_at_the_watched_threshold(clock, enrolled, modules):
    module = modules[0]  # no quiz; the course asks for 90%

    result = watch(clock, enrolled, module, until=530, rate=1)
    assert result.completed is False
    assert progress_of(enrolled, module).completed_at is None  # 88%
    assert progress_of(enrolled, module).watched_seconds == 530

    clock.shift(15)
    result = progress_record(user=enrolled, module=module, intervals=[[0, 545]], position=545)
    assert result.completed is True
    assert progress_of(enrolled, module).completed_at == START + dt.timedelta(seconds=545)


def test_course_completes_through_progress_and_issues_the_certificate(
    clock, learner_client, enrolled, modules, course_with_files
):
    watch_all(clock, enrolled, modules[0])
    assert Enrolment.objects.get(user=enrolled).completed_at is None

    response = watch(
        clock,
        enrolled,
        modules[1],
        send=lambda intervals, position: report(learner_client, modules[1], intervals, position),
    )

    assert response.json()["completed"] is True
    assert Enrolment.objects.get(user=enrolled).completed_at is not None
    assert Certificate.objects.filter(user=enrolled, course=course_with_files).count() == 1
    html = learner_client.get(course_with_files.get_url()).content.decode()
    assert "You completed this course on" in html


def test_module_with_a_quiz_waits_for_the_quiz(clock, enrolled, modules):
    QuizQuestionFactory(page=modules[0])

    result = watch_all(clock, enrolled, modules[0])

    assert result.completed is False
    assert progress_of(enrolled, modules[0]).completed_at is None

    QuizAttempt.objects.create(
        user=enrolled,
        module=modules[0],
        number=1,
        submitted_at=START,
        score_percent=100,
        passed=True,
    )
    # Grading a passed attempt calls module_completion_update, as the quiz service does.
    assert module_completion_update(user=enrolled, module=modules[0]) is True
    assert progress_of(enrolled, modules[0]).completed_at is not None


def test_optional_modules_are_not_needed_for_the_course(clock, enrolled, modules, course):
    optional = ModulePageFactory(parent=course, title="Further reading", is_required=False)
    assert optional.is_required is False

    for module in modules:
        watch_all(clock, enrolled, module)

    assert Enrolment.objects.get(user=enrolled).completed_at is not None


# --- "I have watched this" for recordings hosted elsewhere ----------------------------------------


@pytest.fixture
def external_module(course):
    """A module on YouTube (the factory's default), with the embed cached so no request leaves."""
    module = ModulePageFactory(parent=course, title="Hosted elsewhere", is_required=False)
    Embed.objects.create(
        url=module.video_url,
        max_width=None,
        hash=get_embed_hash(module.video_url),
        type="video",
        html='<iframe title="Module video" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        provider_name="YouTube",
    )
    return module


def test_confirmation_is_offered_and_completes_an_external_module(
    learner_client, enrolled, external_module
):
    url = reverse("courses:confirm_watched", args=[external_module.pk])
    html = learner_client.get(external_module.get_url()).content.decode()
    assert f'action="{url}"' in html
    assert "youtube-nocookie.com/embed/x" in html
    assert "data-progress-url" not in html

    response = learner_client.post(url, {"next": external_module.get_url()})

    assert response.status_code == 302
    progress = progress_of(enrolled, external_module)
    assert progress.watched_confirmed_at is not None
    assert progress.completed_at is not None
    html = learner_client.get(external_module.get_url()).content.decode()
    assert f'action="{url}"' not in html
    assert "You have confirmed that you watched this recording." in html


def test_confirmation_is_refused_for_recordings_served_by_the_site(
    learner_client, enrolled, modules
):
    url = reverse("courses:confirm_watched", args=[modules[0].pk])
    assert f'action="{url}"' not in learner_client.get(modules[0].get_url()).content.decode()

    response = learner_client.post(url, follow=True)

    assert "records what you watch by itself" in response.content.decode()
    assert not ModuleProgress.objects.filter(watched_confirmed_at__isnull=False).exists()


def test_confirmation_needs_an_enrolment(client, external_module):
    learner = UserFactory()
    client.force_login(learner)

    client.post(reverse("courses:confirm_watched", args=[external_module.pk]))

    assert not ModuleProgress.objects.exists()
    with pytest.raises(PermissionDenied):
        progress_confirm_watched(user=learner, module=external_module)


# --- Concurrency (PostgreSQL: SQLite serialises writes anyway) ---------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reports_keep_every_range(enrolled, modules, monkeypatch):
    import threading

    from django.db import connection, connections
    from django.utils import timezone

    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested; run with DATABASE_URL=postgres://...")
    # Reports arriving together would otherwise be credited at most the few milliseconds
    # between them; here every range must be credited, so a lost update would show.
    # test_progress_clock.py checks that they are not credited more than real time allows.
    monkeypatch.setattr("courses.rules.MAX_PLAYBACK_RATE", 1e9)
    module = modules[0]
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    ModuleProgress.objects.create(
        user=enrolled, module=module, viewing_started_at=an_hour_ago, last_report_at=an_hour_ago
    )
    barrier = threading.Barrier(4)
    errors = []

    def play(start):
        try:
            barrier.wait(timeout=10)
            progress_record(
                user=enrolled, module=module, intervals=[[start, start + 30]], position=start
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=play, args=(start,)) for start in (0, 100, 200, 300)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    progress = progress_of(enrolled, module)
    assert progress.watched_intervals == [[0, 30], [100, 130], [200, 230], [300, 330]]
    assert progress.watched_seconds == 120
