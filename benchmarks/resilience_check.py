"""Learners keep working while PostgreSQL restarts and the search server goes away.

Why: in production the database is restarted for upgrades and fail-overs, and the search server
can vanish. The site must come back by itself, and nothing a learner was told had been saved may
be missing: no quiz attempt, progress report or board message acknowledged with a 2xx (or the
redirect that follows a saved form) may be lost, and a request that failed must not leave half a
write behind (an attempt without its answers, a progress row whose total disagrees with its
intervals). A failed request must show the learner an error page, not a blank.

How, all on 127.0.0.1:

1. A PostgreSQL cluster of the check's own (``initdb`` into a temporary directory, run as the
   ``postgres`` user when started as root, on a free port): the system's server is never
   touched. ``migrate``, ``collectstatic`` and a set-up script (``manage.py shell``): a course
   with one module and a three-question quiz (unlimited attempts), ``--learners`` enrolled
   learners with logged-in sessions, and a museum with four published listings.
2. A stand-in search server (a small HTTP server answering like an empty Elasticsearch) and
   gunicorn (2 sync workers, production settings, ``SEARCH_BACKEND=elasticsearch`` pointed at
   the stand-in).
3. One thread per learner runs a bounded loop for ``--duration`` seconds: a progress report
   (a new half second of the recording each time, plus whatever earlier reports failed to
   deliver, as ``static/js/player.js`` does), a quiz attempt (start, open, submit), a board
   message (express interest in a listing, then replies in that thread, within the board's
   rate limits) and a search. Every request is logged with what the client was told.
4. At 30 % of the run ``pg_ctl restart -m fast``; at 60 % the search stand-in is shut down, after
   which every search page must still answer 200 and say that search is limited.
5. At the end the check reads the database and compares it with the client's log.

Run: ``uv run python benchmarks/resilience_check.py`` (``--help`` for options). Needs the
PostgreSQL 15 server binaries (``--pg-bin``) and Redis on 127.0.0.1:6379 (production settings
require a shared cache; the check empties its database, ``--redis-db`` 12). Prints requests
ok/failed per kind, the time to recover, and the loss checks; exits 1 when anything
acknowledged is missing or half-saved, or the site did not recover, 2 when the check could not
run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import http_benchmark as hb

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SEARCH_QUERY = "resilience"
LIMITED_NOTICE = "Search is temporarily limited"
# The headings of templates/500.html and templates/503.html.
ERROR_PAGE_MARKS = ("Something went wrong", "The site is briefly unavailable")
PROGRESS_STEP_S = 10.0  # each report plays a new half second, this far after the previous one
PROGRESS_CHUNK_S = 0.5
# The server credits at most 2.5x the time since a learner's previous report: keep under it.
PROGRESS_MIN_GAP_S = 0.6
RESPONDS_PER_LEARNER = 4  # the board allows 5 an hour per user
REPLIES_PER_LEARNER = 25  # of 30 an hour
REQUEST_TIMEOUT_S = 30.0

SETUP_SCRIPT = """
import json
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from wagtail.models import Site
from cms.users.models import User
from courses.factories import (
    CourseIndexPageFactory, CoursePageFactory, ModulePageFactory, QuizQuestionFactory,
)
from courses.models import QuestionKind
from courses.services.enrolment import enrolment_create
from partnerbourse.factories import ListingFactory, OrganisationFactory

# The check's own Redis database: rate-limit counts an earlier run left for the same user ids
# would refuse this run's requests.
cache.clear()
home = Site.objects.get(is_default_site=True).root_page
index = CourseIndexPageFactory(parent=home, title="Courses", slug="courses")
course = CoursePageFactory(parent=index, title="Resilience course", slug="resilience-course")
# Ten hours long: no learner completes it, every report does the full work of one in progress.
module = ModulePageFactory(
    parent=course, title="Resilience module", duration_seconds=36000,
    quiz_pass_mark=100, quiz_max_attempts=0, quiz_cooldown_minutes=0,
)
for number in range(3):
    QuizQuestionFactory(
        page=module, kind=QuestionKind.TRUE_FALSE, text=f"Statement {{number}}?",
        true_false_answer=True, choices=[],
    )
museum = OrganisationFactory(verified=True, name="Resilience Museum")
listings = [
    ListingFactory(organisation=museum, title=f"Partners wanted {{n}}").pk for n in range(4)
]
learners = []
for number in range({learners}):
    user = User.objects.create_user(
        email=f"resilience-{{number}}@example.org", password=None, display_name="Learner"
    )
    enrolment_create(user=user, course=course)
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    learners.append({{
        "id": user.pk,
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "csrf": _get_new_csrf_string(),
    }})
with open({output!r}, "w") as output:
    json.dump({{
        "module": module.pk,
        "listings": listings,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "learners": learners,
    }}, output)
"""


# --- The check's own PostgreSQL ---------------------------------------------------------------


class Cluster:
    """A PostgreSQL cluster in a temporary directory, run by the ``postgres`` user if we are root
    (the server refuses to run as root)."""

    def __init__(self, directory: Path, port: int, pg_bin: Path):
        self.directory, self.port, self.pg_bin = directory, port, pg_bin
        self.data = directory / "data"
        self.log = directory / "postgres.log"

    def _run(self, *args: str, timeout: float = 300) -> float:
        command = [str(self.pg_bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        started = time.monotonic()
        # Output to a file, not a pipe: the server that pg_ctl starts would inherit the pipe and
        # keep it open, and reading it would never end.
        with (self.directory / "pg_ctl.log").open("a") as output:
            completed = subprocess.run(
                command, stdout=output, stderr=output, timeout=timeout, check=False
            )
        if completed.returncode != 0:
            log = hb.tail(self.directory / "pg_ctl.log", 10) + "\n" + hb.tail(self.log)
            raise RuntimeError(f"{args[0]} failed ({completed.returncode}):\n{log}")
        return time.monotonic() - started

    def create(self) -> None:
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.directory, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def restart(self) -> float:
        """``pg_ctl restart -m fast``: open connections are cut, as in a real restart."""
        return self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart"
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"


# --- A stand-in search server -----------------------------------------------------------------


class SearchStandIn:
    """Answers every request like an Elasticsearch 9 with empty indexes, until ``stop()``."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if "_count" in self.path:
                    body = {"count": 0, "_shards": {"total": 1, "successful": 1, "failed": 0}}
                else:
                    body = {
                        "took": 1,
                        "timed_out": False,
                        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                        "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
                    }
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.stopped = False
        self.server = ThreadingHTTPServer((hb.HOST, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.server.shutdown()
            self.server.server_close()


# --- The learners' side -----------------------------------------------------------------------


@dataclass
class Entry:
    """One request as the client saw it."""

    kind: str
    at: float  # seconds since the load began
    status: int | None  # None: no response at all
    ok: bool
    error_page: bool = False


@dataclass
class Log:
    started: float = field(default_factory=time.monotonic)
    entries: list[Entry] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # What the site acknowledged, to look for in the database afterwards.
    intervals: dict[int, list[tuple[float, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    attempts: set[int] = field(default_factory=set)
    responses: dict[int, list[str]] = field(default_factory=dict)  # pk -> tokens tried
    replies: dict[str, int] = field(default_factory=dict)  # reply token -> response pk
    failed_tokens: set[str] = field(default_factory=set)  # messages the learner saw fail
    unsent: dict[int, list] = field(default_factory=dict)
    search_not_limited_after_stop: int = 0
    search_limited_before_stop: int = 0

    def add(self, entry: Entry) -> None:
        with self.lock:
            self.entries.append(entry)

    def now(self) -> float:
        return time.monotonic() - self.started


def _pending_seconds(text: str) -> float:
    """The seconds a progress answer says are still pending (0 when it says nothing)."""
    try:
        return float(json.loads(text).get("pending_seconds") or 0)
    except (ValueError, AttributeError):
        return 0.0


class Learner:
    def __init__(self, number: int, setup: dict, port: int, log: Log, events: dict):
        self.number = number
        self.account = setup["learners"][number]
        self.setup, self.port, self.log, self.events = setup, port, log, events
        self.cookie = (
            f"{setup['session_cookie']}={self.account['session']}; "
            f"{setup['csrf_cookie']}={self.account['csrf']}"
        )
        self.reports = 0
        self.unsent: list[list[float]] = []
        self.last_report = 0.0
        self.responses: list[int] = []
        self.tries: list[str] = []  # tokens sent for the listing being responded to
        self.replies = 0
        self.messages = 0

    def request(self, method: str, path: str, *, form=None, json_body=None):
        headers = {"Host": "127.0.0.1", "Cookie": self.cookie}
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode({"csrfmiddlewaretoken": self.account["csrf"], **form}, doseq=True)
        elif json_body is not None:
            headers["Content-Type"] = "application/json"
            headers["X-CSRFToken"] = self.account["csrf"]
            body = json.dumps(json_body)
        connection = http.client.HTTPConnection(hb.HOST, self.port, timeout=REQUEST_TIMEOUT_S)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            return None, {}, ""
        finally:
            connection.close()

    def note(self, kind: str, status, ok: bool, text: str = "") -> None:
        error_page = (status or 0) >= 500 and any(mark in text for mark in ERROR_PAGE_MARKS)
        self.log.add(Entry(kind, self.log.now(), status, ok, error_page))

    def progress(self) -> None:
        wait = PROGRESS_MIN_GAP_S - (time.monotonic() - self.last_report)
        if wait > 0:
            time.sleep(wait)
        self.reports += 1
        start = self.reports * PROGRESS_STEP_S
        new = [start, start + PROGRESS_CHUNK_S]
        sending = [*self.unsent, new][:200]
        path = f"/en/learning/modules/{self.setup['module']}/progress/"
        status, _headers, text = self.request(
            "POST", path, json_body={"intervals": sending, "position": new[1]}
        )
        self.last_report = time.monotonic()
        ok = status == 200
        self.note("progress", status, ok, text)
        # As the player does: intervals the clock has not credited yet (the first report of a
        # viewing, or one sent too soon) stay pending and go again with the next report.
        if ok and _pending_seconds(text) == 0:
            with self.log.lock:
                self.log.intervals[self.account["id"]].extend(map(tuple, sending))
            self.unsent = []
        else:
            self.unsent = sending  # sent again with the next report, as the player does

    def quiz(self) -> None:
        module = self.setup["module"]
        status, headers, text = self.request("POST", f"/en/learning/quiz/{module}/start/", form={})
        location = headers.get("Location", "") if status else ""
        started = status == 302 and re.search(r"/attempts/(\d+)/$", location)
        self.note("quiz start", status, bool(started), text)
        if not started:
            return
        attempt = int(started[1])
        status, _headers, text = self.request("GET", location)
        fields = sorted(set(re.findall(r'name="(q_\d+)"', text)))
        self.note("quiz page", status, status == 200 and bool(fields), text)
        if status != 200 or not fields:
            return
        # Wrong on purpose: a failed attempt leaves the next one open (attempts are unlimited).
        answers = dict.fromkeys(fields, "false")
        status, headers, text = self.request(
            "POST", f"/en/learning/quiz/attempts/{attempt}/submit/", form=answers
        )
        location = headers.get("Location", "") if status else ""
        ok = status == 302 and location.endswith(f"/attempts/{attempt}/result/")
        self.note("quiz submit", status, ok, text)
        if ok:
            with self.log.lock:
                self.log.attempts.add(attempt)

    def board(self) -> None:
        self.messages += 1
        token = f"token-{self.number}-{self.messages}-{os.urandom(4).hex()}"
        text_body = f"We would like to take part. Reference {token}."
        if len(self.responses) < RESPONDS_PER_LEARNER and (
            not self.responses or self.messages % 3 == 0
        ):
            listing = self.setup["listings"][len(self.responses)]
            self.tries.append(token)
            status, headers, text = self.request(
                "POST",
                f"/en/partners/listings/{listing}/respond/",
                form={"message": text_body, "website": ""},
            )
            location = headers.get("Location", "") if status else ""
            created = status == 302 and re.search(r"/my/responses/(\d+)/$", location)
            self.note("board: express interest", status, bool(created), text)
            if created:
                # A try that failed may have been saved after all: then the site sends the
                # learner to that response, whose text is the earlier try's.
                self.responses.append(int(created[1]))
                with self.log.lock:
                    self.log.responses[int(created[1])] = list(self.tries)
                self.tries = []
            else:
                with self.log.lock:
                    self.log.failed_tokens.add(token)
            return
        threads = [pk for pk in self.responses if pk]
        if not threads or self.replies >= REPLIES_PER_LEARNER:
            return
        thread = threads[self.messages % len(threads)]
        self.replies += 1
        status, headers, text = self.request(
            "POST",
            f"/en/partners/my/responses/{thread}/reply/",
            form={"body": text_body, "website": ""},
        )
        ok = status == 302 and headers.get("Location", "").endswith(f"/my/responses/{thread}/")
        self.note("board: reply", status, ok, text)
        with self.log.lock:
            if ok:
                self.log.replies[token] = thread
            else:
                self.log.failed_tokens.add(token)

    def search(self) -> None:
        status, _headers, text = self.request("GET", f"/en/search/?q={SEARCH_QUERY}")
        limited = LIMITED_NOTICE in text
        self.note("search", status, status == 200, text)
        with self.log.lock:
            if status == 200 and self.events.get("search_stopped_at") and not limited:
                self.log.search_not_limited_after_stop += 1
            if status == 200 and not self.events.get("search_stop_started") and limited:
                self.log.search_limited_before_stop += 1

    def run(self, deadline: float, pause_s: float) -> None:
        actions = [self.progress, self.quiz, self.progress, self.board, self.search]
        step = self.number  # learners start at different points of the cycle
        while time.monotonic() < deadline:
            actions[step % len(actions)]()
            step += 1
            time.sleep(pause_s)
        with self.log.lock:
            self.log.unsent[self.account["id"]] = self.unsent


# --- Disruptions and the health monitor ----------------------------------------------------


def watch_health(port: int, log: Log, stop: threading.Event, samples: list) -> None:
    while not stop.is_set():
        try:
            status, _body = hb.fetch(port, hb.HEALTH_PATH)
        except (OSError, http.client.HTTPException):
            status = None
        samples.append((log.now(), status))
        stop.wait(0.25)


def disrupt(options, cluster: Cluster, search: SearchStandIn, log: Log, events: dict) -> None:
    time.sleep(options.duration * 0.3)
    events["restart_started"] = log.now()
    events["restart_took"] = cluster.restart()
    events["restart_done"] = log.now()
    print(
        f"  t={events['restart_started']:.1f}s pg_ctl restart -m fast "
        f"({events['restart_took']:.1f}s)",
        flush=True,
    )
    time.sleep(max(0.0, options.duration * 0.6 - log.now()))
    events["search_stop_started"] = log.now()
    search.stop()
    events["search_stopped_at"] = log.now()
    print(f"  t={events['search_stopped_at']:.1f}s search stand-in stopped", flush=True)


# --- The database afterwards --------------------------------------------------------------


def covered(intervals: list[tuple[float, float]], start: float, end: float) -> bool:
    return any(s - 1e-6 <= start and end <= e + 1e-6 for s, e in intervals)


def verify(database_url: str, setup: dict, log: Log, check) -> dict:
    import psycopg

    learner_ids = [learner["id"] for learner in setup["learners"]]
    figures = {}
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT user_id, watched_intervals, watched_seconds FROM courses_moduleprogress"
            " WHERE module_id = %s AND user_id = ANY(%s)",
            (setup["module"], learner_ids),
        ).fetchall()
        stored = {user: (intervals, seconds) for user, intervals, seconds in rows}
        lost = inconsistent = 0
        for user, acknowledged in log.intervals.items():
            intervals = stored.get(user, ([], 0))[0]
            lost += sum(not covered(intervals, s, e) for s, e in set(acknowledged))
        for intervals, seconds in stored.values():
            inconsistent += abs(sum(e - s for s, e in intervals) - seconds) > 0.01
        acknowledged_count = sum(len(set(v)) for v in log.intervals.values())
        check(lost == 0, f"progress: {acknowledged_count} acknowledged intervals, {lost} missing")
        check(inconsistent == 0, f"progress: {inconsistent} rows whose total disagrees")
        figures["progress_intervals_missing"] = lost

        rows = connection.execute(
            "SELECT a.id, a.submitted_at IS NOT NULL, a.score_percent IS NOT NULL,"
            " jsonb_array_length(a.question_ids), count(q.id) FROM courses_quizattempt a"
            " LEFT JOIN courses_quizanswer q ON q.attempt_id = a.id"
            " WHERE a.user_id = ANY(%s) GROUP BY a.id",
            (learner_ids,),
        ).fetchall()
        attempts = {row[0]: row[1:] for row in rows}
        missing = [pk for pk in log.attempts if pk not in attempts or not attempts[pk][0]]
        half = [
            pk
            for pk, (submitted, graded, questions, answers) in attempts.items()
            if (submitted and (not graded or answers != questions))
            or (not submitted and (graded or answers))
        ]
        check(
            not missing, f"quiz: {len(log.attempts)} acknowledged submissions, {len(missing)} lost"
        )
        check(not half, f"quiz: {len(attempts)} attempts stored, {len(half)} half-saved")
        unacknowledged = sum(1 for pk, row in attempts.items() if row[0]) - len(log.attempts)
        figures["quiz_submitted_but_not_acknowledged"] = unacknowledged

        rows = connection.execute(
            "SELECT id, message FROM partnerbourse_listingresponse WHERE responder_id = ANY(%s)",
            (learner_ids,),
        ).fetchall()
        texts = dict(rows)
        lost_responses = [
            pk
            for pk, tokens in log.responses.items()
            if not any(token in texts.get(pk, "") for token in tokens)
        ]
        rows = connection.execute(
            "SELECT m.response_id, m.body FROM partnerbourse_responsemessage m"
            " JOIN partnerbourse_listingresponse r ON r.id = m.response_id"
            " WHERE r.responder_id = ANY(%s)",
            (learner_ids,),
        ).fetchall()
        bodies = defaultdict(str)
        for pk, body in rows:
            bodies[pk] += body
        lost_replies = [t for t, pk in log.replies.items() if t not in bodies[pk]]
        stored_text = "\n".join([*texts.values(), *bodies.values()])
        figures["board_messages_saved_but_reported_failed"] = sum(
            token in stored_text for token in log.failed_tokens
        )
        check(
            not lost_responses,
            f"board: {len(log.responses)} acknowledged expressions of interest, "
            f"{len(lost_responses)} lost",
        )
        check(
            not lost_replies,
            f"board: {len(log.replies)} acknowledged replies, {len(lost_replies)} lost",
        )
    unsent = sum(len(v) for v in log.unsent.values())
    check(unsent == 0, f"progress: {unsent} intervals still unsent when the run ended")
    return figures


# --- Report -------------------------------------------------------------------------------


def summarise(log: Log, events: dict, health: list, check: hb.Check) -> dict:
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for entry in log.entries:
        counts = by_kind[entry.kind]
        counts["ok" if entry.ok else "failed"] += 1
        if not entry.ok:
            counts["no answer" if entry.status is None else f"HTTP {entry.status}"] += 1
            counts["with error page"] += entry.error_page
    print(f"\n{'kind':<26}{'ok':>6}{'failed':>8}  failures")
    for kind, counts in sorted(by_kind.items()):
        detail = ", ".join(
            f"{key} {value}" for key, value in sorted(counts.items()) if key not in ("ok", "failed")
        )
        print(f"{kind:<26}{counts['ok']:>6}{counts['failed']:>8}  {detail}")

    start, done = events["restart_started"], events["restart_done"]
    failures = [e.at for e in log.entries if not e.ok]
    last_failure = max(failures, default=start)
    back = min((e.at for e in log.entries if e.ok and e.at > last_failure), default=None)
    health_back = next(
        (at for at, status in health if status == 200 and at >= done),
        None,
    )

    def since_restart(at):
        return None if at is None else round(at - start, 2)

    figures = {
        "pg_ctl_restart_s": round(events["restart_took"], 2),
        "failed_requests": len(failures),
        "first_failure_s": since_restart(min(failures, default=None)),
        "last_failure_s": since_restart(max(failures, default=None)),
        "all_requests_ok_again_s": since_restart(back),
        "healthz_200_again_s": since_restart(health_back),
    }
    print(
        f"\nPostgreSQL restart at t={start:.1f}s (pg_ctl took {events['restart_took']:.1f}s). "
        "Seconds after it began: first failed request "
        f"{figures['first_failure_s']}, last {figures['last_failure_s']}; every request ok "
        f"again from {figures['all_requests_ok_again_s']}; /healthz 200 again at "
        f"{figures['healthz_200_again_s']}"
    )
    print("Checks:")
    failed_5xx = [e for e in log.entries if not e.ok and (e.status or 0) >= 500]
    check(
        all(e.error_page for e in failed_5xx),
        f"every failed page request showed the error page ({len(failed_5xx)} 5xx in all)",
    )
    outside = [at for at in failures if not start <= at <= done + 5]
    check(
        not outside,
        f"no request failed outside the restart (up to 5 s after pg_ctl returned): {outside}",
    )
    end = max((e.at for e in log.entries), default=0)
    tail = [e for e in log.entries if e.at >= end - 5 and e.kind != "search"]
    check(
        bool(tail) and all(e.ok for e in tail),
        f"recovered without manual action: the last 5 s of writes all succeeded ({len(tail)})",
    )
    kinds_back = {e.kind for e in log.entries if e.ok and e.at > events["restart_done"]}
    check(
        {"progress", "quiz submit"} <= kinds_back
        and kinds_back & {"board: express interest", "board: reply"},
        "progress, quiz and board writes all succeeded again after the restart",
    )
    searches_after = [
        e for e in log.entries if e.kind == "search" and e.at > events["search_stopped_at"]
    ]
    check(
        bool(searches_after) and all(e.ok for e in searches_after),
        f"search answered 200 after the search server stopped ({len(searches_after)} searches)",
    )
    check(
        log.search_not_limited_after_stop == 0,
        "…and said search is limited every time"
        f" ({log.search_not_limited_after_stop} pages did not)",
    )
    check(
        log.search_limited_before_stop == 0,
        f"search was not limited while the server answered ({log.search_limited_before_stop})",
    )
    return figures


def run(options, workdir: Path, cluster: Cluster, check: hb.Check) -> dict:
    database_url = f"{cluster.url}/heritagehub_resilience"
    environment = hb.site_environment(workdir, database_url)
    environment.update(
        # Its own database, whatever the shell's CACHE_URL says: the setup empties it.
        CACHE_URL=f"redis://{hb.HOST}:6379/{options.redis_db}",
        SEARCH_BACKEND="database",
        TASKS_BACKEND="immediate",
        LOG_LEVEL="ERROR",
    )
    import psycopg

    with psycopg.connect(f"{cluster.url}/postgres", autocommit=True) as connection:
        connection.execute("CREATE DATABASE heritagehub_resilience")
    setup_log = workdir / "setup.log"
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        hb.run_setup_step(args, environment, setup_log)
    output = workdir / "setup.json"
    script = workdir / "setup.py"
    script.write_text(SETUP_SCRIPT.format(learners=options.learners, output=str(output)))
    hb.run_setup_step(
        ["shell", "-c", f"exec(open({str(script)!r}).read())"], environment, setup_log
    )
    setup = json.loads(output.read_text())

    search = SearchStandIn()
    environment.update(
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=f"http://{hb.HOST}:{search.port}",
        SEARCH_TIMEOUT="2",
    )
    port = hb.free_port()
    server_log = workdir / "gunicorn.log"
    server = hb.start_server(environment, port, options.workers, server_log)
    try:
        hb.wait_until_healthy(server, port, hb.SERVER_START_TIMEOUT_S)
        print(
            f"gunicorn: {options.workers} sync workers on port {port}; PostgreSQL on port "
            f"{cluster.port}; {options.learners} learners for {options.duration:g}s; "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
        )
        log, events, health = Log(), {}, []
        stop = threading.Event()
        monitor = threading.Thread(target=watch_health, args=(port, log, stop, health))
        monitor.start()
        cpu_before = hb.process_tree_cpu_seconds(server.pid)
        client_cpu_before = time.process_time()
        deadline = time.monotonic() + options.duration
        learners = [
            threading.Thread(
                target=Learner(n, setup, port, log, events).run, args=(deadline, options.pause)
            )
            for n in range(options.learners)
        ]
        for thread in learners:
            thread.start()
        disrupt(options, cluster, search, log, events)
        for thread in learners:
            thread.join()
        stop.set()
        monitor.join()
        cpu_seconds = hb.process_tree_cpu_seconds(server.pid) - cpu_before
        client_cpu = time.process_time() - client_cpu_before
        figures = summarise(log, events, health, check)
        figures.update(verify(database_url, setup, log, check))
        figures.update(
            requests=len(log.entries),
            server_cpu_s=round(cpu_seconds, 1),
            client_cpu_s=round(client_cpu, 1),
            load_average_1min_at_end=round(os.getloadavg()[0], 2),
        )
        return figures
    except Exception:
        print(f"gunicorn log:\n{hb.tail(server_log)}", file=sys.stderr)
        raise
    finally:
        hb.stop_server(server)
        search.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=hb.positive_number, default=60)
    parser.add_argument("--learners", type=int, default=6, help="threads, one learner each")
    parser.add_argument(
        "--pause", type=float, default=0.2, help="seconds between a learner's requests"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg-bin", type=Path, default=PG_BIN)
    parser.add_argument(
        "--redis-db", type=int, default=12, help="the Redis database to use (and empty)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    options = parser.parse_args(argv)
    if not (options.pg_bin / "initdb").exists():
        print(f"SKIPPED: no PostgreSQL server binaries in {options.pg_bin} (--pg-bin)")
        return 0
    # Production settings refuse to start without a shared cache.
    if not hb.redis_reachable():
        print(f"SKIPPED: no Redis at {hb.HOST}:6379")
        return 0
    signal.signal(signal.SIGTERM, hb.raise_on_sigterm)
    workdir = Path(tempfile.mkdtemp(prefix="heritage-hub-resilience-"))
    cluster = Cluster(
        Path(tempfile.mkdtemp(prefix="heritage-hub-resilience-pg-")), hb.free_port(), options.pg_bin
    )
    check = hb.Check()
    started = time.monotonic()
    try:
        cluster.create()
        figures = run(options, workdir, cluster, check)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"Check failed to run: {error}", file=sys.stderr)
        return 2
    finally:
        try:
            cluster.stop()
        except RuntimeError as error:
            print(error, file=sys.stderr)
        if options.keep:
            print(f"Kept {workdir} and {cluster.directory}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            shutil.rmtree(cluster.directory, ignore_errors=True)
    figures["wall_s"] = round(time.monotonic() - started, 1)
    print(json.dumps({**figures, "failures": check.failures}))
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
