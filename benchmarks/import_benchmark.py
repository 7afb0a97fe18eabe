"""Time ``manage.py import_markdown`` on the shared hub corpus, from a fresh database.

Why: issue 3 asks that all 308 files of ``../shared/hub-content`` import with 0 failures in
under 60 seconds. The figure depends on the database, so it is measured on an empty one.

How: a throw-away environment in a temporary directory (the helpers of
``benchmarks/http_benchmark.py``, imported, not copied): production settings, a new SQLite file,
or with ``--database-url postgres://.../NAME`` a database ``NAME_import_benchmark`` on that
server, dropped and created for the run and dropped after it. ``migrate`` (not timed), then
``import_markdown SOURCE --mapping hub`` as its own process: its wall time and its CPU time
(user + system, from the operating system's accounting of the child) are the figures. A second
run follows, which must create nothing. Both runs' JSON reports give the counts.

Prints the counts, both runs' times and PASS or MISS against ``--target`` (60 s of wall time
for the first run); exits 2 when the run itself fails (an item failed, a command crashed).
With ``--profile FILE`` the first import runs under cProfile (slower: compare its figures only
with other profiled runs).

Run: ``uv run python benchmarks/import_benchmark.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_benchmark as hb

SOURCE = hb.REPO_ROOT.parent / "shared" / "hub-content"
TARGET_SECONDS = 60.0
# A busy machine can take more than http_benchmark's 10 minutes to migrate a new database.
hb.SETUP_STEP_TIMEOUT_S = 1800.0


@dataclass
class ImportRun:
    wall_seconds: float
    cpu_seconds: float
    totals: dict[str, int]
    returncode: int


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_import(
    environment: dict[str, str], source: Path, report: Path, log: Path, profile: Path | None
) -> ImportRun:
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["manage.py", "import_markdown", str(source), "--mapping", "hub"]
    command += ["--report", str(report), "--verbosity", "0"]
    cpu_before = children_cpu_seconds()
    started = time.perf_counter()
    with log.open("a") as output:
        completed = subprocess.run(
            command,
            cwd=hb.REPO_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=hb.SETUP_STEP_TIMEOUT_S,
            check=False,
        )
    wall = time.perf_counter() - started
    cpu = children_cpu_seconds() - cpu_before
    totals = json.loads(report.read_text())["totals"] if report.exists() else {}
    return ImportRun(wall, cpu, totals, completed.returncode)


def throwaway_postgresql(url: str) -> str:
    """The URL of a new database beside the given one: ``<name>_import_benchmark``."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    return urlunsplit(parts._replace(path=f"/{name}_import_benchmark"))


def postgresql_database(url: str, *, create: bool) -> None:
    """Drop the benchmark's database, and create it again when asked."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_import_benchmark"):
        raise ValueError(f"refusing to drop {name!r}: not a benchmark database")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="default: %(default)s")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL URL; the benchmark uses a new database <name>_import_benchmark "
        "on that server (default: a new SQLite file)",
    )
    parser.add_argument("--target", type=float, default=TARGET_SECONDS, help="seconds")
    parser.add_argument("--profile", type=Path, metavar="FILE", help="cProfile the first import")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def describe(label: str, result: ImportRun) -> str:
    counts = ", ".join(f"{result.totals.get(k, 0)} {k}" for k in ("created", "updated", "failed"))
    unchanged = result.totals.get("unchanged", 0)
    return (
        f"{label}: {counts}, {unchanged} unchanged in {result.wall_seconds:.1f} s wall, "
        f"{result.cpu_seconds:.1f} s CPU"
    )


def run(options: argparse.Namespace, workdir: Path) -> tuple[ImportRun, ImportRun]:
    if options.database_url:
        database_url = throwaway_postgresql(options.database_url)
        postgresql_database(database_url, create=True)
    else:
        database_url = f"sqlite:///{workdir / 'import.sqlite3'}"
    print(f"Database: {hb.masked_database_url(database_url)}")
    print(f"Source: {options.source} ({len(list(options.source.glob('*/**/*.md')))} files)")
    environment = hb.site_environment(workdir, database_url)
    log = workdir / "import.log"
    try:
        hb.run_setup_step(["migrate", "--noinput"], environment, log)
        print(f"Load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        first = run_import(
            environment, options.source, workdir / "first.json", log, options.profile
        )
        second = run_import(environment, options.source, workdir / "second.json", log, None)
    finally:
        if options.database_url:
            postgresql_database(database_url, create=False)
    if first.returncode or second.returncode:
        raise RuntimeError(f"import_markdown failed:\n{hb.tail(log)}")
    return first, second


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    if not options.source.is_dir():
        print(f"No corpus at {options.source}", file=sys.stderr)
        return 2
    try:
        with hb.scratch_dir("heritage-hub-import-", keep=options.keep) as workdir:
            first, second = run(options, workdir)
    except hb.SETUP_ERRORS as error:
        print(f"Benchmark failed: {error}", file=sys.stderr)
        return 2
    print(describe("First import", first))
    print(describe("Second import", second))
    if options.profile:
        print(f"Profile of the first import: {options.profile} (times include cProfile)")
    verdict = "PASS" if first.wall_seconds < options.target else "MISS"
    print(f"{verdict}: {first.wall_seconds:.1f} s against the target of {options.target:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
