"""Admin tools for building modules: "Turn into module" on webinars, "Propose chapters" on
modules, and what the editor hears about the transcript rebuilt whenever a module is published.

The rebuild is queued from ``page_published`` (``courses.receivers``) so that every way of
publishing counts (the editor, workflow approval, scheduled publishing, translations); the
``after_publish_page`` hook then tells the editor who pressed "Publish" what came of it, or that
it is still to come when a worker runs it. A rebuild never breaks publishing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from django_tasks import TaskResultStatus

from cms.events.models import EventPage

from ..models import CoursePage, ModuleCaptions, ModulePage
from ..services.authoring import (
    ModuleAlreadyExists,
    event_has_recording,
    module_chapters_propose,
    module_create_from_event,
)
from ..services.transcript_queue import transcript_rebuild_queued_pop
from ..services.transcripts import TRANSCRIPT_REBUILD_LOG_ACTION, captions_problems


@hooks.register("after_publish_page")
def report_transcript_rebuild(request, page):
    # The edit view runs after_edit_page after publishing too; this hook says it all.
    request._courses_captions_reported = True
    queued = transcript_rebuild_queued_pop(module_id=page.pk)
    if queued is None:
        return
    result = queued.task_result
    if queued.queue_failed or (result is not None and result.status == TaskResultStatus.FAILED):
        messages.warning(
            request, _("The transcript could not be rebuilt; the error has been logged.")
        )
        return
    if result is None or not result.is_finished:
        # A worker rebuilds it later (or the publishing's transaction has not committed yet).
        if ModuleCaptions.objects.filter(page_id=page.pk).exists():
            messages.info(
                request,
                _(
                    "The transcript will be rebuilt from the captions in the background; the "
                    "page's history will show the outcome."
                ),
            )
        return
    outcome = result.return_value or {}
    for problem in outcome.get("problems", []):
        messages.warning(request, problem)
    built = {language: count for language, count in outcome.get("cue_counts", {}).items() if count}
    if built:
        messages.info(
            request,
            _("Transcript updated from the captions (%(languages)s).")
            % {"languages": ", ".join(sorted(built))},
        )


class TranscriptRebuildFormatter(LogFormatter):
    """The history entry of a rebuild after publishing: where editors learn how a rebuild that
    ran in the background went."""

    label = gettext_lazy("Rebuild transcript")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("problems"):
            return _("Transcript rebuilt from the captions, with problems: %(problems)s") % {
                "problems": " ".join(data["problems"])
            }
        return _("Transcript rebuilt from the captions (%(languages)s)") % {
            "languages": ", ".join(data.get("languages", []))
        }


@hooks.register("register_log_actions")
def register_transcript_log_actions(actions):
    actions.register_action(TRANSCRIPT_REBUILD_LOG_ACTION)(TranscriptRebuildFormatter)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def check_draft_captions(request, page):
    """Saving a draft: point out unreadable captions now, not only when publishing."""
    if not isinstance(page, ModulePage) or getattr(request, "_courses_captions_reported", False):
        return
    if not request.accepts("text/html"):
        return  # autosave answers with JSON; the editor hears about it on the next save
    for problem in captions_problems(module=page):
        messages.warning(request, problem)


def _courses_user_can_add_to(user):
    # Courses are few; Wagtail caches the user's page permissions for these checks.
    allowed = [
        course.pk
        for course in CoursePage.objects.select_related("locale")
        if course.permissions_for_user(user).can_add_subpage()
    ]
    return CoursePage.objects.filter(pk__in=allowed).select_related("locale").order_by("title")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.locale.get_display_name()})"


class ModuleFromEventForm(forms.Form):
    course = CourseChoiceField(
        queryset=CoursePage.objects.none(),
        label=gettext_lazy("Course"),
        help_text=gettext_lazy(
            "The module is created as a draft at the end of this course, in the course's language."
        ),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


class ModuleFromEventView(WagtailAdminTemplateMixin, FormView):
    """Turns a webinar into a draft module of a course the editor chooses."""

    template_name = "courses/admin/authoring_module_from_event.html"
    form_class = ModuleFromEventForm
    header_icon = "media"

    def dispatch(self, request, event_id):
        self.event = get_object_or_404(EventPage, pk=event_id)
        # The webinar's recording and captions are copied: editors may use any published
        # webinar, and drafts only when they may edit them.
        if not (self.event.live or self.event.permissions_for_user(request.user).can_edit()):
            raise Http404
        self.courses = _courses_user_can_add_to(request.user)
        return super().dispatch(request, event_id)

    def get_page_title(self):
        return _("Turn into module")

    def get_page_subtitle(self):
        return self.event.get_admin_display_title()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["courses"] = self.courses
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            has_recording=event_has_recording(self.event),
            has_courses=self.courses.exists(),
            **kwargs,
        )

    def form_valid(self, form):
        course = form.cleaned_data["course"]
        try:
            created = module_create_from_event(
                event=self.event, course=course, user=self.request.user
            )
        except ModuleAlreadyExists as error:
            form.add_error(
                "course",
                format_html(
                    '{} <a href="{}">{}</a>',
                    error.messages[0],
                    reverse("wagtailadmin_pages:edit", args=[error.module.pk]),
                    _("Edit it"),
                ),
            )
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error("course", _("You may not add modules to this course."))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        for problem in created.problems:
            messages.warning(self.request, problem)
        messages.success(
            self.request,
            _("Draft module “%(title)s” created in “%(course)s”. Review it, then publish.")
            % {"title": created.module.title, "course": course.title},
        )
        return redirect("wagtailadmin_pages:edit", created.module.pk)


class ProposeChaptersForm(forms.Form):
    replace = forms.BooleanField(
        label=gettext_lazy("Replace the existing chapters"), required=False
    )


class ProposeChaptersView(WagtailAdminTemplateMixin, FormView):
    """Fills a module's chapters from its captions, as a new draft revision."""

    template_name = "courses/admin/authoring_propose_chapters.html"
    form_class = ProposeChaptersForm
    header_icon = "list-ol"

    def dispatch(self, request, module_id):
        self.module = get_object_or_404(ModulePage, pk=module_id)
        if not self.module.permissions_for_user(request.user).can_edit():
            raise Http404
        self.draft = self.module.get_latest_revision_as_object()
        return super().dispatch(request, module_id)

    def get_page_title(self):
        return _("Propose chapters from captions")

    def get_page_subtitle(self):
        return self.module.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            module=self.module,
            chapters=list(self.draft.chapters.all()),
            captions=list(self.draft.captions.all()),
            **kwargs,
        )

    def form_valid(self, form):
        chapters = list(self.draft.chapters.all())
        if chapters and not form.cleaned_data["replace"]:
            form.add_error(
                "replace", _("Tick this box to replace the chapters the module already has.")
            )
            return self.form_invalid(form)
        try:
            draft = module_chapters_propose(
                module=self.module, user=self.request.user, replace=form.cleaned_data["replace"]
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)d chapters proposed and saved as a draft; edit them as you need.")
            % {"count": len(draft.chapters.all())},
        )
        return redirect("wagtailadmin_pages:edit", self.module.pk)


@hooks.register("register_admin_urls")
def register_authoring_urls():
    return [
        path(
            "courses/events/<int:event_id>/to-module/",
            ModuleFromEventView.as_view(),
            name="courses_module_from_event",
        ),
        path(
            "courses/modules/<int:module_id>/propose-chapters/",
            ProposeChaptersView.as_view(),
            name="courses_propose_chapters",
        ),
    ]


def _authoring_button(page, user):
    specific_class = page.specific_class
    if specific_class is None:
        return None
    if issubclass(specific_class, EventPage):
        # The listing passes plain pages; only the edit view's page tells whether it has a
        # recording, and the view explains when it has none.
        if isinstance(page, EventPage) and not event_has_recording(page):
            return None
        return Button(
            _("Turn into module"),
            reverse("courses_module_from_event", args=[page.pk]),
            icon_name="media",
            priority=90,
        )
    if issubclass(specific_class, ModulePage) and page.permissions_for_user(user).can_edit():
        return Button(
            _("Propose chapters from captions"),
            reverse("courses_propose_chapters", args=[page.pk]),
            icon_name="list-ol",
            priority=90,
        )
    return None


@hooks.register("register_page_header_buttons")
def authoring_header_buttons(page, user, view_name, next_url=None):
    button = _authoring_button(page, user)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def authoring_listing_buttons(page, user, next_url=None):
    button = _authoring_button(page, user)
    if button is not None:
        yield button
