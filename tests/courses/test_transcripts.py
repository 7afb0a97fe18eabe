"""Captions parsing, transcript cues and chapter proposals (courses.services.transcripts)."""

import socket
from pathlib import Path

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.search.backends import get_search_backend

import pytest

from courses.models import ModuleCaptions, TranscriptCue
from courses.services.transcripts import (
    CaptionsFileError,
    ParsedCue,
    captions_parse,
    captions_parse_text,
    chapters_propose,
    transcript_rebuild,
)

DATA = Path(__file__).parent / "data"


def document(name: str, content: bytes | None = None) -> Document:
    if content is None:
        content = (DATA / name).read_bytes()
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


def cue(start: float, end: float, text: str) -> ParsedCue:
    return ParsedCue(start_seconds=start, end_seconds=end, text=text)


# Parsing


@pytest.mark.django_db
def test_webvtt_is_parsed_into_plain_text_cues_in_seconds():
    cues = captions_parse(document=document("webinar.vtt"))

    assert len(cues) == 8
    assert cues[0] == cue(
        1.0, 5.0, "Welcome to caring for collections. Today we cover three topics."
    )
    # Voice and styling tags are dropped and entities decoded.
    assert cues[2].text == "A condition report records damage & wear before a loan."
    assert cues[-1] == cue(191.0, 220.0, "Thank you for joining this webinar.")


@pytest.mark.django_db
def test_subrip_is_parsed_and_its_lines_joined():
    cues = captions_parse(document=document("webinar.srt"))

    assert [c.text for c in cues[1:3]] == [
        "Vi begynder med en tilstandsrapport.",
        "En tilstandsrapport beskriver skader før et udlån.",
    ]
    assert cues[1].start_seconds == 5.5


@pytest.mark.django_db
def test_the_format_is_sniffed_when_the_extension_does_not_say():
    content = (DATA / "webinar.vtt").read_bytes()

    cues = captions_parse(document=document("captions.txt", content))

    assert len(cues) == 8


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("malformed.vtt", None, "not a valid WebVTT file"),
        ("empty.vtt", b"WEBVTT\n\n", "contains no captions"),
        ("latin1.srt", "1\n00:00:01,000 --> 00:00:02,000\nVærsgo\n".encode("latin-1"), "UTF-8"),
        (
            "badtime.srt",
            b"1\n00:00:01,000 --> 00:00:0x,000\nHello\n",
            "contains no captions",  # webvtt-py skips malformed SubRip cues
        ),
    ],
)
def test_unreadable_files_raise_a_message_for_the_editor(name, content, message):
    with pytest.raises(CaptionsFileError) as error:
        captions_parse(document=document(name, content))

    assert message in " ".join(error.value.messages)
    assert name in " ".join(error.value.messages)


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted():
    text = "\ufeffWEBVTT\r\n\r\n00:00:00.000 --> 00:00:02.000\r\nHello\r\n"

    assert captions_parse_text(text=text.lstrip("\ufeff"), captions_format="vtt") == [
        cue(0.0, 2.0, "Hello")
    ]


# Chapters


def test_chapters_split_at_long_pauses_and_transition_phrases_with_titles_from_the_words():
    cues = captions_parse_text(text=(DATA / "webinar.vtt").read_text(), captions_format="vtt")

    chapters = chapters_propose(cues=cues)

    assert [(c.start_seconds, c.title) for c in chapters] == [
        (0, "Welcome to caring for collections"),
        (72, "Light levels matter for paper, textiles and photographs"),  # after a 7 s pause
        (141, "Humidity in storage rooms"),  # "Now let's look at ..."
    ]


def test_no_chapter_shorter_than_the_minimum_length():
    cues = [
        cue(0, 10, "Intro."),
        cue(20, 30, "Next, a very short part."),  # pause and phrase, but only 20 s in
        cue(70, 80, "Next, the second part begins here."),
    ]

    chapters = chapters_propose(cues=cues, min_length_seconds=60)

    assert [c.start_seconds for c in chapters] == [0, 70]
    assert chapters[1].title == "The second part begins here"


def test_long_titles_are_cut_to_the_first_words_and_marked():
    cues = [cue(3, 9, "one two three four five six seven eight nine ten eleven")]

    (chapter,) = chapters_propose(cues=cues)

    assert chapter.title == "One two three four five six seven eight…"
    assert chapter.start_seconds == 0


def test_a_chunk_of_nothing_but_a_phrase_gets_a_numbered_title():
    cues = [cue(0, 5, "Hello everyone."), cue(100, 101, "Next,")]

    chapters = chapters_propose(cues=cues)

    assert [c.title for c in chapters] == ["Hello everyone", "Part 2"]


def test_proposing_is_deterministic_and_handles_no_cues():
    cues = [cue(i * 30, i * 30 + 25, f"Sentence {i}.") for i in range(20)]

    assert chapters_propose(cues=cues) == chapters_propose(cues=cues)
    assert chapters_propose(cues=[]) == []


# Transcript cues


def add_captions(module, name: str, language: str, content: bytes | None = None):
    return ModuleCaptions.objects.create(
        page=module, language=language, file=document(name, content)
    )


def test_rebuild_stores_cues_per_language_and_sets_a_missing_duration(modules):
    module = modules[0]
    module.duration_seconds = None
    module.save()
    add_captions(module, "webinar.vtt", "en")
    add_captions(module, "webinar.srt", "da")

    result = transcript_rebuild(module=module)

    assert result.problems == []
    assert result.cue_counts == {"en": 8, "da": 4}
    cues = list(TranscriptCue.objects.filter(module=module, language="en"))
    assert [c.position for c in cues] == list(range(8))
    assert cues[3].text == "Light levels matter for paper, textiles and photographs."
    module.refresh_from_db()
    assert module.duration_seconds == 220


def test_rebuild_replaces_old_cues_and_keeps_an_editors_duration(modules):
    module = modules[0]
    captions = add_captions(module, "webinar.vtt", "en")
    transcript_rebuild(module=module)
    captions.file = document(
        "short.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nOnly one cue now.\n"
    )
    captions.save()

    transcript_rebuild(module=module)

    assert list(TranscriptCue.objects.filter(module=module).values_list("text", flat=True)) == [
        "Only one cue now."
    ]
    module.refresh_from_db()
    assert module.duration_seconds == 600


def test_a_malformed_file_is_reported_not_raised_and_other_languages_still_build(modules):
    module = modules[0]
    add_captions(module, "webinar.vtt", "en")
    add_captions(module, "malformed.vtt", "de")
    add_captions(module, "webinar.srt", "en")  # a second English file

    result = transcript_rebuild(module=module)

    assert result.cue_counts == {"en": 8, "de": 0}
    assert len(result.problems) == 2
    assert "malformed.vtt" in result.problems[0]
    assert set(TranscriptCue.objects.values_list("language", flat=True)) == {"en"}


def test_cues_are_searchable_and_link_to_their_moment_in_the_module(modules):
    module = modules[0]
    add_captions(module, "webinar.vtt", "en")
    transcript_rebuild(module=module)

    results = list(get_search_backend().search("storage", TranscriptCue))

    assert [c.text for c in results] == ["Now let's look at humidity in storage rooms."]
    assert results[0].url == "/en/courses/care/one/?t=141"


def test_rebuilding_many_cues_takes_a_constant_number_of_queries(
    modules, django_assert_max_num_queries
):
    def vtt(count: int) -> bytes:
        lines = ["WEBVTT", ""]
        for i in range(count):
            lines += [f"00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.900"]
            lines += [f"Cue number {i}", ""]
        return "\n".join(lines).encode()

    few, many = modules
    add_captions(few, "few.vtt", "en", vtt(5))
    add_captions(many, "many.vtt", "en", vtt(300))

    with django_assert_max_num_queries(40) as few_queries:
        transcript_rebuild(module=few)
    with django_assert_max_num_queries(40) as many_queries:
        transcript_rebuild(module=many)

    assert TranscriptCue.objects.filter(module=many).count() == 300
    # The search index is written in bulk too; batches add only a handful of queries.
    assert len(many_queries.captured_queries) <= len(few_queries.captured_queries) + 6


def test_a_search_server_outage_neither_fails_the_rebuild_nor_leaves_the_fallback_index_stale(
    modules, settings, caplog
):
    with socket.socket() as probe:  # a port where nothing listens: the server is down
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.es.Elasticsearch9SearchBackend",
            "URLS": [f"http://127.0.0.1:{port}"],
            "INDEX_PREFIX": "outage_test_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        },
        "database": {"BACKEND": "search.multilingual", "AUTO_UPDATE": True},
    }
    module = modules[0]
    add_captions(module, "webinar.vtt", "en")

    result = transcript_rebuild(module=module)

    assert result.cue_counts == {"en": 8}
    found = get_search_backend("database").search("storage", TranscriptCue)
    assert [cue.text for cue in found] == ["Now let's look at humidity in storage rooms."]
    assert "Indexing TranscriptCue objects in the 'default' backend failed" in caplog.text
