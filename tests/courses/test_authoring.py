"""Authoring modules: "Turn into module" from a webinar, chapters proposed from the captions,
and the transcript rebuilt on publishing."""

import datetime
import logging
import threading
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.users.factories import UserFactory
from courses import receivers
from courses.factories import ModulePageFactory
from courses.models import ModuleCaptions, ModuleChapter, ModulePage, TranscriptCue
from courses.services.authoring import (
    ModuleAlreadyExists,
    module_chapters_propose,
    module_create_from_event,
)

DATA = Path(__file__).parent / "data"
SPEAKERS = [
    {"type": "speaker", "value": {"name": "Ada Example", "role": "Conservator", "organisation": ""}}
]


def document(name: str, content: bytes | None = None) -> Document:
    if content is None:
        content = (DATA / name).read_bytes()
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page, title="Events", slug="events")


@pytest.fixture
def webinar(events):
    event = EventPageFactory(
        parent=events,
        title="Caring for collections webinar",
        slug="care-webinar",
        summary="Condition reports, light and humidity.",
        recording_file=document("recording.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200),
        captions_file=document("webinar.vtt"),
        slides=document("slides.pdf", b"%PDF-1.4\n%%EOF\n"),
        speakers=SPEAKERS,
    )
    EventSessionFactory(page=event, start_date=datetime.date(2026, 3, 1))
    return event


@pytest.fixture
def editor(db):
    return UserFactory(superuser=True)


@pytest.fixture
def admin_only_user(db):
    """Someone who may open the admin but has no page permissions."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    person = UserFactory()
    person.groups.add(group)
    return person


# The service


def test_a_webinar_becomes_a_draft_module_with_everything_carried_over(course, webinar, editor):
    created = module_create_from_event(event=webinar, course=course, user=editor)

    module = ModulePage.objects.get(pk=created.module.pk)
    assert created.problems == []
    assert module.get_parent().pk == course.pk
    assert module.get_prev_sibling().title == "Module two"  # added at the end
    assert not module.live and module.has_unpublished_changes
    assert module.locale_id == course.locale_id
    assert module.title == webinar.title
    assert module.summary == webinar.summary
    assert module.video_file_id == webinar.recording_file_id
    assert module.video_url == ""
    assert module.slides_id == webinar.slides_id
    assert module.source_event_id == webinar.pk
    assert [speaker.value["name"] for speaker in module.speakers] == ["Ada Example"]
    assert list(module.captions.values_list("language", "file")) == [
        ("en", webinar.captions_file_id)
    ]
    assert list(module.chapters.values_list("start_seconds", flat=True)) == [0, 72, 141]
    assert module.duration_seconds == 220
    revision = module.latest_revision
    assert revision.user == editor
    assert [c.title for c in revision.as_object().chapters.all()][2] == "Humidity in storage rooms"
    assert PageLogEntry.objects.filter(page=module, action="wagtail.create").exists()


def test_a_webinar_hosted_elsewhere_keeps_its_url(course, webinar, editor):
    webinar.recording_file = None
    webinar.captions_file = None
    webinar.recording_url = "https://vimeo.com/123456"
    webinar.save()

    module = module_create_from_event(event=webinar, course=course, user=editor).module

    assert module.video_url == "https://vimeo.com/123456"
    assert module.video_file is None
    assert not module.captions.exists() and not module.chapters.exists()


def test_a_webinar_is_turned_into_a_module_of_a_course_only_once(course, webinar, editor):
    first = module_create_from_event(event=webinar, course=course, user=editor).module

    with pytest.raises(ModuleAlreadyExists) as error:
        module_create_from_event(event=webinar, course=course, user=editor)

    assert error.value.module.pk == first.pk
    assert ModulePage.objects.filter(source_event=webinar).count() == 1


def test_a_webinar_without_recording_is_refused(course, webinar, editor):
    webinar.recording_file = None
    webinar.save()

    with pytest.raises(ValidationError):
        module_create_from_event(event=webinar, course=course, user=editor)
    assert not ModulePage.objects.filter(source_event=webinar).exists()


def test_only_people_who_may_add_pages_to_the_course_can_turn_webinars_into_modules(
    course, webinar, admin_only_user
):
    with pytest.raises(PermissionDenied):
        module_create_from_event(event=webinar, course=course, user=admin_only_user)


def test_unreadable_captions_are_reported_and_the_module_still_created(course, webinar, editor):
    webinar.captions_file = document("malformed.vtt")
    webinar.save()

    created = module_create_from_event(event=webinar, course=course, user=editor)

    assert "malformed.vtt" in created.problems[0]
    assert created.module.captions.count() == 1
    assert not created.module.chapters.exists()
    assert created.module.duration_seconds is None


def test_captions_take_the_language_of_the_webinar(course, webinar, editor, locales):
    danish = webinar.copy_for_translation(locales["da"], copy_parents=True)
    danish.captions_file = document("webinar.srt")
    danish.save()

    module = module_create_from_event(event=danish, course=course, user=editor).module

    assert list(module.captions.values_list("language", flat=True)) == ["da"]
    assert module.locale == course.locale
    assert module.chapters.first().title == "Velkommen til pleje af samlinger"


# The admin view


def from_event_url(event) -> str:
    return reverse("courses_module_from_event", args=[event.pk])


def test_the_event_editor_offers_turn_into_module(client, webinar, editor):
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[webinar.pk]))

    assert from_event_url(webinar) in response.content.decode()


def test_editors_choose_a_course_and_land_on_the_new_draft(client, course, webinar, editor):
    client.force_login(editor)
    page = client.get(from_event_url(webinar))
    assert page.status_code == 200
    assert f'value="{course.pk}"' in page.content.decode()

    response = client.post(from_event_url(webinar), {"course": course.pk})

    module = ModulePage.objects.get(source_event=webinar)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[module.pk])
    assert module.get_parent().pk == course.pk


def test_a_second_attempt_links_to_the_existing_module(client, course, webinar, editor):
    client.force_login(editor)
    client.post(from_event_url(webinar), {"course": course.pk})

    response = client.post(from_event_url(webinar), {"course": course.pk})

    module = ModulePage.objects.get(source_event=webinar)
    assert response.status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=[module.pk]) in response.content.decode()


def test_courses_the_editor_may_not_add_to_are_neither_offered_nor_accepted(
    client, course, webinar, admin_only_user
):
    client.force_login(admin_only_user)

    page = client.get(from_event_url(webinar))
    response = client.post(from_event_url(webinar), {"course": course.pk})

    assert page.status_code == 200
    assert f'value="{course.pk}"' not in page.content.decode()
    assert response.status_code == 200
    assert not ModulePage.objects.filter(source_event=webinar).exists()


def test_unpublished_webinars_of_others_answer_404(client, course, webinar, admin_only_user):
    webinar.unpublish()
    client.force_login(admin_only_user)

    assert client.get(from_event_url(webinar)).status_code == 404


def test_learners_cannot_reach_the_admin_views(client, course, webinar, user):
    client.force_login(user)

    response = client.post(from_event_url(webinar), {"course": course.pk})

    assert response.status_code in (302, 403)
    assert not ModulePage.objects.filter(source_event=webinar).exists()


# Proposing chapters


@pytest.fixture
def module_with_captions(course):
    module = ModulePageFactory(parent=course, title="Module three", slug="three")
    ModuleCaptions.objects.create(page=module, language="en", file=document("webinar.vtt"))
    return module


def test_chapters_are_proposed_into_a_new_draft(module_with_captions, editor):
    draft = module_chapters_propose(module=module_with_captions, user=editor)

    latest = ModulePage.objects.get(pk=module_with_captions.pk).get_latest_revision_as_object()
    assert [c.start_seconds for c in latest.chapters.all()] == [0, 72, 141]
    assert len(draft.chapters.all()) == 3
    # The live page is untouched until the editor publishes.
    assert not ModuleChapter.objects.filter(page=module_with_captions).exists()


def test_existing_chapters_are_only_replaced_when_confirmed(client, module_with_captions, editor):
    ModuleChapter.objects.create(
        page=module_with_captions, title="Mine", start_seconds=5, locale=module_with_captions.locale
    )
    module_with_captions.save_revision(user=editor)
    url = reverse("courses_propose_chapters", args=[module_with_captions.pk])
    client.force_login(editor)

    refused = client.post(url, {})
    replaced = client.post(url, {"replace": "on"})

    assert refused.status_code == 200
    assert "Mine" in refused.content.decode()
    assert replaced.status_code == 302
    latest = ModulePage.objects.get(pk=module_with_captions.pk).get_latest_revision_as_object()
    assert next(c.title for c in latest.chapters.all()) == "Welcome to caring for collections"


def test_the_module_editor_offers_proposing_chapters(client, module_with_captions, editor):
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[module_with_captions.pk]))

    assert reverse("courses_propose_chapters", args=[module_with_captions.pk]) in (
        response.content.decode()
    )


def test_proposing_chapters_needs_edit_permission(client, module_with_captions, admin_only_user):
    client.force_login(admin_only_user)
    url = reverse("courses_propose_chapters", args=[module_with_captions.pk])

    assert client.post(url, {"replace": "on"}).status_code == 404
    with pytest.raises(PermissionDenied):
        module_chapters_propose(module=module_with_captions, user=admin_only_user)


# Publishing rebuilds the transcript


def transcript_history(module) -> list[str]:
    entries = PageLogEntry.objects.filter(page=module, action="courses.transcript_rebuild")
    return [entry.message for entry in entries.order_by("pk")]


def test_publishing_a_module_rebuilds_its_transcript(
    module_with_captions, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        module_with_captions.save_revision(user=editor).publish(user=editor)

    assert TranscriptCue.objects.filter(module=module_with_captions, language="en").count() == 8
    assert transcript_history(module_with_captions) == ["Transcript rebuilt from the captions (en)"]


def test_the_rebuild_waits_for_the_publishing_to_commit(
    module_with_captions, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        module_with_captions.save_revision(user=editor).publish(user=editor)

    # Inside the transaction, so that a worker never reads captions that are not published yet.
    assert not TranscriptCue.objects.filter(module=module_with_captions).exists()
    for callback in callbacks:
        callback()
    assert TranscriptCue.objects.filter(module=module_with_captions).count() == 8


def test_a_malformed_captions_file_never_breaks_publishing(
    module_with_captions, editor, caplog, django_capture_on_commit_callbacks
):
    ModuleCaptions.objects.filter(page=module_with_captions).update(file=document("malformed.vtt"))
    module = ModulePage.objects.get(pk=module_with_captions.pk)

    with (
        caplog.at_level(logging.WARNING, logger="courses.services.transcripts"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        module.save_revision(user=editor).publish(user=editor)

    module.refresh_from_db()
    assert module.live and not module.has_unpublished_changes
    assert not TranscriptCue.objects.filter(module=module).exists()
    assert "malformed.vtt" in caplog.text
    # Editors find it in the page's history when the rebuild ran in the background.
    [entry] = transcript_history(module)
    assert "with problems" in entry and "malformed.vtt" in entry


def test_translations_are_published_with_their_own_transcript(
    module_with_captions, editor, locales, django_capture_on_commit_callbacks
):
    danish = module_with_captions.copy_for_translation(locales["da"], copy_parents=True)
    ModuleCaptions.objects.filter(page=danish).delete()
    ModuleCaptions.objects.create(page=danish, language="da", file=document("webinar.srt"))
    danish = ModulePage.objects.get(pk=danish.pk)

    with django_capture_on_commit_callbacks(execute=True):
        danish.save_revision(user=editor).publish(user=editor)

    assert set(TranscriptCue.objects.filter(module=danish).values_list("language", flat=True)) == {
        "da"
    }


def edit_form_data(module, *, publish: bool) -> dict:
    """The module editor's form as a browser posts it, with the module's captions."""
    captions = [
        {"id": item.pk, "language": item.language, "file": item.file_id, "ORDER": number}
        for number, item in enumerate(module.captions.order_by("sort_order", "pk"), start=1)
    ]
    data = {
        "title": module.title,
        "slug": module.slug,
        "date": "2026-01-15",
        "summary": module.summary,
        "video_url": module.video_url,
        "duration_seconds": "600",
        "is_required": "on",
        "speakers": streamfield([]),
        "resources": streamfield([]),
        "body": streamfield([]),
        "related_pages": streamfield([]),
        "quiz_pass_mark": "70",
        "quiz_max_attempts": "0",
        "quiz_cooldown_minutes": "0",
        "quiz_time_limit_minutes": "0",
        "quiz_draw_count": "0",
        "quiz_answers_shown": "after_attempt",
        "comments": inline_formset([]),
        "chapters": inline_formset([]),
        "questions": inline_formset([]),
        "captions": inline_formset(captions, initial=len(captions)),
    }
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


# Real transactions: the editor's request publishes outside any transaction, so the rebuild is
# queued (or, with the immediate backend, run) before the request answers, as in production.
# The locales the data migration made are restored after the flush.
in_real_transactions = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def publish_in_the_editor(client, module) -> list[str]:
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[module.pk]),
        edit_form_data(module, publish=True),
        follow=True,
    )
    assert ModulePage.objects.get(pk=module.pk).live
    return [str(message) for message in response.context["messages"]]


def queued_rebuilds():
    # Publishing queues other work too (search indexing).
    return DBTaskResult.objects.filter(task_path="courses.tasks.transcript_rebuild_task")


def run_worker():
    """``manage.py db_worker --batch``: runs what is queued, then stops."""
    # The command sets the level of the tasks loggers for its process; keep the test run's.
    tasks_loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [each.level for each in tasks_loggers]
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for each, level in zip(tasks_loggers, levels, strict=True):
            each.setLevel(level)


@in_real_transactions
def test_publishing_in_the_editor_tells_the_editor_about_the_transcript(
    client, module_with_captions, editor
):
    module = module_with_captions
    ModuleCaptions.objects.create(page=module, language="de", file=document("malformed.vtt"))
    client.force_login(editor)

    notes = publish_in_the_editor(client, module)

    assert any("Transcript updated" in note and "en" in note for note in notes), notes
    assert [note for note in notes if "malformed.vtt" in note] == [
        "malformed.vtt is not a valid WebVTT file (Invalid format)."
    ]
    assert not any("background" in note for note in notes), notes
    assert TranscriptCue.objects.filter(module=module, language="en").count() == 8


@in_real_transactions
def test_a_rebuild_that_fails_is_reported_and_publishing_still_succeeds(
    client, module_with_captions, editor, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("search server gone")

    monkeypatch.setattr("courses.tasks.transcript_rebuild_published", broken)
    client.force_login(editor)

    notes = publish_in_the_editor(client, module_with_captions)

    assert "The transcript could not be rebuilt; the error has been logged." in notes
    assert not any("Transcript updated" in note for note in notes), notes


@in_real_transactions
@override_settings(TASKS=QUEUED_TASKS)
def test_with_a_task_queue_publishing_only_queues_the_rebuild(
    client, module_with_captions, editor, django_assert_max_num_queries
):
    module = module_with_captions
    ModuleCaptions.objects.create(page=module, language="de", file=document("malformed.vtt"))
    client.force_login(editor)

    notes = publish_in_the_editor(client, module)

    [queued] = queued_rebuilds()
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["kwargs"] == {"module_id": module.pk}
    # Nothing parsed or stored in the request: no cues, no captions problems, no history yet.
    assert not TranscriptCue.objects.filter(module=module).exists()
    assert not transcript_history(module)
    assert not any("malformed.vtt" in note or "Transcript updated" in note for note in notes)
    assert any("rebuilt from the captions in the background" in note for note in notes), notes

    run_worker()

    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.return_value["cue_counts"] == {"en": 8, "de": 0}
    assert TranscriptCue.objects.filter(module=module, language="en").count() == 8
    [entry] = transcript_history(module)
    assert "malformed.vtt" in entry
    history = client.get(reverse("wagtailadmin_pages:history", args=[module.pk]))
    assert "Transcript rebuilt from the captions, with problems" in history.content.decode()


@in_real_transactions
@override_settings(TASKS=QUEUED_TASKS)
def test_each_publishing_queues_one_rebuild(client, course, module_with_captions, editor):
    receivers.connect()  # as a second ready() would: the dispatch_uid keeps one receiver
    client.force_login(editor)

    publish_in_the_editor(client, module_with_captions)
    publish_in_the_editor(client, module_with_captions)
    course.save_revision(user=editor).publish(user=editor)  # other pages queue nothing

    assert queued_rebuilds().count() == 2
    run_worker()
    assert set(queued_rebuilds().values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert TranscriptCue.objects.filter(module=module_with_captions).count() == 8


@in_real_transactions
@override_settings(TASKS=QUEUED_TASKS)
def test_a_module_without_captions_is_published_without_a_transcript_note(client, course, editor):
    module = course.get_children().specific().first()
    client.force_login(editor)

    notes = publish_in_the_editor(client, module)

    assert not any("ranscript" in note for note in notes), notes
    assert queued_rebuilds().count() == 1  # clears a transcript left from removed captions


def test_saving_a_draft_warns_about_unreadable_captions_already(
    client, module_with_captions, editor
):
    module = module_with_captions
    ModuleCaptions.objects.create(page=module, language="de", file=document("malformed.vtt"))
    client.force_login(editor)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[module.pk]),
        edit_form_data(module, publish=False),
        follow=True,
    )

    notes = [str(message) for message in response.context["messages"]]
    assert any("malformed.vtt" in note for note in notes), notes
    assert not TranscriptCue.objects.filter(module=module).exists()  # nothing published


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent transactions need PostgreSQL (DATABASE_URL=postgres://...)",
)
# Real transactions, so that the threads see each other; the locales the data migration made
# are restored before the test even when an earlier transactional test flushed them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_turning_the_same_webinar_into_a_module_at_once_get_one_module(
    course, webinar, editor
):
    barrier = threading.Barrier(4)
    outcomes = []

    def turn_into_module():
        try:
            barrier.wait()
            module_create_from_event(event=webinar, course=course, user=editor)
            outcomes.append("created")
        except ModuleAlreadyExists:
            outcomes.append("exists")
        finally:
            connection.close()

    threads = [threading.Thread(target=turn_into_module) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "exists", "exists", "exists"]
    assert ModulePage.objects.filter(source_event=webinar).count() == 1
