"""Progress credit bounded by real time, on the server's clock (issue 13).

The first report of a module begins the viewing and credits nothing; each later report credits
at most MAX_PLAYBACK_RATE times the time since the previous report, counted up to
HEARTBEAT_CAP_SECONDS. Forged reports (everything at once, or after waiting) must get no more
than that, while a learner playing honestly, pausing, reloading, with two tabs or offline for a
while, must still reach 100 %. ``Player`` sends what static/js/player.js sends, on
time_machine's clock.
"""

import datetime as dt
import json
import threading
import time

from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest
import wagtail_factories

import courses.services.progress as progress_services
from courses.models import Certificate, CoursePage, ModuleProgress
from courses.rules import (
    HEARTBEAT_CAP_SECONDS,
    MAX_PLAYBACK_RATE,
    REPORT_INTERVAL_SECONDS,
    intervals_union,
)
from courses.services.enrolment import enrolment_create
from courses.services.progress import progress_record

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
RATE = MAX_PLAYBACK_RATE


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def modules(course, modules):
    """The course's two modules play uploaded files of 600 seconds (the factory's duration)."""
    video = wagtail_factories.DocumentFactory(
        title="Recording", file=ContentFile(b"\x1aE\xdf\xa3 webm", name="recording.webm")
    )
    for module in modules:
        module.video_file = video
        module.video_url = ""
        module.save_revision().publish()
    return modules


@pytest.fixture
def module(modules):
    return modules[0]


@pytest.fixture
def learner(user, course, modules):
    enrolment_create(user=user, course=course)
    return user


def progress_of(user, module):
    return ModuleProgress.objects.get(user=user, module=module)


def seconds_since(moment) -> float:
    return (timezone.now() - moment).total_seconds()


class Player:
    """What static/js/player.js sends: the page's played ranges, plus what an earlier page left
    unsent, as playback starts, every REPORT_INTERVAL_SECONDS while playing and when it stops
    (an identical report is not sent twice); while the answer has seconds pending, a report
    every interval, playing or not. Offline, reports fail and what they carried is kept."""

    def __init__(self, clock, user, module, *, rate=1.0, position=0.0, unsent=()):
        self.clock, self.user, self.module, self.rate = clock, user, module, rate
        self.duration = module.duration_seconds
        self.position = position
        self.played: list[list[float]] = []  # the page's video.played
        self.unsent = [list(pair) for pair in unsent]  # kept in sessionStorage
        self.online = True
        self.pending = 0.0
        self.last_sent = None
        self.results = []

    @property
    def ended(self) -> bool:
        return self.position >= self.duration

    def send(self, *, force=False):
        # Merged as mergedRanges() does: touching and overlapping ranges only.
        intervals = [list(pair) for pair in intervals_union([*self.unsent, *self.played], gap=0)]
        body = (intervals, self.position)
        if body == self.last_sent and not force:
            return
        self.last_sent = body
        if not self.online:
            self.unsent = intervals
            self.last_sent = None
            return
        result = progress_record(
            user=self.user, module=self.module, intervals=intervals, position=self.position
        )
        self.results.append(result)
        self.pending = result.pending_seconds
        if not self.pending:
            self.unsent = []

    def play(self, seconds=float("inf")):
        """Plays for ``seconds`` of real time, or to the end, then pauses."""
        self.send()  # the "play" event: on a first visit, the start of the viewing
        elapsed = 0.0
        while elapsed < seconds and not self.ended:
            left = (self.duration - self.position) / self.rate
            step = min(REPORT_INTERVAL_SECONDS, seconds - elapsed, left)
            self.clock.shift(step)
            elapsed += step
            self._advance(step * self.rate)
            if step == REPORT_INTERVAL_SECONDS:
                self.send()  # the heartbeat
        self.send()  # "pause" or "ended"

    def catch_up(self, *, limit=100):
        """The reports a paused page sends every interval while seconds are pending."""
        while self.pending and limit:
            self.clock.shift(REPORT_INTERVAL_SECONDS)
            self.send(force=True)
            limit -= 1

    def _advance(self, media_seconds):
        start = self.position
        end = round(min(self.duration, start + media_seconds), 3)
        if self.played and self.played[-1][1] == start:
            self.played[-1][1] = end
        else:
            self.played.append([start, end])
        self.position = end


def assert_within_real_time(user, module):
    progress = progress_of(user, module)
    assert progress.watched_seconds <= RATE * seconds_since(progress.viewing_started_at) + 0.01


# --- Forged reports ----------------------------------------------------------------------------


def test_the_first_report_credits_nothing_and_begins_the_viewing(clock, client, learner, module):
    client.force_login(learner)

    response = client.post(
        reverse("courses:progress", args=[module.pk]),
        data=json.dumps({"intervals": [[0, 600]], "position": 600}),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["watched_seconds"] == 0
    assert response.json()["pending_seconds"] == 600
    progress = progress_of(learner, module)
    assert progress.viewing_started_at == progress.last_report_at == START
    assert progress.watched_intervals == []


def test_enrolling_and_claiming_every_recording_at_once_earns_no_certificate(
    clock, client, learner, course, modules
):
    # The run: one report per 30-second module claiming it all, then the same again.
    for module in modules:
        module.duration_seconds = 30
        module.save_revision().publish()
    client.force_login(learner)
    claim = json.dumps({"intervals": [[0, 30]], "position": 30})

    for _ in range(2):
        for module in modules:
            response = client.post(
                reverse("courses:progress", args=[module.pk]),
                data=claim,
                content_type="application/json",
            )
            assert response.status_code == 200
            assert response.json()["completed"] is False
            clock.shift(0.5)
        clock.shift(0.3)

    for module in modules:
        assert_within_real_time(learner, module)
        assert progress_of(learner, module).completed_at is None
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("idle", "credited"),
    [(5, 5 * RATE), (13, 13 * RATE), (HEARTBEAT_CAP_SECONDS, 75), (60, 75), (86400, 75)],
)
def test_idle_time_counts_only_up_to_the_heartbeat_cap(clock, learner, module, idle, credited):
    progress_record(user=learner, module=module, intervals=[[0, 5]], position=5)
    clock.shift(idle)

    result = progress_record(user=learner, module=module, intervals=[[0, 600]], position=600)

    assert result.credited_seconds == credited
    assert progress_of(learner, module).watched_intervals == [[0, credited]]
    assert result.pending_seconds == 600 - credited


def test_a_report_on_progress_without_a_viewing_start_credits_nothing(clock, learner, module):
    # A row from before the viewing clock, or from "I have watched this" on another module.
    ModuleProgress.objects.create(
        user=learner, module=module, watched_intervals=[[0, 40]], watched_seconds=40
    )

    result = progress_record(user=learner, module=module, intervals=[[0, 600]], position=600)

    assert result.credited_seconds == 0
    progress = progress_of(learner, module)
    assert progress.watched_seconds == 40
    assert progress.viewing_started_at == progress.last_report_at == START


@pytest.mark.parametrize("spacing", [1, 5, 15, 29, 45, 600])
def test_a_module_cannot_be_completed_faster_than_its_duration_at_the_top_rate(
    clock, learner, course, module, spacing
):
    CoursePage.objects.filter(pk=course.pk).update(watched_threshold=100)
    result = progress_record(user=learner, module=module, intervals=[[0, 600]], position=600)
    while not result.completed:
        clock.shift(spacing)
        result = progress_record(user=learner, module=module, intervals=[[0, 600]], position=600)
        assert_within_real_time(learner, module)

    assert seconds_since(START) >= module.duration_seconds / RATE  # 240 s


def test_slivers_just_apart_cannot_fill_the_gaps_between_them_for_free(clock, learner, module):
    # The union joins ranges less than half a second apart, gap included: a hundredth of a
    # second every second, then one in the middle of each gap, would otherwise fill minutes.
    progress_record(user=learner, module=module, intervals=[], position=0)
    clock.shift(2)
    progress_record(
        user=learner, module=module, intervals=[[i, i + 0.01] for i in range(200)], position=0
    )
    clock.shift(2)
    progress_record(
        user=learner,
        module=module,
        intervals=[[i + 0.5, i + 0.51] for i in range(200)],
        position=0,
    )

    assert progress_of(learner, module).watched_seconds <= 4 * RATE
    assert_within_real_time(learner, module)


def test_a_clock_running_behind_on_another_server_earns_nothing(clock, learner, module):
    progress_record(user=learner, module=module, intervals=[], position=0)
    clock.shift(10)
    progress_record(user=learner, module=module, intervals=[[0, 25]], position=25)
    clock.shift(-5)

    result = progress_record(user=learner, module=module, intervals=[[0, 50]], position=50)

    assert result.credited_seconds == 0
    assert progress_of(learner, module).last_report_at == START + dt.timedelta(seconds=10)


# --- Two tabs ----------------------------------------------------------------------------------


def test_two_tabs_reporting_at_the_same_moment_share_one_allowance(clock, learner, module):
    progress_record(user=learner, module=module, intervals=[], position=0)
    clock.shift(10)

    first = progress_record(user=learner, module=module, intervals=[[0, 60]], position=60)
    second = progress_record(user=learner, module=module, intervals=[[300, 360]], position=360)

    assert (first.credited_seconds, second.credited_seconds) == (25, 0)
    assert progress_of(learner, module).watched_intervals == [[0, 25]]


def test_two_tabs_playing_at_once_get_no_more_than_real_time_allows(clock, learner, module):
    # Both at 2x, the second tab's heartbeats half an interval after the first's: 4x together.
    first = Player(clock, learner, module, rate=2)
    second = Player(clock, learner, module, rate=2, position=300)
    first.send()
    clock.shift(REPORT_INTERVAL_SECONDS / 2)
    second.send()
    for _ in range(10):
        clock.shift(REPORT_INTERVAL_SECONDS / 2)
        first._advance(REPORT_INTERVAL_SECONDS * 2)
        first.send()
        assert_within_real_time(learner, module)
        clock.shift(REPORT_INTERVAL_SECONDS / 2)
        second._advance(REPORT_INTERVAL_SECONDS * 2)
        second.send()
        assert_within_real_time(learner, module)

    assert first.pending + second.pending > 0


def test_two_tabs_played_honestly_side_by_side_reach_100_percent(clock, learner, module):
    # Each tab plays its half at 1x; their heartbeats interleave.
    first = Player(clock, learner, module)
    second = Player(clock, learner, module, position=300)
    first.send()
    clock.shift(REPORT_INTERVAL_SECONDS / 2)
    second.send()
    for _ in range(20):
        clock.shift(REPORT_INTERVAL_SECONDS / 2)
        first._advance(REPORT_INTERVAL_SECONDS)
        first.send()
        clock.shift(REPORT_INTERVAL_SECONDS / 2)
        second._advance(REPORT_INTERVAL_SECONDS)
        second.send()
    first.catch_up()
    second.catch_up()

    assert progress_of(learner, module).watched_seconds == 600
    assert progress_of(learner, module).completed_at is not None


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent transactions need PostgreSQL; run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/hh_<name>",
)


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_reports_together_get_no_more_than_real_time_allows(learner, module, monkeypatch):
    # Real threads and the real clock: four tabs report at the same moment, ten seconds after
    # the previous report. Without the row lock each would be credited 25 seconds (and all but
    # one of them lost when the others overwrite the row).
    locked_progress = progress_services._locked_progress

    def slow_locked_progress(**kwargs):
        row = locked_progress(**kwargs)
        time.sleep(0.2)  # the other reports arrive while this one has read the row
        return row

    monkeypatch.setattr(progress_services, "_locked_progress", slow_locked_progress)
    began = timezone.now() - dt.timedelta(seconds=10)
    ModuleProgress.objects.create(
        user=learner, module=module, viewing_started_at=began, last_report_at=began
    )
    barrier = threading.Barrier(4)
    credited, errors = [], []

    def report(start):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            result = progress_record(
                user=learner, module=module, intervals=[[start, start + 60]], position=start
            )
            credited.append(result.credited_seconds)
        except Exception as error:  # collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(start,)) for start in (0, 100, 200, 300)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert sum(credited) <= RATE * seconds_since(began)
    assert sum(credited) < 2 * 25
    assert progress_of(learner, module).watched_seconds == pytest.approx(sum(credited), abs=0.01)


# --- Honest viewing ------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [1, 1.5, 2])
def test_watching_honestly_reaches_100_percent_as_the_recording_ends(clock, learner, module, rate):
    player = Player(clock, learner, module, rate=rate)

    player.play()

    assert player.ended
    assert player.pending == 0  # nothing left to catch up after the end
    progress = progress_of(learner, module)
    assert progress.watched_seconds == 600
    assert progress.completed_at is not None
    assert seconds_since(START) == pytest.approx(600 / rate)


def test_a_pause_then_resuming_reaches_100_percent(clock, learner, module):
    player = Player(clock, learner, module, rate=2)
    player.play(100)
    clock.shift(600)  # paused for ten minutes

    player.play()

    assert player.pending == 0
    assert progress_of(learner, module).watched_seconds == 600


def test_a_reload_reaches_100_percent(clock, learner, module):
    page = Player(clock, learner, module)
    page.play(200)
    # The report sent as the page is left does not arrive: it stays in sessionStorage.
    page.online = False
    page._advance(3)
    page.send()
    clock.shift(5)

    # The new page sends what was left over, then resumes where the learner stopped.
    reloaded = Player(clock, learner, module, position=page.position, unsent=page.unsent)
    reloaded.send()
    reloaded.play()
    reloaded.catch_up()

    assert reloaded.pending == 0
    assert progress_of(learner, module).watched_seconds == 600


def test_watching_offline_is_credited_once_the_connection_is_back(clock, learner, module):
    player = Player(clock, learner, module)
    player.play(60)
    player.online = False
    player.play(480)  # every report fails; what was played is kept
    assert progress_of(learner, module).watched_seconds == 60
    player.online = True
    reports_before = len(player.results)

    player.play()
    back = player.results[reports_before]
    assert back.credited_seconds == HEARTBEAT_CAP_SECONDS * RATE  # 480 s offline: 75 s now
    assert player.pending > 0
    player.catch_up(limit=20)

    # The rest of the offline stretch is credited by the reports after it, as real time
    # passes: the player keeps reporting while the answer says seconds are pending.
    assert player.pending == 0
    assert progress_of(learner, module).watched_seconds == 600
    assert progress_of(learner, module).completed_at is not None
    assert_within_real_time(learner, module)


def test_a_translated_page_and_the_original_share_one_clock(clock, learner, module, locales):
    german = module.copy_for_translation(locales["de"], copy_parents=True)
    german.save_revision().publish()
    progress_record(user=learner, module=german, intervals=[], position=0)
    clock.shift(10)

    first = progress_record(user=learner, module=module, intervals=[[0, 60]], position=60)
    second = progress_record(user=learner, module=german, intervals=[[0, 60]], position=60)

    assert (first.credited_seconds, second.credited_seconds) == (25, 0)
