"""Throughput of the progress endpoint, the one request every learner's player sends every 15
seconds while a recording plays.

Why: a course with a few hundred learners watching at once sends tens of progress reports a
second, each a small authenticated JSON write (validate, lock the learner's progress row, merge
the played intervals, check completion). The target is at least 200 requests/s from gunicorn on
this machine, with the production settings.

How: the environment, server and measurements of ``http_benchmark.py`` (imported, not
copied): a throw-away database (or DATABASE_URL's: use PostgreSQL, as in production, since
SQLite serialises every write), ``migrate``, gunicorn with 2 gthread workers of 4 threads
(what production should run: a report spends most of its time waiting for PostgreSQL and
Redis, which threads overlap, and the connection stays open between reports where a sync
worker closes it; ``--worker-class sync`` for comparison). Then a course of
the benchmark's own with one module and ``--learners`` enrolled learners, each with a
logged-in session and a CSRF token (repeated runs on one database reuse them). wrk (with a Lua
script; ``apt-get install wrk``) or, without it or with ``--no-wrk``, a Python load generator
(threads, http.client, which takes far more of the shared CPU) posts reports round-robin over
the learners, so the per-learner rate limit (60 a minute) is not what is measured; each
learner's report extends their played range by 5 seconds as a player's would (the server credits
it as far as the real time since that learner's previous report allows, and the first report of
each learner only begins the viewing; either way every report does the same work). ``--rounds``
loads the same server several times (default 3) and reports the best and the median, since
other work on the machine moves requests/s; CPU ms/request is the steadier figure.
Every answer must be 200: a 403, 429 or 500 counts as a failure.

Run: ``uv run python benchmarks/progress_benchmark.py`` (``--help`` for options), with
``DATABASE_URL=postgres://...`` for PostgreSQL. It prints requests/s, latency percentiles and
the server's CPU milliseconds per request, and exits 1 when requests failed or the rate is below
``--target``.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import http_benchmark as bench

TARGET_RPS = 200.0

# Run inside ``manage.py shell`` with the benchmark's settings: a course of its own (so the
# figures do not depend on the demo content), enrolled learners and their sessions.
SETUP_SCRIPT = """
import json
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from wagtail.models import Site
from cms.users.models import User
from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import CourseIndexPage, CoursePage, ModulePage, ModuleProgress
from courses.services.enrolment import enrolment_create

# Safe to repeat on the same database (DATABASE_URL): everything is found again or created.
home = Site.objects.get(is_default_site=True).root_page
index = CourseIndexPage.objects.filter(slug="benchmark-courses").first()
index = index or CourseIndexPageFactory(
    parent=home, title="Benchmark courses", slug="benchmark-courses"
)
course = CoursePage.objects.child_of(index).filter(slug="benchmark-course").first()
course = course or CoursePageFactory(
    parent=index, title="Benchmark course", slug="benchmark-course"
)
# Ten hours long, so no learner completes it during the run and every report does the full
# work of a report in progress (merge, save, completion check).
module = ModulePage.objects.child_of(course).first() or ModulePageFactory(
    parent=course, title="Benchmark module", duration_seconds=36000
)
ModuleProgress.objects.filter(module=module).delete()
learners = []
for number in range({learners}):
    user, _ = User.objects.get_or_create(
        email=f"bench-{{number}}@example.org", defaults={{"display_name": "Learner"}}
    )
    enrolment_create(user=user, course=course)
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    learners.append({{
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "csrf": _get_new_csrf_string(),
    }})
with open({output!r}, "w") as output:
    json.dump({{
        "path": f"/en/learning/modules/{{module.pk}}/progress/",
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "learners": learners,
    }}, output)
"""


def create_learners(environment: dict[str, str], workdir: Path, count: int) -> dict:
    output = workdir / "learners.json"
    script = workdir / "create_learners.py"
    script.write_text(SETUP_SCRIPT.format(learners=count, output=str(output)))
    command = f"exec(open({str(script)!r}).read())"
    bench.run_setup_step(["shell", "-c", command], environment, workdir / "setup.log")
    return json.loads(output.read_text())


# wrk's Lua side of the same load: each wrk thread takes every n-th learner (so no two threads
# report for one learner at once) and extends that learner's played range by 5 seconds a
# report; the status counting is http_benchmark's.
WRK_PROGRESS_SCRIPT = """\
local learners = {learners}
local path = "{path}"
local session_cookie, csrf_cookie = "{session_cookie}", "{csrf_cookie}"
local threads = {{}}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    thread:set("count", {threads})
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    statuses = {{}}
    played = {{}}
    cursor = id
end

function request()
    local index = cursor % #learners + 1
    cursor = cursor + count
    local learner = learners[index]
    local seconds = (played[index] or {start_seconds}) + 5
    played[index] = seconds
    local body = string.format('{{"intervals": [[0, %d]], "position": %d}}', seconds, seconds)
    local headers = {{
        ["Content-Type"] = "application/json",
        ["X-CSRFToken"] = learner[2],
        ["Cookie"] = session_cookie .. "=" .. learner[1] .. "; "
            .. csrf_cookie .. "=" .. learner[2],
    }}
    return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            io.write(string.format("status %d %d\\n", status, count))
        end
    end
end
"""


def wrk_progress_load(
    port: int, setup: dict, options: argparse.Namespace, script: Path, start_seconds: int
) -> bench.LoadResult:
    """The load of ``progress_load`` sent by wrk, which needs far less CPU than Python."""
    learners = ", ".join(
        f'{{"{learner["session"]}", "{learner["csrf"]}"}}' for learner in setup["learners"]
    )
    threads = min(options.threads, options.connections)
    script.write_text(
        WRK_PROGRESS_SCRIPT.format(
            learners="{" + learners + "}",
            path=setup["path"],
            session_cookie=setup["session_cookie"],
            csrf_cookie=setup["csrf_cookie"],
            threads=threads,
            start_seconds=start_seconds,
        )
    )
    return bench.run_wrk(
        port, setup["path"], options.duration, options.connections, threads, script
    )


def progress_load(port: int, setup: dict, duration_s: float, connections: int) -> bench.LoadResult:
    """Like ``http_benchmark.python_load``, but POSTing reports as the learners' players do."""
    learners = setup["learners"]
    next_learner = itertools.count()
    played = Counter()  # seconds each learner has played so far
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0
    deadline = time.monotonic() + duration_s

    def next_request() -> tuple[dict[str, str], bytes]:
        with lock:
            index = next(next_learner) % len(learners)
            played[index] += 5
            seconds = played[index]
        learner = learners[index]
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": learner["csrf"],
            "Cookie": f"{setup['session_cookie']}={learner['session']}; "
            f"{setup['csrf_cookie']}={learner['csrf']}",
        }
        body = json.dumps({"intervals": [[0, seconds]], "position": seconds}).encode()
        return headers, body

    def worker() -> None:
        nonlocal errors
        own_latencies, own_statuses, own_errors = [], Counter(), 0
        connection = http.client.HTTPConnection(bench.HOST, port, timeout=bench.REQUEST_TIMEOUT_S)
        try:
            while time.monotonic() < deadline:
                headers, body = next_request()
                started = time.perf_counter()
                try:
                    connection.request("POST", setup["path"], body=body, headers=headers)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    own_errors += 1
                    connection.close()
                    time.sleep(0.01)
                    continue
                own_latencies.append((time.perf_counter() - started) * 1000)
                own_statuses[response.status] += 1
        finally:
            connection.close()
            with lock:
                latencies.extend(own_latencies)
                statuses.update(own_statuses)
                errors += own_errors

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration_s + bench.REQUEST_TIMEOUT_S + 5)
    elapsed_s = time.monotonic() - started
    latencies.sort()
    return bench.LoadResult(
        requests=len(latencies),
        elapsed_s=elapsed_s,
        requests_per_s=len(latencies) / elapsed_s,
        p50_ms=bench.percentile(latencies, 50),
        p99_ms=bench.percentile(latencies, 99),
        errors=errors,
        statuses=statuses,
    )


def measure(
    server_pid: int, port: int, setup: dict, options: argparse.Namespace, workdir: Path, round_: int
) -> bench.PathResult:
    """One measured load of the running server, with the CPU time it took."""
    use_wrk = not options.no_wrk and bench.wrk_available()
    cpu_before = bench.process_tree_cpu_seconds(server_pid)
    if use_wrk:
        # Beyond what earlier rounds played, so that every report still adds watched time.
        start_seconds = 3600 * round_
        load = wrk_progress_load(port, setup, options, workdir / "progress.lua", start_seconds)
    else:
        load = progress_load(port, setup, options.duration, options.connections)
    cpu_seconds = bench.process_tree_cpu_seconds(server_pid) - cpu_before
    return bench.PathResult(
        path=f"POST {setup['path']}",
        generator="wrk" if use_wrk else "python",
        requests=load.requests,
        requests_per_s=round(load.requests_per_s, 1),
        p50_ms=round(load.p50_ms, 2),
        p99_ms=round(load.p99_ms, 2),
        cpu_ms_per_request=round(cpu_seconds * 1000 / load.requests, 2) if load.requests else None,
        non_2xx=load.non_2xx,
        errors=load.errors,
        statuses={str(status): count for status, count in sorted(load.statuses.items())},
    )


def run(options: argparse.Namespace, workdir: Path, database_url: str) -> list[bench.PathResult]:
    print(f"Database: {bench.masked_database_url(database_url)}")
    environment = bench.site_environment(workdir, database_url)
    # Only the schema: the endpoint needs no demo content or static files, and the benchmark
    # builds its own course, so other apps' demo data cannot change the figures.
    bench.run_setup_step(["migrate", "--noinput"], environment, workdir / "setup.log")
    setup = create_learners(environment, workdir, options.learners)

    port = bench.free_port()
    server_log = workdir / "gunicorn.log"
    server = bench.start_server(
        environment, port, options.workers, server_log, options.worker_class, options.worker_threads
    )
    try:
        bench.wait_until_healthy(server, port, bench.SERVER_START_TIMEOUT_S)
        generator = "wrk" if not options.no_wrk and bench.wrk_available() else "python"
        workers = f"{options.workers} {options.worker_class} workers"
        if options.worker_class == "gthread":
            workers += f" x {options.worker_threads} threads"
        print(
            f"gunicorn: {workers} on http://{bench.HOST}:{port}; "
            f"{options.learners} learners over {options.connections} connections ({generator}), "
            f"{options.rounds} x {options.duration:g}s of POST {setup['path']}"
        )
        if options.warmup > 0:
            progress_load(port, setup, options.warmup, options.connections)
        results = []
        for round_ in range(1, options.rounds + 1):
            # Other work on the machine moves requests/s: each round says how busy it was.
            print(
                f"  round {round_}: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
            )
            results.append(measure(server.pid, port, setup, options, workdir, round_))
        return results
    except Exception:
        print(f"gunicorn log ({server_log}):\n{bench.tail(server_log)}", file=sys.stderr)
        raise
    finally:
        bench.stop_server(server)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=bench.positive_number, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measured loads of the same server; the best and the median are reported "
        "(default: %(default)s)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread"],
        default="gthread",
        help="gunicorn worker class; gthread keeps connections open (default: %(default)s)",
    )
    parser.add_argument(
        "--worker-threads",
        type=int,
        default=4,
        help="threads per gthread worker (default: %(default)s)",
    )
    parser.add_argument(
        "--learners",
        type=int,
        default=500,
        help="enrolled learners the reports rotate over (default: %(default)s)",
    )
    parser.add_argument(
        "--target",
        type=float,
        default=TARGET_RPS,
        help="requests/s below which the run fails; 0 to only report (default: %(default)s)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="wrk threads; they take CPU from the server (default: %(default)s)",
    )
    parser.add_argument(
        "--no-wrk", action="store_true", help="use the Python load generator even if wrk is here"
    )
    parser.add_argument("--sqlite", action="store_true", help="ignore DATABASE_URL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args(argv)
    counts = (options.connections, options.workers, options.learners, options.threads)
    if min(*counts, options.worker_threads) < 1:
        parser.error(
            "--connections, --workers, --worker-threads, --learners and --threads must be at "
            "least 1"
        )
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    signal.signal(signal.SIGTERM, bench.raise_on_sigterm)
    try:
        with bench.scratch_dir("heritage-hub-progress-bench-", keep=options.keep) as workdir:
            database_url = bench.choose_database_url(options, workdir)
            results = run(options, workdir, database_url)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except bench.SETUP_ERRORS as error:
        print(f"Benchmark failed: {error}", file=sys.stderr)
        return 2

    print()
    print(bench.format_table(results))
    best = max(results, key=lambda result: result.requests_per_s)
    if len(results) > 1:
        rates = sorted(result.requests_per_s for result in results)
        cpu = sorted(r.cpu_ms_per_request for r in results if r.cpu_ms_per_request is not None)
        print(
            f"\nBest {best.requests_per_s:.1f} requests/s, median {rates[len(rates) // 2]:.1f}; "
            f"CPU ms/request best {cpu[0]:.2f}, median {cpu[len(cpu) // 2]:.2f}"
        )
    verdict = "met" if best.requests_per_s >= options.target else "NOT met"
    print(f"\nTarget >= {options.target:g} requests/s: {verdict} (best {best.requests_per_s:.1f})")
    if failures := bench.describe_failures(results):
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0 if best.requests_per_s >= options.target else 1


if __name__ == "__main__":
    sys.exit(main())
