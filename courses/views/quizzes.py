"""Quiz pages: a module's quiz (standing, start button, past attempts), taking an attempt,
submitting it and reviewing the result.

Views are thin: rules and grading are in ``courses.services.quizzes``, reads in
``courses.selectors.quizzes``. Every attempt is looked up together with its owner, so another
learner's attempt answers 404 like one that does not exist. Pages are personal and never cached.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Locale

from django_ratelimit.decorators import ratelimit

from ..models import ModulePage
from ..quiz_forms import QuizAttemptForm
from ..selectors.learning import module_next_step
from ..selectors.quizzes import (
    attempt_questions,
    attempt_review,
    attempt_timed_out,
    page_for_locale,
    quiz_answers_shown,
    quiz_attempt_for_user,
    quiz_state,
)
from ..services.quizzes import (
    QuizAttemptClosed,
    QuizError,
    QuizNotEnrolled,
    QuizTimeUp,
    quiz_attempt_start,
    quiz_attempt_submit,
)


def _module_or_404(module_id: int) -> ModulePage:
    module = ModulePage.objects.live().filter(pk=module_id).first()
    if module is None:
        raise Http404
    return module


def _attempt_or_404(request, attempt_id: int):
    attempt = quiz_attempt_for_user(user=request.user, attempt_id=attempt_id)
    if attempt is None:
        raise Http404
    return attempt


def _pages(module: ModulePage, locale: Locale):
    """The module and its course in the learner's language, for titles and links."""
    shown = page_for_locale(module, locale)
    course = page_for_locale(shown.get_parent().specific, locale)
    return shown, course


@never_cache
@login_required
@require_GET
def quiz(request, module_id: int):
    module = _module_or_404(module_id)
    locale = Locale.get_active()
    shown, course = _pages(module, locale)
    state = quiz_state(user=request.user, module=module)
    if not state.has_quiz:
        raise Http404
    now = timezone.now()
    history = [
        {
            "attempt": attempt,
            "timed_out": attempt_timed_out(attempt, now=now),
            "is_open": attempt == state.open_attempt,
        }
        for attempt in state.attempts
    ]
    return render(
        request,
        "courses/quiz.html",
        {
            "module": shown,
            "course": course,
            "state": state,
            "history": history,
            "settings": state.module,
        },
    )


@never_cache
@login_required
@require_POST
@ratelimit(key="user", rate="30/m", method="POST", block=True)
def quiz_start(request, module_id: int):
    module = _module_or_404(module_id)
    try:
        attempt = quiz_attempt_start(user=request.user, module=module)
    except QuizError as error:
        messages.error(request, error.message)
        return redirect("courses:quiz", module_id=module.pk)
    return redirect("courses:quiz_attempt", attempt_id=attempt.pk)


def _take_page(request, attempt, form, *, status=200):
    locale = Locale.get_active()
    shown, course = _pages(attempt.module, locale)
    seconds_left = None
    if attempt.deadline is not None:
        seconds_left = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return render(
        request,
        "courses/quiz_take.html",
        {
            "module": shown,
            "course": course,
            "attempt": attempt,
            "form": form,
            "seconds_left": seconds_left,
            "timed_out": attempt_timed_out(attempt),
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def quiz_attempt(request, attempt_id: int):
    attempt = _attempt_or_404(request, attempt_id)
    if attempt.submitted_at is not None:
        return redirect("courses:quiz_result", attempt_id=attempt.pk)
    form = QuizAttemptForm(questions=attempt_questions(attempt=attempt))
    return _take_page(request, attempt, form)


@never_cache
@login_required
@require_POST
@ratelimit(key="user", rate="30/m", method="POST", block=True)
def quiz_submit(request, attempt_id: int):
    attempt = _attempt_or_404(request, attempt_id)
    if attempt.submitted_at is not None:
        messages.info(request, QuizAttemptClosed.message)
        return redirect("courses:quiz_result", attempt_id=attempt.pk)
    form = QuizAttemptForm(request.POST, questions=attempt_questions(attempt=attempt))
    if not form.is_valid():
        return _take_page(request, attempt, form, status=400)
    try:
        quiz_attempt_submit(attempt=attempt, user=request.user, answers=form.answers())
    except QuizTimeUp as error:
        messages.warning(request, error.message)
    except QuizAttemptClosed as error:
        messages.info(request, error.message)
    except QuizNotEnrolled as error:
        messages.error(request, error.message)
        return redirect("courses:quiz", module_id=attempt.module_id)
    return redirect("courses:quiz_result", attempt_id=attempt.pk)


@never_cache
@login_required
@require_GET
def quiz_result(request, attempt_id: int):
    attempt = _attempt_or_404(request, attempt_id)
    if attempt.submitted_at is None:
        return redirect("courses:quiz_attempt", attempt_id=attempt.pk)
    locale = Locale.get_active()
    shown, course = _pages(attempt.module, locale)
    show_correct = quiz_answers_shown(attempt=attempt)
    return render(
        request,
        "courses/quiz_result.html",
        {
            "module": shown,
            "course": course,
            "attempt": attempt,
            "items": attempt_review(attempt=attempt, show_correct=show_correct, locale=locale),
            "show_correct": show_correct,
            "timed_out": attempt_timed_out(attempt),
            "state": quiz_state(user=request.user, module=attempt.module),
            # After a pass: the next module, or the course's completion and certificate.
            "next_step": (
                module_next_step(user=request.user, module=attempt.module)
                if attempt.passed
                else None
            ),
        },
    )


urlpatterns = [
    path("<int:module_id>/", quiz, name="quiz"),
    path("<int:module_id>/start/", quiz_start, name="quiz_start"),
    path("attempts/<int:attempt_id>/", quiz_attempt, name="quiz_attempt"),
    path("attempts/<int:attempt_id>/submit/", quiz_submit, name="quiz_submit"),
    path("attempts/<int:attempt_id>/result/", quiz_result, name="quiz_result"),
]
