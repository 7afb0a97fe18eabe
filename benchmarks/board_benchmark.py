"""Partner board: the board page with 10,000 published listings, and digests for 10,000 saved
searches.

Targets (issue 5): the board with three filters renders with a constant number of queries and a
median of at most 150 ms server time; computing the digests of 10,000 saved searches takes at
most 60 s.

How: a throw-away database with the test settings (migrated first, about a minute; the development
database is never touched): in-memory SQLite, or with ``DATABASE_URL`` set, a ``test_``-prefixed
copy on that server (PostgreSQL), dropped and recreated. 10,000 published listings of 200
organisations are bulk-created with their facets and themes. The board is requested through the
Django test client (``--requests`` measured requests after ``--warmup``, three filters: programme,
country and working language, newest first) and the queries of page 1 and page 3 and of a second
filter set are counted to show they do not change. Then 10,000 saved searches (a few hundred
distinct filter sets, as real users' searches repeat) are created before the listings were
published, so every one is due and has new listings, and ``saved_search_digests_send`` is timed
once (it matches every search, writes the deliveries and renders and "sends" every mail to the
locmem backend through the immediate task backend), with its query count, then once more
(nothing is due, nothing is sent), then a day later with 300 new listings (the daily searches
are due again and read what they sent before). Each run reports wall time, this process's CPU
time (what a busy machine does not inflate) and, on a local PostgreSQL, the CPU time of the
server process.

Run: ``uv run python benchmarks/board_benchmark.py [--listings 10000] [--searches 10000]
[--skip-board]``, and on PostgreSQL with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_digests`` in front.
Prints the figures and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchmark_setup import django_setup, percentile, test_database_create


def build_site():
    from wagtail.models import Locale, Page, Site

    from cms.home.factories import HomePageFactory

    root = Page.get_first_root_node()
    for placeholder in Page.objects.filter(depth=2):
        placeholder.delete()
    home = HomePageFactory(parent=root, locale=Locale.objects.get(language_code="en"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


PROGRAMMES = ["creative_europe", "erasmus_plus", "horizon_europe", "interreg", "national", "none"]
COUNTRIES = ["DK", "SE", "FR", "DE", "IT", "ES", "PL", "NL", "PT", "FI", "EE", "LT"]
LANGUAGES = ["en", "fr", "de", "es", "it", "da", "sv", "pl"]
KINDS = ["partner_offer", "partner_request", "mentoring_offer", "mentoring_seek", "call"]


def build_listings(count: int, rng: random.Random) -> None:
    from django.utils import timezone
    from django.utils.text import slugify

    from partnerbourse.factories import OrganisationFactory, ThemeFactory
    from partnerbourse.models import Listing, ListingFacet, ListingKind

    kinds = list(ListingKind.values)
    themes = [ThemeFactory(name=f"Theme {n}") for n in range(12)]
    organisations = [
        OrganisationFactory(verified=True, country=rng.choice(COUNTRIES), name=f"Organisation {n}")
        for n in range(200)
    ]
    now = timezone.now()
    today = timezone.localdate()
    listings = []
    for n in range(count):
        title = f"Partners for heritage project {n}"
        listings.append(
            Listing(
                organisation=rng.choice(organisations),
                kind=rng.choice(kinds),
                title=title,
                slug=slugify(title),
                description="We look for partners on **intangible heritage** and audiences.",
                language=rng.choice(LANGUAGES),
                programme=rng.choice(PROGRAMMES),
                closing_date=today + datetime.timedelta(days=rng.randint(5, 120)),
                status="published",
                published_at=now - datetime.timedelta(minutes=rng.randint(1, 30 * 24 * 60)),
            )
        )
    Listing.objects.bulk_create(listings, batch_size=2000)
    listings = list(Listing.objects.order_by("pk"))
    facets, links = [], []
    through = Listing.themes.through
    for listing in listings:
        for facet, pool, k in (
            ("country_in", COUNTRIES, 2),
            ("country_wanted", COUNTRIES, 2),
            ("language", LANGUAGES, 2),
            ("organisation_type", ["museum", "archive_library", "university", "ngo"], 1),
        ):
            for value in rng.sample(pool, k):
                facets.append(ListingFacet(listing=listing, facet=facet, value=value))
        for theme in rng.sample(themes, 2):
            links.append(through(listing_id=listing.pk, theme_id=theme.pk))
    ListingFacet.objects.bulk_create(facets, batch_size=5000)
    through.objects.bulk_create(links, batch_size=5000)
    return kinds


def board_benchmark(requests: int, warmup: int) -> tuple[bool, str]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = "/en/partners/?programme=erasmus_plus&country=DK&language=en"

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, response.status_code
        return len(queries)

    # Warm the per-process caches (site root paths, menu, content types) first: the target is
    # the queries of a warm server, where the first request's one-off loads do not recur.
    client.get(url)
    counts = {
        "three filters, page 1": count(url),
        "three filters, page 3": count(url + "&page=3"),
        "other three filters": count(
            "/en/partners/?kind=partner_request&programme=interreg&country=SE"
        ),
    }
    for _ in range(warmup):
        client.get(url)
    times, cpu_times = [], []
    for _ in range(requests):
        reset_queries()
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))[:3]
    median, p95 = statistics.median(times), percentile(times, 0.95)
    constant = len(set(counts.values())) == 1
    lines = [f"  queries: {counts}"]
    lines.append(
        f"  board with three filters: median {median:.1f} ms, p95 {p95:.1f} ms, "
        f"min {min(times):.1f} ms, max {max(times):.1f} ms over {requests} requests"
    )
    lines.append(
        f"  CPU time of this process per request: median {statistics.median(cpu_times):.1f} ms"
    )
    lines.append(f"  of one request, SQL: {sql_ms:.1f} ms; slowest queries:")
    for query in slowest:
        lines.append(f"    {float(query['time']) * 1000:.1f} ms  {query['sql'][:160]}")
    return constant and median <= 150, "\n".join(lines)


class RunMeter:
    """Wall time, this process's CPU time, the queries made and, when the database server runs
    on this machine (PostgreSQL), the CPU time of the server process serving the connection."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.queries = 0
        self.server_pid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.server_pid = cursor.fetchone()[0]

    def server_cpu(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.server_pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, TypeError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def measure(self, run):
        def count_query(execute, sql, params, many, context):
            # A counter, not CaptureQueriesContext: formatting each query's SQL would be timed.
            self.queries += 1
            return execute(sql, params, many, context)

        self.queries = 0
        server_start = self.server_cpu()
        start, cpu_start = time.perf_counter(), time.process_time()
        with self.connection.execute_wrapper(count_query):
            result = run()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        server_end = self.server_cpu()
        figures = f"{wall:.1f} s wall, {cpu:.1f} s CPU of this process"
        if server_start is not None and server_end is not None:
            figures += f", {server_end - server_start:.1f} s CPU of the PostgreSQL server process"
        return result, wall, f"{figures}, {self.queries} queries"


def publish_more(count: int, rng: random.Random, *, after, before) -> None:
    """``count`` more listings, copies of random existing ones (with their facets and themes),
    published between ``after`` and ``before``: a day's new listings."""
    from django.utils.text import slugify

    from partnerbourse.models import Listing, ListingFacet

    through = Listing.themes.through
    originals = rng.sample(list(Listing.objects.order_by("pk")), count)
    facets = list(
        ListingFacet.objects.filter(listing__in=originals).values_list(
            "listing_id", "facet", "value"
        )
    )
    themes = list(
        through.objects.filter(listing__in=originals).values_list("listing_id", "theme_id")
    )
    span = int((before - after).total_seconds())
    copies = []
    for n, original in enumerate(originals):
        title = f"New partners for heritage project {n}"
        copies.append(
            Listing(
                organisation_id=original.organisation_id,
                kind=original.kind,
                title=title,
                slug=slugify(title),
                description=original.description,
                language=original.language,
                programme=original.programme,
                closing_date=original.closing_date,
                status="published",
                published_at=after + datetime.timedelta(seconds=rng.randint(1, span - 1)),
            )
        )
    Listing.objects.bulk_create(copies)
    copy_of = dict(zip((original.pk for original in originals), copies, strict=True))
    ListingFacet.objects.bulk_create(
        ListingFacet(listing=copy_of[pk], facet=facet, value=value) for pk, facet, value in facets
    )
    through.objects.bulk_create(
        through(listing_id=copy_of[pk].pk, theme_id=theme) for pk, theme in themes
    )


def digest_benchmark(searches: int, rng: random.Random, kinds) -> tuple[bool, str]:
    from django.core import mail
    from django.utils import timezone

    from cms.users.models import User
    from partnerbourse.models import SavedSearch, SavedSearchDelivery
    from partnerbourse.services.saved_searches import saved_search_digests_send

    users = User.objects.bulk_create(
        [User(email=f"reader{n}@example.org", is_active=True) for n in range(searches)],
        batch_size=2000,
    )
    users = list(User.objects.filter(email__startswith="reader").order_by("pk"))
    filter_sets = []
    for _ in range(400):
        query = {"programme": rng.choice(PROGRAMMES)}
        if rng.random() < 0.7:
            query["country"] = rng.choice(COUNTRIES)
        if rng.random() < 0.4:
            query["kind"] = rng.choice(kinds)
        if rng.random() < 0.3:
            query["language"] = rng.choice(LANGUAGES)
        filter_sets.append(query)
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(
                user=user,
                name=f"Search {n}",
                query=rng.choice(filter_sets),
                frequency=rng.choice(["daily", "weekly"]),
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    # Saved before every listing was published, so every digest has new listings.
    SavedSearch.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    meter = RunMeter()
    mail.outbox = []
    counts, seconds, figures = meter.measure(saved_search_digests_send)
    mails, deliveries = len(mail.outbox), SavedSearchDelivery.objects.count()
    again, _seconds, again_figures = meter.measure(saved_search_digests_send)

    # The next day: 300 new listings, the daily searches due again, a month of deliveries read.
    now = timezone.now()
    tomorrow = now + datetime.timedelta(days=1)
    publish_more(300, rng, after=now, before=tomorrow)
    mail.outbox = []
    next_day, _seconds, next_day_figures = meter.measure(
        lambda: saved_search_digests_send(now=tomorrow)
    )
    lines = [
        f"  first run, every search due with new listings: {figures}",
        f"    {counts}, {mails} mails, {deliveries} deliveries",
        f"  repeated right after (nothing due): {again_figures}; {again}",
        f"  next day, 300 new listings, the daily searches due: {next_day_figures}",
        f"    {next_day}, {len(mail.outbox)} mails",
        "  (wall time includes waiting for a busy machine; the CPU figures do not)",
    ]
    return seconds <= 60 and mails == counts["sent"] == searches and again["sent"] == 0, (
        "\n".join(lines)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--skip-board", action="store_true", help="only the digests")
    args = parser.parse_args()
    rng = random.Random(5)
    print("Migrating a throw-away database…", flush=True)
    django_setup()
    test_database_create()
    build_site()
    print(f"Creating {args.listings} published listings…", flush=True)
    kinds = build_listings(args.listings, rng)
    board_ok = True
    if not args.skip_board:
        board_ok, board_report = board_benchmark(args.requests, args.warmup)
        print("Board (target: constant queries, median <= 150 ms):")
        print(board_report, flush=True)
    digest_ok, digest_report = digest_benchmark(args.searches, rng, kinds)
    print("Digests (target: <= 60 s):")
    print(digest_report)
    ok = board_ok and digest_ok
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
