"""The webinars_to_modules command: bulk "Turn into module", safe to repeat."""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.documents.models import Document

import pytest

from cms.events.factories import EventIndexPageFactory, EventPageFactory
from cms.events.models import EventKind
from cms.users.factories import UserFactory
from courses.models import ModulePage

DATA = Path(__file__).parent / "data"


def document(name: str, content: bytes) -> Document:
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


@pytest.fixture
def admin_user(db):
    return UserFactory(superuser=True, email="editor@example.org")


@pytest.fixture
def webinars(home_page):
    index = EventIndexPageFactory(parent=home_page, title="Events", slug="events")
    captions = (DATA / "webinar.vtt").read_bytes()
    return {
        "filmed": EventPageFactory(
            parent=index,
            title="Filmed webinar",
            recording_file=document("talk.mp4", b"\x00" * 64),
            captions_file=document("talk.vtt", captions),
        ),
        "hosted": EventPageFactory(
            parent=index, title="Hosted webinar", recording_url="https://vimeo.com/1"
        ),
        "unrecorded": EventPageFactory(parent=index, title="Webinar without recording"),
        "workshop": EventPageFactory(
            parent=index,
            title="Recorded workshop",
            event_kind=EventKind.WORKSHOP,
            recording_url="https://vimeo.com/2",
        ),
    }


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("webinars_to_modules", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_chosen_webinars_become_draft_modules_and_a_second_run_skips_them(
    course, webinars, admin_user
):
    filmed, hosted = webinars["filmed"], webinars["hosted"]
    ids = ["--event", str(filmed.pk), "--event", str(hosted.pk)]

    out, _err = run("--course", str(course.pk), *ids)
    again, _err = run("--course", str(course.pk), *ids)

    modules = ModulePage.objects.child_of(course).filter(source_event__isnull=False)
    assert sorted(modules.values_list("title", flat=True)) == ["Filmed webinar", "Hosted webinar"]
    assert not any(module.live for module in modules)
    assert f"created  #{filmed.pk} Filmed webinar" in out
    assert "(3 chapters)" in out
    assert "2 created, 0 skipped, 0 failed" in out
    assert "0 created, 2 skipped, 0 failed" in again
    assert modules.count() == 2


def test_all_recorded_takes_live_webinars_with_a_recording(course, webinars, admin_user):
    draft = webinars["hosted"]
    draft.unpublish()

    out, _err = run("--course", "/en/courses/care/", "--all-recorded")

    titles = set(
        ModulePage.objects.child_of(course)
        .filter(source_event__isnull=False)
        .values_list("title", flat=True)
    )
    assert titles == {"Filmed webinar"}
    assert "1 created, 0 skipped, 0 failed" in out


def test_failures_are_reported_and_the_others_still_created(course, webinars, admin_user):
    unrecorded, filmed = webinars["unrecorded"], webinars["filmed"]

    with pytest.raises(CommandError, match="2 webinar"):
        call_command(
            "webinars_to_modules",
            "--course",
            str(course.pk),
            "--event",
            "999999",
            "--event",
            str(unrecorded.pk),
            "--event",
            str(filmed.pk),
            stdout=(out := io.StringIO()),
            stderr=(err := io.StringIO()),
        )

    assert "failed   #999999: no such webinar" in err.getvalue()
    assert f"failed   #{unrecorded.pk} Webinar without recording: " in err.getvalue()
    assert "1 created, 0 skipped, 2 failed" in out.getvalue()
    assert ModulePage.objects.filter(source_event=filmed).exists()


def test_the_drafts_are_created_by_the_given_editor(course, webinars, admin_user):
    other = UserFactory(superuser=True, email="other@example.org")

    run("--course", str(course.pk), "--event", str(webinars["hosted"].pk), "--user", other.email)

    module = ModulePage.objects.get(source_event=webinars["hosted"])
    assert module.latest_revision.user == other
    assert module.owner == other


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--course", "1"], "--all-recorded"),
        (["--course", "999999", "--all-recorded"], "No course"),
        (["--course", "/nowhere/", "--all-recorded"], "No course"),
        (["--course", "{course}", "--all-recorded", "--user", "nobody@example.org"], "No active"),
    ],
)
def test_bad_arguments_stop_before_anything_is_created(course, webinars, admin_user, args, message):
    args = [arg.format(course=course.pk) for arg in args]

    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not ModulePage.objects.filter(source_event__isnull=False).exists()


def test_an_editor_without_permission_on_the_course_is_refused(course, webinars, admin_user):
    learner = UserFactory(email="learner@example.org")

    with pytest.raises(CommandError, match="may not add modules"):
        run("--course", str(course.pk), "--all-recorded", "--user", learner.email)
