"""Captions in, transcript and chapters out.

A module's captions files (WebVTT or SubRip documents) are parsed with webvtt-py into cues. The
cues are stored as ``TranscriptCue`` rows per module page and language, so that the interactive
transcript and site search work from the database, and they seed the module's chapters.

Bad input never breaks publishing: a file that cannot be read raises ``CaptionsFileError`` (a
``ValidationError``) from ``captions_parse``, and ``transcript_rebuild`` turns it into a problem
it reports instead of raising.

Publishing only queues the rebuild (``courses.services.transcript_queue``): parsing a long
webinar's captions takes a while, and publishing a module must answer as fast as publishing any
page. This module enqueues no task, so the task that runs the rebuild can import it.
"""

import html
import io
import logging
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from cms.core.search_indexing import search_index_add_bulk

from ..models import ModuleCaptions, ModulePage, TranscriptCue

logger = logging.getLogger(__name__)

# The page history entry a rebuild after publishing leaves (registered in courses.admin).
TRANSCRIPT_REBUILD_LOG_ACTION = "courses.transcript_rebuild"

# A webinar of several hours has a few thousand cues and a few hundred KB of captions; anything
# much larger is not a captions file.
CAPTIONS_MAX_BYTES = 5 * 1024 * 1024
CAPTIONS_FORMATS = ("vtt", "srt")

# Chapter proposal: a silence this long, or a cue opening with a transition phrase, starts a new
# chapter, provided the current one has lasted long enough to be worth a chapter of its own.
CHAPTER_MIN_PAUSE_SECONDS = 4.0
CHAPTER_MIN_LENGTH_SECONDS = 60.0
CHAPTER_TITLE_WORDS = 8
CHAPTER_TITLE_MAX_CHARS = 80

# Phrases speakers open a new part of a talk with, in the site's languages. Matched at the start
# of a cue, case-insensitively, and left out of the proposed chapter title.
TRANSITION_PHRASES = [
    # English
    r"next,?",
    r"now,? let'?s(?: move on to| turn to| look at| talk about)?",
    r"let'?s (?:move on to|turn to|now look at|look at|talk about)",
    r"moving on(?: to)?,?",
    r"in the next (?:part|section),?",
    r"our next (?:topic|speaker) is",
    r"to sum up,?",
    r"in summary,?",
    r"finally,?",
    r"to conclude,?",
    # Danish
    r"dernæst,?",
    r"nu skal vi(?: se på| tale om)?",
    # German
    r"als nächstes,?",
    r"kommen wir (?:nun )?zu",
    r"zusammenfassend,?",
    # Italian
    r"passiamo (?:ora )?a",
    r"ora vediamo",
    r"in sintesi,?",
    # Greek
    r"στη συνέχεια,?",
    r"τώρα ας δούμε",
]
# Punctuation left over between a transition phrase and the title, and at a title's end.
TITLE_PUNCTUATION = ".,;:!?-\u2013\u2014 "
TRANSITION_RE = re.compile(
    r"^\s*(?:" + "|".join(TRANSITION_PHRASES) + r")(?=\W|$)[\s,:;.\u2013\u2014-]*", re.IGNORECASE
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?;:])\s")
TAG_RE = re.compile(r"<[^>]*>")


class CaptionsFileError(ValidationError):
    """A captions file that cannot be read; its message is meant for the editor."""


@dataclass(frozen=True)
class ParsedCue:
    start_seconds: float
    end_seconds: float
    text: str


@dataclass(frozen=True)
class ProposedChapter:
    title: str
    start_seconds: int


@dataclass
class TranscriptRebuildResult:
    """What ``transcript_rebuild`` stored (cues per language) and what it could not read."""

    cue_counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    duration_set: int | None = None


def _captions_format(*, filename: str, text: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in CAPTIONS_FORMATS:
        return extension
    # Files uploaded without a telling extension: WebVTT files must start with a header.
    return "vtt" if text.lstrip().startswith("WEBVTT") else "srt"


def _clean_cue_text(raw: str) -> str:
    # webvtt-py strips WebVTT tags but leaves SubRip's HTML-like tags and entities.
    text = html.unescape(TAG_RE.sub("", raw))
    return " ".join(text.split())


def captions_parse_text(*, text: str, captions_format: str, name: str = "") -> list[ParsedCue]:
    """Parses WebVTT or SubRip text into cues in time order, skipping empty ones."""
    label = name or _("The captions file")
    if captions_format not in CAPTIONS_FORMATS:
        raise CaptionsFileError(
            _("%(name)s is neither WebVTT (.vtt) nor SubRip (.srt).") % {"name": label}
        )
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format=captions_format).captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as error:
        raise CaptionsFileError(
            _("%(name)s is not a valid %(format)s file (%(error)s).")
            % {
                "name": label,
                "format": "WebVTT" if captions_format == "vtt" else "SubRip",
                "error": error or _("unreadable"),
            }
        ) from error
    cues = []
    for caption in captions:
        cue_text = _clean_cue_text(caption.text)
        if not cue_text:
            continue
        start = caption.start_time.in_milliseconds() / 1000
        end = max(start, caption.end_time.in_milliseconds() / 1000)
        cues.append(ParsedCue(start_seconds=start, end_seconds=end, text=cue_text))
    if not cues:
        raise CaptionsFileError(_("%(name)s contains no captions.") % {"name": label})
    # Cues may legally overlap or come out of order; the transcript reads in time order.
    cues.sort(key=lambda cue: (cue.start_seconds, cue.end_seconds))
    return cues


def captions_parse(*, document) -> list[ParsedCue]:
    """Reads a captions document (WebVTT or SubRip) into cues.

    Raises ``CaptionsFileError`` with a message for the editor when the file is missing, too
    large, not UTF-8 text or not valid captions.
    """
    name = document.title or document.filename
    try:
        size = document.file.size
        if size > CAPTIONS_MAX_BYTES:
            raise CaptionsFileError(
                _("%(name)s is too large for a captions file.") % {"name": name}
            )
        with document.file.open("rb") as handle:
            data = handle.read(CAPTIONS_MAX_BYTES + 1)
    except OSError as error:
        raise CaptionsFileError(_("%(name)s could not be opened.") % {"name": name}) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaptionsFileError(
            _("%(name)s is not UTF-8 text; save the captions as UTF-8 and upload them again.")
            % {"name": name}
        ) from error
    return captions_parse_text(
        text=text,
        captions_format=_captions_format(filename=document.filename, text=text),
        name=name,
    )


def captions_problems(*, module: ModulePage) -> list[str]:
    """What is wrong with the module's captions as they stand (also unsaved, in-memory ones
    of a draft): unreadable files and languages given twice. Writes nothing."""
    problems, languages = [], set()
    for captions in module.captions.all():
        if captions.language in languages:
            problems.append(
                _("Captions in %(language)s are given twice; the first file is used.")
                % {"language": captions.get_language_display()}
            )
            continue
        languages.add(captions.language)
        try:
            captions_parse(document=captions.file)
        except CaptionsFileError as error:
            problems.append(" ".join(error.messages))
    return problems


def duration_from_cues(cues: list[ParsedCue]) -> int | None:
    """The recording's length as the captions know it: the end of the last cue, rounded up."""
    if not cues:
        return None
    return math.ceil(max(cue.end_seconds for cue in cues))


def _chapter_title(texts: list[str]) -> str:
    words: list[str] = []
    for number, text in enumerate(texts):
        if number == 0:
            text = TRANSITION_RE.sub("", text, count=1)
        words.extend(text.split())
        if len(words) > CHAPTER_TITLE_WORDS:
            break
    # The first sentence, cut to a few words: titles are a starting point for the editor.
    sentence_words = SENTENCE_END_RE.split(" ".join(words), maxsplit=1)[0].split()
    truncated = len(sentence_words) > CHAPTER_TITLE_WORDS
    title = " ".join(sentence_words[:CHAPTER_TITLE_WORDS]).rstrip(TITLE_PUNCTUATION)
    if len(title) > CHAPTER_TITLE_MAX_CHARS:
        title = title[: CHAPTER_TITLE_MAX_CHARS - 1].rstrip()
        truncated = True
    if not title:
        return ""
    title = title[0].upper() + title[1:]
    return f"{title}…" if truncated else title


def chapters_propose(
    *,
    cues: list,
    min_pause_seconds: float = CHAPTER_MIN_PAUSE_SECONDS,
    min_length_seconds: float = CHAPTER_MIN_LENGTH_SECONDS,
) -> list[ProposedChapter]:
    """Splits a recording into chapters from its cues; deterministic, so editors can rely on it.

    A chapter starts at the first cue, and a new one at a cue that follows a silence of at least
    ``min_pause_seconds`` or opens with a transition phrase ("Next, ...", "Now let's ..."), but
    only once the current chapter has lasted ``min_length_seconds``. The first chapter starts at
    0 so that the chapter list covers the whole recording. Titles are the chunk's first words.

    ``cues`` are ``ParsedCue`` or ``TranscriptCue`` objects (anything with ``start_seconds``,
    ``end_seconds`` and ``text``), in time order.
    """
    chunks: list[list] = []
    previous_end = None
    for cue in cues:
        if not chunks:
            chunks.append([cue])
        else:
            chunk_start = chunks[-1][0].start_seconds
            long_enough = cue.start_seconds - chunk_start >= min_length_seconds
            paused = cue.start_seconds - previous_end >= min_pause_seconds
            if long_enough and (paused or TRANSITION_RE.match(cue.text)):
                chunks.append([cue])
            else:
                chunks[-1].append(cue)
        previous_end = max(previous_end or 0.0, cue.end_seconds)
    chapters = []
    for number, chunk in enumerate(chunks, start=1):
        start = 0 if number == 1 else int(chunk[0].start_seconds)
        title = _chapter_title([cue.text for cue in chunk]) or _("Part %(number)d") % {
            "number": number
        }
        chapters.append(ProposedChapter(title=title, start_seconds=start))
    return chapters


def _index_cues(cues: list[TranscriptCue]) -> None:
    # bulk_create and bulk_update skip the save signals Wagtail indexes objects from.
    search_index_add_bulk(model=TranscriptCue, objects=cues)


def transcript_rebuild(*, module: ModulePage) -> TranscriptRebuildResult:
    """Replaces the module's transcript cues with those parsed from its captions, atomically.

    One language per captions entry (the first file wins when a language is given twice). A
    file that cannot be read is reported in the result and leaves that language without cues,
    so that the transcript never disagrees with the captions. Sets the module's duration from
    the last cue when it has none. Never raises for bad captions.
    """
    result = TranscriptRebuildResult()
    parsed: dict[str, list[ParsedCue]] = {}
    # From the database: a page just published may carry its captions as in-memory objects.
    captions_rows = ModuleCaptions.objects.filter(page=module).select_related("file")
    for captions in captions_rows.order_by("sort_order", "pk"):
        if captions.language in parsed or captions.language in result.cue_counts:
            result.problems.append(
                _("Captions in %(language)s are given twice; the first file is used.")
                % {"language": captions.get_language_display()}
            )
            continue
        try:
            parsed[captions.language] = captions_parse(document=captions.file)
        except CaptionsFileError as error:
            result.problems.append(" ".join(error.messages))
            result.cue_counts[captions.language] = 0

    with transaction.atomic():
        # Rows are reused position by position, so a rebuild touches only what changed and the
        # search index is refreshed in bulk rather than row by row.
        existing = {
            (cue.language, cue.position): cue
            for cue in TranscriptCue.objects.select_for_update().filter(module=module)
        }
        to_create, to_update, keep = [], [], set()
        for language, cues in parsed.items():
            for position, parsed_cue in enumerate(cues):
                key = (language, position)
                keep.add(key)
                values = {
                    "start_seconds": parsed_cue.start_seconds,
                    "end_seconds": parsed_cue.end_seconds,
                    "text": parsed_cue.text,
                }
                cue = existing.get(key)
                if cue is None:
                    to_create.append(
                        TranscriptCue(module=module, language=language, position=position, **values)
                    )
                elif any(getattr(cue, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(cue, name, value)
                    to_update.append(cue)
            result.cue_counts[language] = len(cues)
        stale = [cue.pk for key, cue in existing.items() if key not in keep]
        if stale:
            TranscriptCue.objects.filter(pk__in=stale).delete()
        if to_update:
            TranscriptCue.objects.bulk_update(
                to_update, ["start_seconds", "end_seconds", "text"], batch_size=500
            )
        created = TranscriptCue.objects.bulk_create(to_create, batch_size=500)
        _index_cues([*to_update, *created])

        if not module.duration_seconds and parsed:
            duration = max(duration_from_cues(cues) or 0 for cues in parsed.values())
            if duration:
                ModulePage.objects.filter(pk=module.pk, duration_seconds__isnull=True).update(
                    duration_seconds=duration
                )
                module.duration_seconds = duration
                result.duration_set = duration
    return result


def transcript_rebuild_safely(*, module: ModulePage) -> TranscriptRebuildResult:
    """``transcript_rebuild`` for publishing: any unexpected error is logged and reported, never
    raised, so that publishing a module always succeeds."""
    try:
        return transcript_rebuild(module=module)
    except Exception:
        logger.exception("Rebuilding the transcript of module %s failed", module.pk)
        return TranscriptRebuildResult(
            problems=[_("The transcript could not be rebuilt; the error has been logged.")]
        )


def transcript_rebuild_published(*, module_id: int) -> TranscriptRebuildResult | None:
    """Rebuilds a published module's transcript (the task publishing queues). Problems are
    logged and recorded in the page's history, where editors find them when the rebuild ran in
    the background. None when the module has been deleted meanwhile."""
    module = ModulePage.objects.filter(pk=module_id).first()
    if module is None:
        return None
    result = transcript_rebuild_safely(module=module)
    for problem in result.problems:
        logger.warning("Transcript of module %s: %s", module_id, problem)
    if result.cue_counts or result.problems:
        log(
            instance=module,
            action=TRANSCRIPT_REBUILD_LOG_ACTION,
            data={
                "languages": sorted(code for code, count in result.cue_counts.items() if count),
                "problems": result.problems,
            },
        )
    return result
