"""HTTP benchmark and smoke test of the site as production serves it.

Why: the figures that matter for hosting are what one gunicorn worker can serve and how much
CPU each request costs, measured with the production settings (compressed static files, the
security middleware, no debug) rather than with ``runserver``. The same run doubles as a smoke
test: it exits non-zero when any request fails or answers with a status outside 2xx, so a
redirect (for instance to HTTPS) or a missing static file shows up as a failure.

How:

1. A throw-away environment in a temporary directory: a fresh SQLite database, ``migrate``,
   ``load_demo`` and ``collectstatic`` into a temporary STATIC_ROOT, with
   ``cms.settings.production``, a random SECRET_KEY and plain HTTP allowed. When DATABASE_URL
   is set (PostgreSQL, say), that database is migrated and gets the demo content instead
   (``--sqlite`` ignores it). The cache is the environment's CACHE_URL, else Redis database 10
   on 127.0.0.1:6379 (production settings require a shared cache).
2. gunicorn (``cms.wsgi:application``, 2 sync workers) on a free port of 127.0.0.1; the run
   waits for ``/healthz`` and always stops the server at the end, on Ctrl-C too.
3. Each path in turn gets a short warm-up (not measured), then a load of ``--duration`` seconds over
   ``--connections`` connections: with wrk when it is installed, else with a Python load
   generator (threads and http.client) that measures the same figures.
4. The server's CPU time (user + system, master and workers, read from /proc) before and after
   each load, divided by the completed requests, gives the CPU milliseconds per request. That
   figure is steadier than requests/s, which depends on everything else running: client and
   server share the machine's cores, and the Python generator needs far more CPU than wrk.
   Compare figures from the same generator only (the Python one also raises CPU ms/request,
   by about a third in trials on a 2-core machine).

Run: ``uv run python benchmarks/http_benchmark.py`` (or ``make bench``); more paths with
``--path /en/about/ --path /de/``, figures to a file with ``--json benchmarks/results/run.json``,
``--no-wrk`` for the Python generator, ``--help`` for the rest. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# The home page, a section index and two content pages of the demo (cms/home/demo_sections.py):
# the page shapes that carry most traffic, each with its own queries.
DEFAULT_PATHS = [
    "/en/",
    "/en/factsheets/",
    "/en/factsheets/accessible-exhibition-labels/",
    "/en/best-practices/volunteer-digitisation-day/",
    "/healthz",
]
HEALTH_PATH = "/healthz"
REQUEST_TIMEOUT_S = 5.0
# Generous: on a busy shared machine, gunicorn workers take a while to import Django and Wagtail.
SERVER_START_TIMEOUT_S = 180.0
SETUP_STEP_TIMEOUT_S = 600.0
# Production settings refuse to start without a shared cache (cms/settings/production.py): the
# site uses the environment's CACHE_URL, else this Redis database on this machine.
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/10"
CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")

# wrk itself only tells "Non-2xx or 3xx responses", so a redirect would pass unnoticed; this
# script counts the responses of every wrk thread by status and prints the totals at the end.
WRK_STATUS_SCRIPT = """\
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    statuses = {}
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


@dataclass
class LoadResult:
    """What one load phase on one path produced, as measured by the load generator."""

    requests: int
    elapsed_s: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int  # connection failures and timeouts: requests that got no response
    statuses: Counter = field(default_factory=Counter)

    @property
    def non_2xx(self) -> int:
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 300)


@dataclass
class PathResult:
    """The figures reported for one path."""

    path: str
    generator: str
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float | None
    non_2xx: int
    errors: int
    statuses: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.requests > 0 and self.non_2xx == 0 and self.errors == 0


# --- The throw-away environment -------------------------------------------------------------


def masked_database_url(url: str) -> str:
    """The URL with its password replaced, for printing."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def site_environment(workdir: Path, database_url: str) -> dict[str, str]:
    """Environment variables for manage.py and gunicorn: production settings, plain HTTP."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        PYTHONUNBUFFERED="1",
    )
    if not environment.get("CACHE_URL"):
        if not redis_reachable():
            raise RuntimeError(
                "production settings need a shared cache: start Redis on 127.0.0.1:6379 or set "
                "CACHE_URL"
            )
        environment["CACHE_URL"] = DEFAULT_CACHE_URL
    return environment


def redis_reachable(host: str = HOST, port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def run_setup_step(args: list[str], environment: dict[str, str], log_path: Path) -> None:
    """Run one manage.py command, appending its output to the setup log."""
    started = time.monotonic()
    print(f"  manage.py {' '.join(args)} ...", end="", flush=True)
    with log_path.open("a") as log:
        log.write(f"$ manage.py {' '.join(args)}\n")
        log.flush()
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=SETUP_STEP_TIMEOUT_S,
            check=False,
        )
    print(f" {time.monotonic() - started:.1f}s")
    if completed.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{tail(log_path)}")


def prepare_site(environment: dict[str, str], log_path: Path) -> None:
    """Migrate, load the demo content, collect the static files and empty the page cache.

    The shared cache outlives a run: the pages an earlier run cached (of another database,
    perhaps) must not be served to this one.
    """
    for args in (
        ["migrate", "--noinput"],
        ["load_demo"],
        ["collectstatic", "--noinput"],
        ["shell", "-c", "from cms.pagecache import store; store.purge_all()"],
    ):
        run_setup_step(args, environment, log_path)


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- The server -------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def gunicorn_command(
    port: int, workers: int, worker_class: str = "sync", worker_threads: int = 1
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cms.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--timeout={int(REQUEST_TIMEOUT_S * 6)}",
    ]
    if worker_class == "gthread":
        # Threads share a worker's CPU but keep client connections open between requests,
        # which sync workers close after every response.
        command.append(f"--threads={worker_threads}")
    if gunicorn_has_setting("control_socket"):
        # gunicorn 25+ opens a control socket under ~/.gunicorn, shared by every server.
        command.append("--no-control-socket")
    return command


def gunicorn_has_setting(name: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == name for setting in KNOWN_SETTINGS)


def start_server(
    environment: dict[str, str],
    port: int,
    workers: int,
    log_path: Path,
    worker_class: str = "sync",
    worker_threads: int = 1,
) -> subprocess.Popen:
    """Start gunicorn in a session of its own, so that stopping it reaches every worker."""
    with log_path.open("w") as log:
        return subprocess.Popen(
            gunicorn_command(port, workers, worker_class, worker_threads),
            cwd=REPO_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_healthy(server: subprocess.Popen, port: int, timeout_s: float) -> None:
    """Poll /healthz until it answers 200; fail early if gunicorn exits."""
    deadline = time.monotonic() + timeout_s
    last_problem = "no answer"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            status, _body = fetch(port, HEALTH_PATH)
        except (OSError, http.client.HTTPException) as error:
            last_problem = str(error)
        else:
            if status == 200:
                return
            last_problem = f"HTTP {status}"
        time.sleep(0.2)
    raise RuntimeError(f"{HEALTH_PATH} did not answer 200 within {timeout_s:.0f}s: {last_problem}")


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def stop_server(server: subprocess.Popen) -> None:
    """Graceful stop (SIGTERM), then SIGKILL to the whole process group if it hangs."""
    if server.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


# --- CPU time from /proc --------------------------------------------------------------------


def read_proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU clock ticks) of a process, or None once it has gone.

    The ticks are utime + stime, plus cutime + cstime: the time of children it has reaped, so
    that a worker which gunicorn replaced during the load is still counted through the master.
    """
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name (field 2) is in parentheses and may contain spaces; fields after it
    # start with the state (field 3), so field n is at index n - 3.
    fields = raw[raw.rindex(")") + 2 :].split()
    parent = int(fields[4 - 3])
    ticks = sum(int(fields[n - 3]) for n in (14, 15, 16, 17))
    return parent, ticks


def all_processes() -> dict[int, tuple[int, int]]:
    """Every visible process: pid -> (parent pid, CPU ticks)."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = read_proc_stat(int(entry.name))
            if stat is not None:
                processes[int(entry.name)] = stat
    return processes


def process_tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds used so far by a process and all its descendants.

    The whole of /proc is read rather than /proc/<pid>/task/*/children, which needs a kernel
    option (CONFIG_PROC_CHILDREN) that not every machine has.
    """
    processes = all_processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _ticks) in processes.items():
        children.setdefault(parent, []).append(pid)
    total_ticks, pending = 0, [root_pid]
    while pending:
        pid = pending.pop()
        if pid in processes:
            total_ticks += processes[pid][1]
            pending.extend(children.get(pid, []))
    return total_ticks / CLOCK_TICKS_PER_S


# --- Load generators --------------------------------------------------------------------------


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    port: int, path: str, duration_s: float, connections: int, threads: int, script: Path
) -> LoadResult:
    command = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(duration_s))}s",
        f"--timeout={int(REQUEST_TIMEOUT_S)}s",
        "--latency",
        f"--script={script}",
        f"http://{HOST}:{port}{path}",
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=duration_s + 60, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    return parse_wrk_output(completed.stdout)


WRK_TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk_output(output: str) -> LoadResult:
    """Read requests, requests/s, p50/p99, socket errors and status counts from wrk's report."""
    percentiles = {
        int(match["pct"]): float(match["value"]) * WRK_TIME_UNITS_MS[match["unit"]]
        for match in re.finditer(
            r"^\s*(?P<pct>\d+)%\s+(?P<value>[\d.]+)(?P<unit>us|ms|s|m|h)\s*$", output, re.M
        )
    }
    totals = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", output, re.M)
    rate = re.search(r"^Requests/sec:\s*([\d.]+)", output, re.M)
    if not (totals and rate and 50 in percentiles and 99 in percentiles):
        raise ValueError(f"Unexpected wrk output:\n{output}")
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.M)
    errors = sum(int(n) for n in re.findall(r"\d+", socket_errors[1])) if socket_errors else 0
    statuses: Counter = Counter()
    for status, count in re.findall(r"^status (\d+) (\d+)$", output, re.M):
        statuses[int(status)] += int(count)
    if statuses.total() != int(totals[1]):
        raise ValueError(f"wrk's status counts do not add up to its requests:\n{output}")
    return LoadResult(
        requests=int(totals[1]),
        elapsed_s=float(totals[2]) * WRK_TIME_UNITS_MS[totals[3]] / 1000,
        requests_per_s=float(rate[1]),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        errors=errors,
        statuses=statuses,
    )


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def python_load(port: int, path: str, duration_s: float, connections: int) -> LoadResult:
    """One thread per connection, each sending GET requests back to back until the deadline.

    http.client reuses the connection while the server keeps it open and reconnects when it
    does not (gunicorn's sync workers close every connection), as wrk does.
    """
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + duration_s

    def worker() -> None:
        nonlocal errors
        own_latencies, own_statuses, own_errors = [], Counter(), 0
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    own_errors += 1
                    connection.close()
                    time.sleep(0.01)  # don't spin on a server that refuses connections
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
        thread.join(duration_s + REQUEST_TIMEOUT_S + 5)
    elapsed_s = time.monotonic() - started
    latencies.sort()
    return LoadResult(
        requests=len(latencies),
        elapsed_s=elapsed_s,
        requests_per_s=len(latencies) / elapsed_s,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        errors=errors,
        statuses=statuses,
    )


# --- One path ---------------------------------------------------------------------------------


def benchmark_path(
    server_pid: int, port: int, path: str, options: argparse.Namespace, wrk_script: Path | None
) -> PathResult:
    """Warm the path up, then load it while measuring the server's CPU time."""
    if options.warmup > 0:
        python_load(port, path, options.warmup, options.connections)
    cpu_before = process_tree_cpu_seconds(server_pid)
    if wrk_script is not None:
        generator = "wrk"
        load = run_wrk(
            port, path, options.duration, options.connections, options.threads, wrk_script
        )
    else:
        generator = "python"
        load = python_load(port, path, options.duration, options.connections)
    cpu_seconds = process_tree_cpu_seconds(server_pid) - cpu_before
    return PathResult(
        path=path,
        generator=generator,
        requests=load.requests,
        requests_per_s=round(load.requests_per_s, 1),
        p50_ms=round(load.p50_ms, 2),
        p99_ms=round(load.p99_ms, 2),
        cpu_ms_per_request=round(cpu_seconds * 1000 / load.requests, 2) if load.requests else None,
        non_2xx=load.non_2xx,
        errors=load.errors,
        statuses={str(status): count for status, count in sorted(load.statuses.items())},
    )


# --- Report -----------------------------------------------------------------------------------

COLUMNS = [
    ("path", "path", "<", "{}"),
    ("requests", "requests", ">", "{:d}"),
    ("req/s", "requests_per_s", ">", "{:.1f}"),
    ("p50 ms", "p50_ms", ">", "{:.2f}"),
    ("p99 ms", "p99_ms", ">", "{:.2f}"),
    ("CPU ms/req", "cpu_ms_per_request", ">", "{:.2f}"),
    ("non-2xx", "non_2xx", ">", "{:d}"),
    ("errors", "errors", ">", "{:d}"),
]


def format_table(results: list[PathResult]) -> str:
    rows = [[title for title, *_ in COLUMNS]]
    for result in results:
        row = []
        for _title, attribute, _align, template in COLUMNS:
            value = getattr(result, attribute)
            row.append("-" if value is None else template.format(value))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_t, _a, align, _f), width in zip(row, COLUMNS, widths, strict=True)
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def describe_failures(results: list[PathResult]) -> list[str]:
    return [
        f"{result.path}: {result.requests} responses, statuses {result.statuses}, "
        f"{result.errors} requests without a response"
        for result in results
        if not result.ok
    ]


def write_json(path: Path, results: list[PathResult], run_info: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {**run_info, "results": [{**asdict(r), "ok": r.ok} for r in results]}
    path.write_text(json.dumps(document, indent=2) + "\n")


# --- Command line -----------------------------------------------------------------------------


def positive_number(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--path",
        action="append",
        dest="paths",
        metavar="PATH",
        help=f"URL path to load; repeat for more (default: {' '.join(DEFAULT_PATHS)})",
    )
    parser.add_argument(
        "--duration",
        type=positive_number,
        default=10,
        help="seconds of load per path, whole seconds with wrk (default: %(default)s)",
    )
    parser.add_argument(
        "--connections", type=int, default=8, help="concurrent connections (default: %(default)s)"
    )
    parser.add_argument(
        "--warmup", type=float, default=1, help="seconds of warm-up per path (default: %(default)s)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn sync workers (default: %(default)s)"
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
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help="use a throw-away SQLite file even when DATABASE_URL is set",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory and its logs"
    )
    options = parser.parse_args(argv)
    options.paths = options.paths or list(DEFAULT_PATHS)
    if bad := [path for path in options.paths if not path.startswith("/")]:
        parser.error(f"paths must start with '/': {', '.join(bad)}")
    if options.connections < 1 or options.workers < 1 or options.threads < 1:
        parser.error("--connections, --workers and --threads must be at least 1")
    return options


def raise_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


class Check:
    """The pass/fail lines of a check script (scaleout, resilience); ``failures`` lists what
    failed."""

    def __init__(self):
        self.failures: list[str] = []

    def __call__(self, ok: bool, what: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            self.failures.append(what)


# What a benchmark reports as "Benchmark failed" (exit 2) rather than as a traceback.
SETUP_ERRORS = (RuntimeError, ValueError, subprocess.TimeoutExpired)


@contextlib.contextmanager
def scratch_dir(prefix: str, *, keep: bool):
    """A temporary working folder for one run, removed afterwards unless ``keep``."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield workdir
    finally:
        if keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def choose_database_url(options: argparse.Namespace, workdir: Path) -> str:
    """The user's DATABASE_URL if set (and not --sqlite), else a new SQLite file in workdir."""
    if os.environ.get("DATABASE_URL") and not options.sqlite:
        return os.environ["DATABASE_URL"]
    return f"sqlite:///{workdir / 'bench.sqlite3'}"


def run(options: argparse.Namespace, workdir: Path, database_url: str) -> list[PathResult]:
    """Prepare the site, serve it and load every path; the server is stopped in every case."""
    print(f"Database: {masked_database_url(database_url)}")
    environment = site_environment(workdir, database_url)
    prepare_site(environment, workdir / "setup.log")

    wrk_script = None
    if not options.no_wrk and wrk_available():
        wrk_script = workdir / "status_counts.lua"
        wrk_script.write_text(WRK_STATUS_SCRIPT)
    generator = "wrk" if wrk_script else "Python load generator"
    if not options.no_wrk and wrk_script is None:
        generator += " (wrk is not installed: apt-get install wrk)"

    port = free_port()
    server_log = workdir / "gunicorn.log"
    server = start_server(environment, port, options.workers, server_log)
    try:
        wait_until_healthy(server, port, SERVER_START_TIMEOUT_S)
        print(
            f"gunicorn: {options.workers} sync workers on http://{HOST}:{port} (pid {server.pid});"
            f" load: {generator}, {options.connections} connections, {options.duration:g}s a path"
        )
        # Client and server share the machine: other busy processes lower requests/s.
        print(f"Load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        results = []
        for path in options.paths:
            print(f"  {path} ...", flush=True)
            results.append(benchmark_path(server.pid, port, path, options, wrk_script))
        return results
    except Exception:
        print(f"gunicorn log ({server_log}):\n{tail(server_log)}", file=sys.stderr)
        raise
    finally:
        stop_server(server)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    signal.signal(signal.SIGTERM, raise_on_sigterm)
    try:
        with scratch_dir("heritage-hub-bench-", keep=options.keep) as workdir:
            database_url = choose_database_url(options, workdir)
            results = run(options, workdir, database_url)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except SETUP_ERRORS as error:
        print(f"Benchmark failed: {error}", file=sys.stderr)
        return 2

    print()
    print(format_table(results))
    if options.json:
        run_info = {
            "generator": results[0].generator if results else None,
            "database": masked_database_url(database_url),
            "duration_s": options.duration,
            "connections": options.connections,
            "workers": options.workers,
            "cpu_count": os.cpu_count(),
            "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        }
        write_json(options.json, results, run_info)
        print(f"\nFigures written to {options.json}")
    if failures := describe_failures(results):
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
