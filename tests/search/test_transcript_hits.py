"""Transcript hits: one per module whatever its translations, linking the visitor's language."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import TranscriptCue

CUE_TEXT = "Check the captions before you publish the recording."


@pytest.fixture
def course(home_page):
    index = CourseIndexPageFactory(parent=home_page, slug="courses")
    return CoursePageFactory(parent=index, title="Collections care", slug="care")


def add_cue(module, *, start=42, language="en", position=0, text=CUE_TEXT):
    return TranscriptCue.objects.create(
        module=module,
        language=language,
        position=position,
        start_seconds=start,
        end_seconds=start + 5,
        text=text,
    )


@pytest.fixture
def translated_module(course, locales):
    """A module in English, Danish and German; the translations carry the English captions,
    so each has its own copy of the same cue, as after publishing them."""
    module = ModulePageFactory(parent=course, title="Condition reports", slug="reports")
    pages = {"en": module}
    for code in ("da", "de"):
        translation = module.copy_for_translation(locales[code], copy_parents=True)
        translation.save_revision().publish()
        translation.refresh_from_db()
        pages[code] = translation
    for page in pages.values():
        add_cue(page)
    return pages


def transcript_hits(client, language, **params):
    response = client.get(f"/{language}/search/", {"q": "captions", **params})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    return outcome, [hit for hit in outcome.page_obj if hit.kind == "transcript"]


@pytest.mark.django_db
def test_a_cue_shared_by_translations_is_one_hit(client, translated_module):
    _outcome, hits = transcript_hits(client, "en", lang="all")

    assert len(hits) == 1
    assert hits[0].url == f"{translated_module['en'].url}?t=42"
    assert hits[0].language == "en"


@pytest.mark.django_db
def test_the_hit_links_the_module_in_the_visitors_language(client, translated_module):
    outcome, hits = transcript_hits(client, "de")

    assert [hit.url for hit in hits] == [f"{translated_module['de'].url}?t=42"]
    assert hits[0].language == "de"
    # The language facet counts the page linked, not the language of the captions.
    assert {option.value: option.count for option in outcome.facets["lang"]} == {"de": 1}


@pytest.mark.django_db
def test_without_a_translation_the_hit_links_the_original(client, translated_module):
    _outcome, only_italian = transcript_hits(client, "it", lang="it")
    _outcome, every_language = transcript_hits(client, "it", lang="all")
    # Italian has no content of its own, so all languages are searched unasked.
    _outcome, by_default = transcript_hits(client, "it")

    assert only_italian == []
    assert [hit.url for hit in every_language] == [f"{translated_module['en'].url}?t=42"]
    assert every_language[0].language == "en"
    assert by_default == every_language


@pytest.mark.django_db
def test_a_chosen_language_links_the_module_in_that_language(client, translated_module):
    _outcome, hits = transcript_hits(client, "en", lang="da")

    assert [hit.url for hit in hits] == [f"{translated_module['da'].url}?t=42"]


@pytest.mark.django_db
def test_an_unpublished_translation_is_not_linked(client, translated_module):
    translated_module["de"].unpublish()

    _outcome, hits = transcript_hits(client, "de", lang="all")

    assert [hit.url for hit in hits] == [f"{translated_module['en'].url}?t=42"]


@pytest.mark.django_db
def test_the_best_cue_of_each_module_is_its_hit(client, course):
    module = ModulePageFactory(parent=course, title="Loans", slug="loans")
    add_cue(module, start=10, position=0, text="Captions help.")
    add_cue(module, start=70, position=1, text="Captions, captions and more captions.")

    _outcome, hits = transcript_hits(client, "en")

    assert len(hits) == 1
    assert hits[0].url.endswith("?t=10") or hits[0].url.endswith("?t=70")


@pytest.mark.django_db
def test_query_count_does_not_grow_with_translated_transcript_hits(
    client, course, locales, django_assert_max_num_queries
):
    def modules(count, word):
        for number in range(count):
            module = ModulePageFactory(
                parent=course, title=f"Module {number}", slug=f"{word}-{number}"
            )
            translation = module.copy_for_translation(locales["de"], copy_parents=True)
            translation.save_revision().publish()
            for page in (module, translation):
                add_cue(page, text=f"The {word} of the collection.")

    modules(1, "pottery")
    modules(6, "weaving")
    # Warm caches (content types, site root paths) and create both queries' log rows.
    client.get("/de/search/", {"q": "pottery", "lang": "all"})
    client.get("/de/search/", {"q": "weaving", "lang": "all"})

    with CaptureQueriesContext(connection) as few:
        client.get("/de/search/", {"q": "pottery", "lang": "all"})
    with django_assert_max_num_queries(len(few)):
        response = client.get("/de/search/", {"q": "weaving", "lang": "all"})
    hits = [hit for hit in response.context["outcome"].page_obj if hit.kind == "transcript"]
    assert len(hits) == 6
    assert all(hit.language == "de" for hit in hits)
