"""Learning views: the learner's dashboard, enrolling and leaving a course, and the endpoints
the module player reports progress to.

The progress endpoint answers JSON: 404 for a module that does not exist or is not published,
403 when nobody is logged in or the learner is not enrolled in the course (the module page is
public, so its existence is no secret; 403 tells the player to stop reporting), 400 with a
message for anything malformed, 429 when rate-limited. A report is answered with what is stored
and ``pending_seconds``, the newly played seconds it claimed that real time does not yet allow to
credit (see ``courses.services.progress``): the player reports again while there are any.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import PageViewRestriction

from django_ratelimit.core import is_ratelimited

from ..models import CoursePage, ModulePage
from ..selectors.learning import courses_for_learner, module_for_progress
from ..services.completion import course_completion_update
from ..services.enrolment import enrolment_create, enrolment_delete
from ..services.progress import progress_confirm_watched, progress_record

# The player reports every 15 seconds while playing or while seconds are pending, and on pause,
# seek and leaving the page; a learner with a few tabs open stays far below this.
PROGRESS_RATE = "60/m"
# A report is a few hundred bytes; anything much larger is not from the player.
MAX_PROGRESS_BODY = 16 * 1024


def _live_page(request, model, page_id: int):
    """The published page, or 404, also when a view restriction (login, password, groups) keeps
    this visitor from seeing it: its id must not open a way round the restriction."""
    page = model.objects.live().filter(pk=page_id).first()
    if page is None:
        raise Http404
    _check_view_restrictions(request, page)
    return page


def _check_view_restrictions(request, page) -> None:
    # The page's and its ancestors' restrictions in one query (get_view_restrictions takes two).
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    restrictions = PageViewRestriction.objects.filter(page__path__in=paths)
    if not all(restriction.accept_request(request) for restriction in restrictions):
        raise Http404


def _back(request, page):
    """Where a form posted from a page returns to: its ``next`` if it is on this site."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(page.get_url(request))


@login_required
@require_GET
@never_cache
def dashboard(request):
    return render(
        request,
        "courses/dashboard.html",
        {"dashboard": courses_for_learner(user=request.user), "now": timezone.now()},
    )


@login_required
@require_POST
def enrol(request, course_id: int):
    course = _live_page(request, CoursePage, course_id)
    try:
        enrolment_create(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course.title})
    return _back(request, course)


@login_required
@require_POST
def certificate_request(request, course_id: int):
    """Issue the certificate of a course the learner completed before they had a name."""
    course = _live_page(request, CoursePage, course_id)
    if not request.user.get_full_name():
        messages.error(
            request, _("Add your name on your profile page first: the certificate prints it.")
        )
        return redirect("users:profile")
    course_completion_update(user=request.user, course=course)
    return redirect("courses:dashboard")


@login_required
@require_POST
def unenrol(request, course_id: int):
    course = _live_page(request, CoursePage, course_id)
    if enrolment_delete(user=request.user, course=course):
        messages.success(
            request,
            _("You have left “%(course)s”. Your progress is kept if you enrol again.")
            % {"course": course.title},
        )
    return _back(request, course)


@login_required
@require_POST
def confirm_watched(request, module_id: int):
    module = _live_page(request, ModulePage, module_id)
    try:
        completed = progress_confirm_watched(user=request.user, module=module)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied:
        messages.error(request, _("Enrol in the course to record your progress."))
    else:
        messages.success(
            request,
            _("Module complete.") if completed else _("Thank you: watching is recorded."),
        )
    return _back(request, module)


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def progress(request, module_id: int):
    if not request.user.is_authenticated:
        return _error(_("Log in to record your progress."), 403)
    if is_ratelimited(
        request,
        group="courses.progress",
        key="user",
        rate=getattr(settings, "COURSES_PROGRESS_RATE", PROGRESS_RATE),
        increment=True,
    ):
        return _error(_("Too many progress reports; try again in a minute."), 429)
    # The player reports every 15 seconds: the module comes in one lean query, and restrictions
    # are only checked against the request where there are any.
    module = module_for_progress(module_id=module_id)
    if module is None:
        raise Http404
    if module.has_view_restrictions:
        _check_view_restrictions(request, module)
    if len(request.body) > MAX_PROGRESS_BODY:
        return _error(_("The report is too large."), 400)
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(_("The report is not valid JSON."), 400)
    if not isinstance(data, dict) or "intervals" not in data or "position" not in data:
        return _error(_("The report needs “intervals” and “position”."), 400)
    try:
        result = progress_record(
            user=request.user,
            module=module,
            intervals=data["intervals"],
            position=data["position"],
        )
    except ValidationError as error:
        return _error(error.messages[0], 400)
    except PermissionDenied as error:
        return _error(str(error), 403)
    return JsonResponse(
        {
            "watched_seconds": result.progress.watched_seconds,
            "watched_percent": result.watched_percent,
            "position": result.progress.position_seconds,
            "pending_seconds": result.pending_seconds,
            "completed": result.completed,
        }
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("courses/<int:course_id>/enrol/", enrol, name="enrol"),
    path("courses/<int:course_id>/unenrol/", unenrol, name="unenrol"),
    path("courses/<int:course_id>/certificate/", certificate_request, name="certificate_request"),
    path("modules/<int:module_id>/progress/", progress, name="progress"),
    path("modules/<int:module_id>/watched/", confirm_watched, name="confirm_watched"),
]
