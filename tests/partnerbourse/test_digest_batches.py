"""Digests at scale: a fixed number of queries however many searches are due, batches, the cap
per digest, links in the recipient's language, a refused mail being retried next run, and the
batches' mail tasks on a queueing task backend."""

import datetime
import re

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest
import time_machine
from django_tasks import default_task_backend

from cms.users.factories import UserFactory
from partnerbourse.factories import ListingFactory, OrganisationFactory, SavedSearchFactory
from partnerbourse.models import SavedSearch, SavedSearchDelivery
from partnerbourse.services.saved_searches import MAX_PER_DIGEST, saved_search_digests_send

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
FILTERS = [
    {"programme": "erasmus_plus"},
    {"programme": "erasmus_plus", "country": "DK"},
    {"kind": "call"},
]


def save_searches(count: int) -> list[SavedSearch]:
    """``count`` daily searches over the same three sets of filters, saved at START."""
    with time_machine.travel(START, tick=False):
        return [
            SavedSearchFactory(query=FILTERS[n % len(FILTERS)], frequency="daily")
            for n in range(count)
        ]


def publish_matching(organisation, *, at: datetime.datetime, count: int = 1) -> None:
    """Listings that every one of FILTERS matches."""
    with time_machine.travel(at, tick=False):
        for _ in range(count):
            ListingFactory(
                organisation=organisation,
                programme="erasmus_plus",
                kind="call",
                countries_in=["DK"],
                published_at=timezone.now(),
            )


def digest_queries(day: int) -> tuple[dict, int]:
    with (
        time_machine.travel(START + datetime.timedelta(days=day), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        counts = saved_search_digests_send()
    return counts, len(queries)


def test_queries_do_not_grow_with_the_number_of_saved_searches(
    board_site, django_assert_max_num_queries
):
    organisation = OrganisationFactory(verified=True)
    save_searches(3)
    publish_matching(organisation, at=START + datetime.timedelta(hours=1))
    counts, few = digest_queries(day=1)
    assert counts["sent"] == 3

    # Ten times as many searches (the first three are due again), the same filters.
    save_searches(27)
    publish_matching(organisation, at=START + datetime.timedelta(days=1, hours=1))
    with (
        time_machine.travel(START + datetime.timedelta(days=2), tick=False),
        django_assert_max_num_queries(few),
    ):
        counts = saved_search_digests_send()
    assert counts["sent"] == 30
    assert len(mail.outbox) == 33


def test_batches_send_every_due_digest_once(board_site):
    organisation = OrganisationFactory(verified=True)
    searches = save_searches(7)
    publish_matching(organisation, at=START + datetime.timedelta(hours=1), count=2)
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        counts = saved_search_digests_send(batch_size=2)
        again = saved_search_digests_send(batch_size=2)
    assert counts == {"checked": 7, "sent": 7, "listings": 14, "queued": 0}
    assert again["sent"] == 0
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        search.user.email for search in searches
    )
    assert SavedSearchDelivery.objects.count() == 14


def test_a_digest_lists_at_most_the_cap_and_the_rest_next_time(board_site):
    organisation = OrganisationFactory(verified=True)
    (search,) = save_searches(1)
    publish_matching(organisation, at=START + datetime.timedelta(hours=1), count=MAX_PER_DIGEST + 2)
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert saved_search_digests_send()["listings"] == MAX_PER_DIGEST
    with time_machine.travel(START + datetime.timedelta(days=2), tick=False):
        assert saved_search_digests_send()["listings"] == 2
    assert SavedSearchDelivery.objects.filter(saved_search=search).count() == MAX_PER_DIGEST + 2
    assert len(mail.outbox) == 2


def test_links_are_in_the_searchs_language_and_unsubscribe_works(client, board_site):
    organisation = OrganisationFactory(verified=True)
    with time_machine.travel(START, tick=False):
        search = SavedSearchFactory(
            query={"programme": "erasmus_plus"}, frequency="daily", language="de"
        )
    publish_matching(organisation, at=START + datetime.timedelta(hours=1))
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        saved_search_digests_send()
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all("/de/partners/" in link for link in links)
    one_click = message.extra_headers["List-Unsubscribe"].strip("<>")
    unsubscribe_page = next(link for link in links if "/unsubscribe/" in link)
    # The requests activate German; override() puts the test's language back afterwards.
    with translation.override("en"):
        assert client.get(unsubscribe_page.removeprefix(_site())).status_code == 200
        response = client.post(one_click.removeprefix(_site()), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    search.refresh_from_db()
    assert search.unsubscribed_at is not None


def _site() -> str:
    from django.conf import settings

    return settings.SITE_URL


def test_a_refused_mail_is_released_and_retried(board_site, monkeypatch):
    organisation = OrganisationFactory(verified=True)
    refused = UserFactory(email="refused@example.org")
    with time_machine.travel(START, tick=False):
        failing = SavedSearchFactory(user=refused, query=FILTERS[0], frequency="daily")
        fine = SavedSearchFactory(query=FILTERS[0], frequency="daily")
    publish_matching(organisation, at=START + datetime.timedelta(hours=1))

    send_messages = EmailBackend.send_messages

    def refuse_one(self, messages):
        if any("refused@example.org" in message.to for message in messages):
            raise OSError("mail server said no")
        return send_messages(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert saved_search_digests_send()["sent"] == 1
    assert [message.to for message in mail.outbox] == [[fine.user.email]]
    failing.refresh_from_db()
    assert failing.last_sent_at is None
    assert not SavedSearchDelivery.objects.filter(saved_search=failing).exists()

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    with time_machine.travel(START + datetime.timedelta(days=1, hours=1), tick=False):
        assert saved_search_digests_send()["sent"] == 1
    assert mail.outbox[-1].to == ["refused@example.org"]


def test_a_run_that_cannot_reach_the_mail_server_releases_every_digest(board_site, monkeypatch):
    organisation = OrganisationFactory(verified=True)
    searches = save_searches(3)
    publish_matching(organisation, at=START + datetime.timedelta(hours=1))

    def unreachable(self):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(EmailBackend, "open", unreachable)
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert saved_search_digests_send()["sent"] == 0
    assert mail.outbox == []
    assert not SavedSearchDelivery.objects.exists()
    assert not SavedSearch.objects.filter(last_sent_at__isnull=False).exists()

    monkeypatch.undo()
    with time_machine.travel(START + datetime.timedelta(days=1, hours=1), tick=False):
        assert saved_search_digests_send()["sent"] == len(searches)


QUEUEING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=QUEUEING)
def test_with_a_task_queue_each_batch_is_one_mail_task_run_later(board_site):
    organisation = OrganisationFactory(verified=True)
    searches = save_searches(5)
    publish_matching(organisation, at=START + datetime.timedelta(hours=1))
    default_task_backend.clear()
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        counts = saved_search_digests_send(batch_size=2)
        # Claimed before the tasks run: a repeated run finds nothing due.
        assert saved_search_digests_send(batch_size=2)["queued"] == 0
    assert counts == {"checked": 5, "sent": 0, "listings": 0, "queued": 5}
    assert mail.outbox == []
    assert SavedSearchDelivery.objects.count() == 5

    # One search opts out before the worker gets to its batch: it gets nothing.
    searches[0].unsubscribed_at = START + datetime.timedelta(days=1)
    searches[0].save()
    results = list(default_task_backend.results)
    assert len(results) == 3  # batches of 2, 2 and 1
    sent = sum(result.task.call(**result.kwargs)["sent"] for result in results)
    assert sent == 4
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        search.user.email for search in searches[1:]
    )


def test_a_batch_whose_mails_cannot_be_built_is_released(board_site, monkeypatch):
    from django.template import loader

    organisation = OrganisationFactory(verified=True)
    searches = save_searches(2)
    publish_matching(organisation, at=START + datetime.timedelta(hours=1))
    get_template = loader.get_template

    def broken(name, *args, **kwargs):
        if name == "partnerbourse/email/saved_search_digest.txt":
            raise loader.TemplateDoesNotExist(name)
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr("partnerbourse.services.saved_searches.get_template", broken)
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert saved_search_digests_send()["sent"] == 0
    assert not SavedSearchDelivery.objects.exists()

    monkeypatch.undo()
    with time_machine.travel(START + datetime.timedelta(days=1, hours=1), tick=False):
        assert saved_search_digests_send()["sent"] == len(searches)
