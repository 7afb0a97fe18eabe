"""The link check, through its service, its command and its task."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest
import time_machine

from cms.linkcollections.factories import CollectionLinkFactory, LinkCollectionPageFactory
from cms.linkcollections.models import CollectionLink
from cms.linkcollections.services import link_check, links_check_all
from cms.linkcollections.tasks import links_check_task

from .conftest import TIMEOUT

# path on the test server -> (result, status, detail: "final:<path>" for the final URL, else
# how the detail starts)
EXPECTED = {
    "/ok": ("ok", 200, ""),
    "/moved": ("redirect", 200, "final:/ok"),
    "/no-head": ("ok", 200, ""),
    "/missing": ("broken", 404, ""),
    "/error": ("broken", 500, ""),
    "/moved-to-missing": ("broken", 404, "final:/missing"),
    "/slow": ("timeout", None, f"No answer within {TIMEOUT:g} seconds"),
    "/loop": ("error", 302, "More than 5 redirects"),
    "/to-file": ("error", None, "Not a web (http/https) address: file:///etc/passwd"),
}


@pytest.fixture
def links(collection, web, refused_url):
    created = {
        path: CollectionLinkFactory(page=collection, title=path, url=web.url(path))
        for path in EXPECTED
    }
    created["refused"] = CollectionLinkFactory(page=collection, title="refused", url=refused_url)
    return created


def assert_recorded(link, web, path):
    result, status, detail = EXPECTED[path]
    link.refresh_from_db()
    assert link.last_check_result == result, path
    assert link.last_status_code == status, path
    if detail.startswith("final:"):
        assert link.last_check_detail == web.url(detail.removeprefix("final:")), path
    elif detail:
        assert link.last_check_detail.startswith(detail), path
    else:
        assert link.last_check_detail == "", path
    assert link.last_checked_at is not None


@time_machine.travel("2026-05-04 03:00 +0000", tick=True)
def test_each_kind_of_answer_is_recorded_on_its_link(links, web):
    summary = links_check_all(timeout=TIMEOUT)

    for path in EXPECTED:
        assert_recorded(links[path], web, path)
    refused = CollectionLink.objects.get(pk=links["refused"].pk)
    assert refused.last_check_result == "error"
    assert refused.last_status_code is None
    assert refused.last_check_detail == "Connection refused"
    assert refused.last_checked_at.date().isoformat() == "2026-05-04"
    assert summary == {
        "checked": 10,
        "ok": 2,
        "redirect": 1,
        "broken": 3,
        "timeout": 1,
        "error": 3,
    }


def test_head_refused_is_asked_again_with_get_and_redirects_are_followed(links, web):
    links_check_all(timeout=TIMEOUT, page_id=links["/ok"].page_id)

    asked = [(method, path) for method, path, _agent in web.requests]
    assert ("HEAD", "/no-head") in asked
    assert ("GET", "/no-head") in asked
    # Everything else is asked with HEAD only: no bodies are downloaded.
    assert {method for method, path in asked if path != "/no-head"} == {"HEAD"}
    # The redirect loop is followed five times after the first request, then given up.
    assert asked.count(("HEAD", "/loop")) == 6
    agents = {agent for _method, _path, agent in web.requests}
    assert len(agents) == 1
    assert agents.pop().startswith("HeritageHubLinkChecker/1.0 (+http")


def test_a_previously_broken_link_that_works_again_is_recorded_as_ok(collection, web):
    link = CollectionLinkFactory(
        page=collection,
        url=web.url("/ok"),
        last_check_result="broken",
        last_status_code=404,
        last_check_detail="old",
    )

    outcome = link_check(link=link, timeout=TIMEOUT)

    link.refresh_from_db()
    assert outcome.result == link.last_check_result == "ok"
    assert (link.last_status_code, link.last_check_detail) == (200, "")


def test_local_file_urls_are_never_opened(collection, web):
    link = CollectionLinkFactory(page=collection, url="file:///etc/passwd")

    link_check(link=link, timeout=TIMEOUT)

    link.refresh_from_db()
    assert link.last_check_result == "error"
    assert "Not a web (http/https) address" in link.last_check_detail


def test_command_prints_problems_and_a_summary_and_exits_zero(links, web):
    out = StringIO()

    call_command("check_links", "--timeout", str(TIMEOUT), stdout=out)

    output = out.getvalue()
    assert output.strip().endswith(
        "Checked 10 links: 2 ok, 1 redirect, 3 broken, 1 timeout, 3 error."
    )
    assert f"broken   404  {web.url('/missing')}" in output
    assert f"timeout    -  {web.url('/slow')}" in output
    assert "Connection refused" in output
    assert web.url("/ok") not in output.replace(web.url("/ok") + ")", "")  # ok links stay quiet
    assert_recorded(links["/missing"], web, "/missing")


def test_command_checks_one_page_when_asked(links, web, collection):
    other = LinkCollectionPageFactory(parent=collection.get_parent(), title="Other")
    elsewhere = CollectionLinkFactory(page=other, url=web.url("/missing"))
    out = StringIO()

    call_command("check_links", "--page", str(other.pk), stdout=out)

    assert "Checked 1 links: 0 ok, 0 redirect, 1 broken, 0 timeout, 0 error." in out.getvalue()
    elsewhere.refresh_from_db()
    assert elsewhere.last_check_result == "broken"
    assert CollectionLink.objects.get(pk=links["/missing"].pk).last_checked_at is None


def test_only_broken_rechecks_only_links_that_failed_last_time(collection, web):
    working = CollectionLinkFactory(page=collection, url=web.url("/ok"), last_check_result="ok")
    fixed = CollectionLinkFactory(
        page=collection, url=web.url("/moved"), last_check_result="broken"
    )
    out = StringIO()

    call_command("check_links", "--only-broken", stdout=out)

    assert [path for _method, path, _agent in web.requests] == ["/moved", "/ok"]
    fixed.refresh_from_db()
    working.refresh_from_db()
    assert fixed.last_check_result == "redirect"
    assert working.last_checked_at is None  # not asked again
    assert "Checked 1 links" in out.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--page", "999999"], "There is no link collection page with id 999999."),
        (["--timeout", "0"], "--timeout must be a positive number of seconds."),
    ],
)
def test_command_refuses_bad_arguments_clearly(collection, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("check_links", *arguments, stdout=StringIO())


def test_command_with_no_links_says_so(collection):
    out = StringIO()
    call_command("check_links", stdout=out)
    assert "Checked 0 links" in out.getvalue()


def test_task_checks_and_returns_the_summary(collection, web):
    link = CollectionLinkFactory(page=collection, url=web.url("/error"))

    result = links_check_task.enqueue(page_id=collection.pk, timeout=TIMEOUT)

    assert result.return_value["broken"] == 1
    link.refresh_from_db()
    assert (link.last_check_result, link.last_status_code) == ("broken", 500)


def test_links_sharing_a_url_are_asked_once(collection, web):
    first = CollectionLinkFactory(page=collection, url=web.url("/ok"))
    second = CollectionLinkFactory(page=collection, url=web.url("/ok"))

    summary = links_check_all(timeout=TIMEOUT)

    assert summary["checked"] == 2
    assert len(web.requests) == 1
    for link in (first, second):
        link.refresh_from_db()
        assert link.last_check_result == "ok"
