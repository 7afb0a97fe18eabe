"""The pure rules of courses, which services and selectors both apply: how much of a recording
counts as watched, the maths of played intervals, a quiz question's choices, the grace after a
quiz deadline and the cooldown between attempts.

Nothing here reads or writes the database, and nothing imports the app's services, selectors or
tasks: a selector may use these rules without pulling in the writes (and what they import).
"""

import math
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Watched time ----------------------------------------------------------------------------------

Interval = tuple[float, float]

# The player sends the browser's played ranges: a handful normally, more after much seeking.
MAX_INTERVALS = 200
# Players offer up to 2x; the extra quarter absorbs network jitter between reports.
MAX_PLAYBACK_RATE = 2.5
# How often the player reports while playing (REPORT_EVERY_MS in static/js/player.js).
REPORT_INTERVAL_SECONDS = 15.0
# A report is credited for at most this much real time since the previous one. Twice the
# player's interval leaves room for a late or throttled heartbeat; anything longer was a pause,
# a closed tab or someone waiting to claim more, and does not count.
HEARTBEAT_CAP_SECONDS = 2 * REPORT_INTERVAL_SECONDS
# Gaps shorter than this between played ranges are rounding between reports, not skipping.
MERGE_GAP_SECONDS = 0.5


def watched_percent(*, watched_seconds: float, duration: int | None) -> int:
    """Whole percent played, rounded down so that 89.9% never shows as a passing 90%."""
    if not duration:
        return 0
    return min(100, math.floor(watched_seconds * 100 / duration))


def number_clean(value, *, field: str) -> float:
    # bool is an int in Python, but true/false is not a time.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(_("%(field)s must be a number.") % {"field": field}, code="invalid")
    number = float(value)
    if not math.isfinite(number):
        raise ValidationError(
            _("%(field)s must be a finite number.") % {"field": field}, code="invalid"
        )
    return number


def intervals_clean(raw, *, duration: float) -> list[Interval]:
    """Validated ``[start, end]`` pairs, clamped to ``[0, duration]``; empty ones dropped."""
    if not isinstance(raw, list):
        raise ValidationError(_("intervals must be a list."), code="invalid")
    if len(raw) > MAX_INTERVALS:
        raise ValidationError(
            _("At most %(max)d intervals can be sent at once.") % {"max": MAX_INTERVALS},
            code="too_many",
        )
    cleaned = []
    for pair in raw:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValidationError(_("Each interval must be a [start, end] pair."), code="invalid")
        start = number_clean(pair[0], field="start")
        end = number_clean(pair[1], field="end")
        if end < start:
            raise ValidationError(_("An interval cannot end before it starts."), code="invalid")
        start, end = max(0.0, min(start, duration)), max(0.0, min(end, duration))
        if end > start:
            cleaned.append((start, end))
    return cleaned


def intervals_union(
    intervals: Iterable[Sequence[float]], *, gap: float = MERGE_GAP_SECONDS
) -> list[Interval]:
    """Sorted, non-overlapping ranges covering the same time; ranges less than ``gap`` apart
    are joined, the gap included."""
    merged: list[list[float]] = []
    for start, end in sorted((float(s), float(e)) for s, e in intervals):
        if merged and start <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def intervals_length(intervals: Iterable[Sequence[float]]) -> float:
    return sum(end - start for start, end in intervals)


def intervals_subtract(intervals: list[Interval], covered: list[Interval]) -> list[Interval]:
    """The parts of ``intervals`` (a union) that ``covered`` (a union) does not cover."""
    remaining = []
    index = 0
    for start, end in intervals:
        cursor = start
        while index < len(covered) and covered[index][1] <= cursor:
            index += 1
        probe = index
        while probe < len(covered) and covered[probe][0] < end:
            covered_start, covered_end = covered[probe]
            if covered_start > cursor:
                remaining.append((cursor, covered_start))
            cursor = max(cursor, covered_end)
            if cursor >= end:
                break
            probe += 1
        if cursor < end:
            remaining.append((cursor, end))
    return remaining


def intervals_truncate(intervals: list[Interval], seconds: float) -> list[Interval]:
    """The earliest ``seconds`` of the ranges, in order."""
    taken = []
    for start, end in intervals:
        if seconds <= 0:
            break
        end = min(end, start + seconds)
        taken.append((start, end))
        seconds -= end - start
    return taken


def report_allowance(*, last_report_at, now) -> float:
    """Seconds of recording a report may newly credit: none before viewing has begun (no
    previous report), then ``MAX_PLAYBACK_RATE`` times the real time since the previous report,
    counted up to ``HEARTBEAT_CAP_SECONDS``."""
    if last_report_at is None:
        return 0.0
    elapsed = max(0.0, (now - last_report_at).total_seconds())
    return MAX_PLAYBACK_RATE * min(elapsed, HEARTBEAT_CAP_SECONDS)


def intervals_credit(
    stored: list[Interval], reported: list[Interval], *, allowance: float
) -> tuple[list[Interval], float, float]:
    """The new union of watched ranges, the seconds credited and the seconds left pending.

    What the report adds is counted with the short gaps its ranges close (the union joins
    ranges less than ``MERGE_GAP_SECONDS`` apart): otherwise slivers a third of a second apart
    would fill whole minutes for a few hundredths of a second of allowance. The earliest new
    seconds are credited first, and the result is joined without that tolerance, so the
    watched time grows by exactly what was credited.
    """
    new = intervals_subtract(intervals_union([*stored, *reported]), stored)
    fresh = intervals_truncate(new, allowance)
    credited = intervals_length(fresh)
    if fresh:
        stored = intervals_union([*stored, *fresh], gap=0.0)
    return stored, credited, max(0.0, intervals_length(new) - credited)


# Quizzes ---------------------------------------------------------------------------------------

# A submission arriving this long after the deadline still counts: it covers the time the
# browser needs to send the form (or the timer script to submit it) when time runs out.
SUBMIT_GRACE = timedelta(seconds=30)


def question_choices(question) -> list[tuple[str, dict]]:
    """The question's choices as (block id, value) pairs, from the stored JSON.

    Reading the raw data skips building block objects, which is most of the cost of grading.
    """
    return [
        (raw["id"], raw["value"])
        for raw in question.choices.raw_data
        if raw.get("type") == "choice" and raw.get("id")
    ]


def quiz_cooldown_until(*, module, last_attempt):
    """When the learner may start again after their last submitted attempt, or None."""
    if not module.quiz_cooldown_minutes or last_attempt is None or not last_attempt.submitted_at:
        return None
    return last_attempt.submitted_at + timedelta(minutes=module.quiz_cooldown_minutes)
