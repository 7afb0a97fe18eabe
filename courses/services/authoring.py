"""Building modules from webinars, and chapters from captions, for editors.

Everything here writes drafts (new revisions) and never publishes: an editor reviews what was
carried over before learners see it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.coreutils import find_available_slug

from cms.events.models import EventPage

from ..models import CoursePage, ModuleCaptions, ModuleChapter, ModulePage
from .transcripts import (
    CaptionsFileError,
    ParsedCue,
    captions_parse,
    chapters_propose,
    duration_from_cues,
)


class ModuleAlreadyExists(ValidationError):
    """The webinar has already been turned into a module of that course."""

    def __init__(self, module: ModulePage):
        self.module = module
        super().__init__(
            _("This webinar is already the module “%(title)s” of this course.")
            % {"title": module.title}
        )


@dataclass
class ModuleFromEvent:
    module: ModulePage
    # Problems that did not stop the module from being created, e.g. unreadable captions.
    problems: list[str] = field(default_factory=list)


def event_has_recording(event: EventPage) -> bool:
    return bool(event.recording_file_id or event.recording_url)


def module_for_event(*, event: EventPage, course: CoursePage) -> ModulePage | None:
    """The module of the course already made from the webinar, if any."""
    return ModulePage.objects.child_of(course).filter(source_event=event).first()


def _chapters(cues: list[ParsedCue], *, locale) -> list[ModuleChapter]:
    return [
        ModuleChapter(title=chapter.title, start_seconds=chapter.start_seconds, locale=locale)
        for chapter in chapters_propose(cues=cues)
    ]


def module_create_from_event(*, event: EventPage, course: CoursePage, user) -> ModuleFromEvent:
    """Creates a draft module in the course from a webinar's recording, captions, speakers and
    slides, with chapters proposed from the captions and a first revision by ``user``.

    Raises ``PermissionDenied`` when the user may not add pages to the course,
    ``ModuleAlreadyExists`` when the webinar is already a module of the course, and
    ``ValidationError`` when the webinar has no recording. Unreadable captions do not stop the
    module from being created; they are reported in ``problems``.
    """
    if not course.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    if not ModulePage.can_create_at(course):
        raise ValidationError(_("Modules cannot be added to this page."))
    if not event_has_recording(event):
        raise ValidationError(_("This webinar has no recording to turn into a module."))

    problems: list[str] = []
    cues: list[ParsedCue] = []
    language = event.locale.language_code
    if event.captions_file_id:
        try:
            cues = captions_parse(document=event.captions_file)
        except CaptionsFileError as error:
            problems.append(" ".join(error.messages))

    with transaction.atomic():
        # Locking the course serialises two editors (or the bulk command) turning the same
        # webinar into a module at once, so the duplicate check below holds.
        # The fresh row also gives treebeard the current number of children to place the new
        # page after.
        course = CoursePage.objects.select_for_update().get(pk=course.pk)
        existing = module_for_event(event=event, course=course)
        if existing is not None:
            raise ModuleAlreadyExists(existing)

        module = ModulePage(
            title=event.title,
            slug=find_available_slug(course, slugify(event.slug or event.title) or "module"),
            locale=course.locale,
            summary=event.summary,
            video_file=event.recording_file,
            # With an uploaded file the player needs no external URL; keep the link otherwise.
            video_url="" if event.recording_file_id else event.recording_url,
            duration_seconds=duration_from_cues(cues),
            speakers=list(event.speakers.raw_data),
            slides=event.slides,
            source_event=event,
            owner=user,
            live=False,
        )
        if event.captions_file_id:
            module.captions = [ModuleCaptions(language=language, file=event.captions_file)]
        module.chapters = _chapters(cues, locale=course.locale)
        course.add_child(instance=module)
        module.save_revision(user=user, log_action=True)
    return ModuleFromEvent(module=module, problems=problems)


def _captions_for_chapters(module: ModulePage) -> ModuleCaptions | None:
    # Chapter titles read best in the page's own language; otherwise the first captions.
    captions = list(module.captions.all())
    for item in captions:
        if item.language == module.locale.language_code:
            return item
    return captions[0] if captions else None


def module_chapters_propose(*, module: ModulePage, user, replace: bool = False) -> ModulePage:
    """Saves a new draft revision of the module with chapters proposed from its captions.

    Works on the latest revision, so unpublished edits (such as newly added captions) are
    kept. Existing chapters are only replaced when ``replace`` is given. Raises
    ``PermissionDenied`` when the user may not edit the module and ``ValidationError`` when
    there is nothing to propose from or chapters exist and ``replace`` is false.
    """
    if not module.permissions_for_user(user).can_edit():
        raise PermissionDenied
    draft = module.get_latest_revision_as_object()
    if len(draft.chapters.all()) and not replace:
        raise ValidationError(_("The module already has chapters; confirm to replace them."))
    captions = _captions_for_chapters(draft)
    if captions is None:
        raise ValidationError(_("Add captions to the module first."))
    cues = captions_parse(document=captions.file)
    draft.chapters = _chapters(cues, locale=draft.locale)
    if not draft.duration_seconds:
        draft.duration_seconds = duration_from_cues(cues)
    with transaction.atomic():
        draft.save_revision(user=user, log_action=True)
    return draft
