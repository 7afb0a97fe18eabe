"""CPU per request of a cached anonymous page against a static file, from one gunicorn.

Why: issue 7 asks that an anonymous page served from the page cache (cms.pagecache) cost at
most three times the CPU of a static file served by WhiteNoise in the same server. Both are
measured in one run, one after the other, so that they share the machine's conditions.

How: the throw-away production-like site of ``benchmarks/http_benchmark.py`` (its helpers are
imported, not copied): migrate, demo content, collectstatic, gunicorn with 2 sync workers and
the page cache on (PAGE_CACHE_SECONDS=300; CACHE_URL from the environment, else the local Redis
that http_benchmark chooses). The page is checked to come from the cache
(``X-Page-Cache: hit``) before the load; then each path is loaded for ``--duration`` seconds
and the server's CPU time per request is read from /proc. Prints both figures and their ratio
and exits 1 when the ratio is above ``--max-ratio`` (3), 2 when the run itself fails.

Run: ``uv run python benchmarks/page_cache_benchmark.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_benchmark as hb

# A busy machine can take more than http_benchmark's 10 minutes to migrate a new database.
hb.SETUP_STEP_TIMEOUT_S = 1800.0

PAGE_PATH = "/en/factsheets/accessible-exhibition-labels/"
STATIC_PATH = "/static/css/site.css"


def cache_state(port: int, path: str) -> str | None:
    connection = http.client.HTTPConnection(hb.HOST, port, timeout=hb.REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.getheader("X-Page-Cache")
    finally:
        connection.close()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default=PAGE_PATH, help="cached page (default: %(default)s)")
    parser.add_argument("--static", default=STATIC_PATH, help="static file (default: %(default)s)")
    parser.add_argument("--duration", type=hb.positive_number, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--max-ratio", type=float, default=3.0)
    parser.add_argument("--no-wrk", action="store_true")
    parser.add_argument("--sqlite", action="store_true")
    return parser.parse_args(argv)


def run(options: argparse.Namespace, workdir: Path) -> list[hb.PathResult]:
    database_url = hb.choose_database_url(options, workdir)
    print(f"Database: {hb.masked_database_url(database_url)}")
    environment = hb.site_environment(workdir, database_url)
    # A database prepared elsewhere (--template, DATABASE_URL) comes with its uploads there.
    if os.environ.get("MEDIA_ROOT"):
        environment["MEDIA_ROOT"] = os.environ["MEDIA_ROOT"]
    environment["PAGE_CACHE_SECONDS"] = "300"
    hb.prepare_site(environment, workdir / "setup.log")
    wrk_script = None
    if not options.no_wrk and hb.wrk_available():
        wrk_script = workdir / "status_counts.lua"
        wrk_script.write_text(hb.WRK_STATUS_SCRIPT)
    port = hb.free_port()
    server_log = workdir / "gunicorn.log"
    server = hb.start_server(environment, port, options.workers, server_log)
    try:
        hb.wait_until_healthy(server, port, hb.SERVER_START_TIMEOUT_S)
        # A few requests, so that the page is cached whichever worker answered first.
        states = {cache_state(port, options.page) for _ in range(4 * options.workers)}
        if "hit" not in states:
            raise RuntimeError(f"{options.page} is not served from the page cache: {states}")
        print(
            f"gunicorn: {options.workers} workers on port {port}; load: "
            f"{'wrk' if wrk_script else 'Python'}, {options.connections} connections"
        )
        print(f"Load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        return [
            hb.benchmark_path(server.pid, port, path, options, wrk_script)
            for path in (options.page, options.static)
        ]
    except Exception:
        print(f"gunicorn log:\n{hb.tail(server_log)}", file=sys.stderr)
        raise
    finally:
        hb.stop_server(server)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="heritage-hub-page-cache-"))
    try:
        results = run(options, workdir)
    except (RuntimeError, ValueError) as error:
        print(f"Benchmark failed: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(hb.format_table(results))
    if failures := hb.describe_failures(results):
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 2
    page, static = results
    ratio = page.cpu_ms_per_request / static.cpu_ms_per_request
    print(
        f"\nCached page {page.cpu_ms_per_request:.2f} CPU ms/request, static file "
        f"{static.cpu_ms_per_request:.2f}: ratio {ratio:.2f} (target <= {options.max_ratio:g})"
    )
    return 0 if ratio <= options.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
