"""Two app servers sharing one PostgreSQL and one Redis behave as one site.

Why: production runs several gunicorn servers behind a load balancer (docs/deployment.md).
This check proves, on 127.0.0.1, what that needs:

1. a page published anywhere is visible through every server at once, although both had it in
   the page cache (the purge goes to the shared Redis, not to a queue);
2. a login through one server is a login on the other (sessions in the shared database);
3. a page an editor unpublishes, and one an editor makes private (Wagtail's privacy dialog),
   through the first server are never served again by the second, which had both cached;
4. a django-tasks-db worker (``manage.py db_worker``) runs a task enqueued by the site, here the
   partner board's daily job.

How: a throw-away PostgreSQL database (created and dropped here), ``migrate`` and ``load_demo``,
two gunicorn servers (one sync worker each) on free ports and a ``db_worker``, all with
``CACHE_URL=redis://127.0.0.1:6379/<--redis-db>``, ``TASKS_BACKEND=database`` and the page
cache on. Publishing and enqueueing happen in ``manage.py shell`` processes with the same
settings, as an editor's request on a third server would; unpublishing and the privacy change
are an editor's admin requests to the first server.

Run: ``uv run python benchmarks/scaleout_check.py``. ``--template hub_migrated`` copies an
already migrated database instead of migrating a new one. Needs PostgreSQL at ``--postgres``
(default ``postgres://postgres@127.0.0.1:5432``) and Redis at 127.0.0.1:6379; exits 0 with
"SKIPPED" when either is missing, 1 when a check fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_benchmark as hb

# A busy machine can take more than http_benchmark's 10 minutes to migrate a new database.
hb.SETUP_STEP_TIMEOUT_S = 1800.0

PAGE_PATH = "/en/factsheets/accessible-exhibition-labels/"
INDEX_PATH = "/en/factsheets/"
# Two news items of the demo: one is unpublished, the other made private.
NEWS_INDEX_PATH = "/en/news/"
UNPUBLISH_PATH = "/en/news/podcast-going-online/"
PRIVATE_PATH = "/en/news/toolkit-section-opens/"
# Anonymous requests to each server after the change: none may come from the cache.
REQUESTS_AFTER = 3
ADMIN_EMAIL = "scaleout@example.org"
ADMIN_NAME = "Scaleout Editor"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def request(port: int, method: str, path: str, *, cookies=None, body=None):
    """(status, headers, text) of one request to 127.0.0.1:port."""
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(body)
    connection = http.client.HTTPConnection(hb.HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        connection.close()


def cookies_from(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def shell(environment: dict[str, str], code: str) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=hb.REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"manage.py shell failed:\n{completed.stderr[-3000:]}")
    return completed.stdout.strip()


def page_ids(environment: dict[str, str], paths: list[str]) -> dict[str, int]:
    """The ids of the English pages at these paths (``/en/...``)."""
    output = shell(
        environment,
        "import json; from wagtail.models import Page; print(json.dumps({path: Page.objects.get("
        "url_path__endswith=path[3:], locale__language_code='en').pk"
        f" for path in {paths!r}}}))",
    )
    return json.loads(output.splitlines()[-1])


def admin_post(port: int, path: str, cookies: dict[str, str], body: dict[str, str]):
    """A form post of the logged-in editor, with the CSRF cookie's secret as its token."""
    return request(
        port,
        "POST",
        path,
        cookies=cookies,
        body={"csrfmiddlewaretoken": cookies.get("csrftoken", ""), **body},
    )


def answers(port: int, path: str) -> list[tuple[int, str | None, str]]:
    """(status, X-Page-Cache, Location) of REQUESTS_AFTER anonymous requests."""
    found = []
    for _ in range(REQUESTS_AFTER):
        status, headers, _text = request(port, "GET", path)
        found.append((status, headers.get("X-Page-Cache"), headers.get("Location", "")))
    return found


def check_removed_pages(ports, cookies, environment, check: hb.Check) -> None:
    """Unpublish one page and make another private through the first server, as an editor
    does in the admin, after both servers have cached them; then neither may be served."""
    first, second = ports
    ids = page_ids(environment, [UNPUBLISH_PATH, PRIVATE_PATH])
    for port in ports:
        for path in (UNPUBLISH_PATH, PRIVATE_PATH, NEWS_INDEX_PATH):
            request(port, "GET", path)
    for path in (UNPUBLISH_PATH, PRIVATE_PATH, NEWS_INDEX_PATH):
        status, headers, _ = request(second, "GET", path)
        check(
            status == 200 and headers.get("X-Page-Cache") == "hit",
            f"port {second} has {path} cached before the change ({status})",
        )

    unpublish = f"/admin/pages/{ids[UNPUBLISH_PATH]}/unpublish/"
    status, _headers, _ = admin_post(first, unpublish, cookies, {})
    check(status == 302, f"an editor unpublished {UNPUBLISH_PATH} through port {first} ({status})")
    privacy = f"/admin/pages/{ids[PRIVATE_PATH]}/privacy/"
    status, _headers, text = admin_post(first, privacy, cookies, {"restriction_type": "login"})
    check(
        status == 200 and '"set_privacy_done"' in text,
        f"an editor made {PRIVATE_PATH} private (login required) through port {first} ({status})",
    )

    for port in (second, first):
        found = answers(port, UNPUBLISH_PATH)
        check(
            all(status == 404 and cached is None for status, cached, _ in found),
            f"port {port} never serves the unpublished page again "
            f"(status, X-Page-Cache: {sorted({f[:2] for f in found}, key=str)})",
        )
        status, headers, text = request(port, "GET", NEWS_INDEX_PATH)
        check(
            status == 200 and UNPUBLISH_PATH not in text,
            f"port {port} {NEWS_INDEX_PATH} no longer links to it "
            f"(X-Page-Cache: {headers.get('X-Page-Cache')})",
        )
        found = answers(port, PRIVATE_PATH)
        check(
            all(status == 302 and "next=" in to and cached is None for status, cached, to in found),
            f"port {port} sends anonymous visitors of the private page to the login "
            f"(status, X-Page-Cache: {sorted({f[:2] for f in found}, key=str)})",
        )


def psql(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def run(options, workdir: Path, database_url: str, check: hb.Check) -> None:
    environment = hb.site_environment(workdir, database_url)
    # A database prepared elsewhere (--template, DATABASE_URL) comes with its uploads there.
    if os.environ.get("MEDIA_ROOT"):
        environment["MEDIA_ROOT"] = os.environ["MEDIA_ROOT"]
    environment.update(
        CACHE_URL=f"redis://127.0.0.1:6379/{options.redis_db}",
        TASKS_BACKEND="database",
        PAGE_CACHE_SECONDS="300",
    )
    hb.prepare_site(environment, workdir / "setup.log")
    password = secrets.token_urlsafe(16)
    shell(
        environment,
        "from cms.users.models import User; "
        f"User.objects.create_superuser(email={ADMIN_EMAIL!r}, password={password!r},"
        f" display_name={ADMIN_NAME!r})",
    )
    ports = [hb.free_port(), hb.free_port()]
    servers = [
        hb.start_server(environment, port, 1, workdir / f"gunicorn-{port}.log") for port in ports
    ]
    worker_log = (workdir / "db_worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
        cwd=hb.REPO_ROOT,
        env=environment,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for server, port in zip(servers, ports, strict=True):
            hb.wait_until_healthy(server, port, hb.SERVER_START_TIMEOUT_S)
        first, second = ports
        print(f"Servers on ports {first} and {second}, db_worker pid {worker.pid}")

        print("Page cache shared and purged across servers:")
        for port in ports:
            for path in (PAGE_PATH, INDEX_PATH):
                request(port, "GET", path)
        status, headers, _ = request(second, "GET", PAGE_PATH)
        check(headers.get("X-Page-Cache") == "hit", "the page is cached on the second server")
        new_title = f"Accessible labels {secrets.token_hex(3)}"
        shell(
            environment,
            "from wagtail.models import Page; "
            f"page = Page.objects.get(url_path__endswith={PAGE_PATH[3:]!r},"
            f" locale__language_code='en').specific; page.title = {new_title!r}; "
            "page.save_revision().publish()",
        )
        for port in ports:
            for path in (PAGE_PATH, INDEX_PATH):
                status, headers, text = request(port, "GET", path)
                check(
                    status == 200 and new_title in text,
                    f"port {port} {path} shows the new title at once "
                    f"(X-Page-Cache: {headers.get('X-Page-Cache')})",
                )

        print("Sessions shared:")
        status, headers, text = request(first, "GET", "/admin/login/")
        cookies = cookies_from(headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        status, headers, _ = request(
            first,
            "POST",
            "/admin/login/",
            cookies=cookies,
            body={
                "csrfmiddlewaretoken": token[1] if token else "",
                "username": ADMIN_EMAIL,
                "password": password,
            },
        )
        cookies.update(cookies_from(headers))
        check(status == 302 and "sessionid" in cookies, f"login through port {first} ({status})")
        status, _headers, text = request(second, "GET", "/admin/", cookies=cookies)
        check(status == 200 and "/admin/logout/" in text, f"logged in on port {second} ({status})")
        status, headers, text = request(second, "GET", PAGE_PATH, cookies=cookies)
        check(
            headers.get("X-Page-Cache") is None and ADMIN_NAME in text,
            "the logged-in page is rendered for the user, not taken from the cache",
        )

        print("Unpublished and private pages leave every server's cache:")
        check_removed_pages(ports, cookies, environment, check)

        print("Background worker:")
        result_id = shell(
            environment,
            "from partnerbourse.tasks import board_daily_task; "
            "print(board_daily_task.enqueue().id)",
        ).splitlines()[-1]
        deadline, state = time.monotonic() + options.task_timeout, ""
        while time.monotonic() < deadline:
            state = shell(
                environment,
                "from partnerbourse.tasks import board_daily_task; "
                f"r = board_daily_task.get_result({result_id!r}); "
                "print(r.status, r.return_value if r.is_finished else '')",
            ).splitlines()[-1]
            if state.startswith(("SUCCESSFUL", "FAILED")):
                break
            time.sleep(1)
        check(state.startswith("SUCCESSFUL"), f"db_worker ran the daily board job ({state})")
    except Exception:
        for path in sorted(workdir.glob("*.log")):
            print(f"--- {path.name}\n{hb.tail(path)}", file=sys.stderr)
        raise
    finally:
        for server in servers:
            hb.stop_server(server)
        hb.stop_server(worker)
        worker_log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-db", type=int, default=11)
    parser.add_argument("--task-timeout", type=float, default=120)
    parser.add_argument(
        "--template",
        help="copy this already migrated database instead of migrating a new one (faster)",
    )
    options = parser.parse_args(argv)
    server_url = options.postgres.rstrip("/")
    address = urlsplit(server_url)
    if not reachable(address.hostname or "127.0.0.1", address.port or 5432):
        print("SKIPPED: no PostgreSQL at", hb.masked_database_url(server_url))
        return 0
    if not reachable("127.0.0.1", 6379):
        print("SKIPPED: no Redis at 127.0.0.1:6379")
        return 0
    name = f"heritagehub_scaleout_{secrets.token_hex(4)}"
    workdir = Path(tempfile.mkdtemp(prefix="heritage-hub-scaleout-"))
    check = hb.Check()
    template = f' TEMPLATE "{options.template}"' if options.template else ""
    psql(server_url, f'CREATE DATABASE "{name}"{template}')
    try:
        run(options, workdir, f"{server_url}/{name}", check)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"Check failed to run: {error}", file=sys.stderr)
        return 2
    finally:
        psql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"failures": check.failures}))
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
