"""Content the browser tests visit, built with the factories, and a signed-in browser."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents.models import Document

from cms.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.core.models import Audience, Theme
from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.guides.factories import (
    GuideChapterPageFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
)
from cms.linkcollections.factories import (
    CollectionLinkFactory,
    LinkCollectionIndexPageFactory,
    LinkCollectionPageFactory,
)
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from cms.resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from cms.syllabi.factories import TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory
from cms.tools.factories import ToolIndexPageFactory, ToolPageFactory
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    QuizQuestionFactory,
    choice,
)
from courses.models import ModuleCaptions, QuestionKind
from courses.services.transcripts import transcript_rebuild

RECORDING = Path(settings.BASE_DIR) / "courses" / "demo_media" / "sample-recording-1.webm"
CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:06.000
Welcome to caring for collections.

00:00:06.000 --> 00:00:12.000
A condition report records damage before a loan.

00:00:12.000 --> 00:00:20.000
Keep relative humidity steady, around fifty percent.

00:00:20.000 --> 00:00:29.000
Thank you for joining this webinar.
"""


def log_in(page, user) -> None:
    """Give the browser a session of ``user`` (logging in through the form has its own test).
    The page must already be on the site, whose address the cookie is set for."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.url}])


def body() -> list[dict]:
    """A body using the common blocks, so their templates are checked on every page type."""
    return [
        {"type": "heading", "value": {"text": "Why it matters", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>Collections need care: <a href='https://example.org'>the guide</a>.</p>",
        },
        {"type": "quote", "value": {"quote": "Care is a practice.", "attribution": "A curator"}},
        {
            "type": "call_to_action",
            "value": {
                "title": "Join the network",
                "text": "Meet colleagues across Europe.",
                "link": {"page": None, "url": "https://example.org/join", "label": "Join"},
            },
        },
    ]


def taxonomy(home_page):
    theme = Theme.objects.create(name="Digitisation", locale=home_page.locale)
    audience = Audience.objects.create(name="Curators", locale=home_page.locale)
    return theme, audience


def tag(page, theme, audience):
    page.themes.set([theme])
    page.audiences.set([audience])
    page.save_revision().publish()
    return page


SECTIONS = {
    "factsheets": (FactsheetIndexPageFactory, FactsheetPageFactory),
    "bestpractices": (BestPracticeIndexPageFactory, BestPracticePageFactory),
    "linkcollections": (LinkCollectionIndexPageFactory, LinkCollectionPageFactory),
    "syllabi": (TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory),
    "events": (EventIndexPageFactory, EventPageFactory),
    "news": (NewsIndexPageFactory, NewsPageFactory),
    "resources": (ResourceIndexPageFactory, ResourcePageFactory),
    "tools": (ToolIndexPageFactory, ToolPageFactory),
    "articles": (ArticleIndexPageFactory, ArticlePageFactory),
}


def build_section(home_page, name: str) -> list[tuple[str, str]]:
    """A section index with two items, one of them tagged so the index shows its filters."""
    index_factory, page_factory = SECTIONS[name]
    theme, audience = taxonomy(home_page)
    index = index_factory(parent=home_page, title=f"{name.title()} section", slug=name)
    pages = [
        page_factory(
            parent=index, title=f"An item about storage {number}", summary="In short.", body=body()
        )
        for number in (1, 2)
    ]
    for page in pages:
        if page_factory is EventPageFactory:
            EventSessionFactory(page=page)
        if page_factory is LinkCollectionPageFactory:
            CollectionLinkFactory(page=page, title="A funding portal")
    tag(pages[0], theme, audience)
    return [
        (index.url, f"{name} index"),
        (f"{index.url}?theme={theme.slug}", f"{name} index, filtered"),
        (pages[0].url, f"{name} page"),
    ]


SECTION_MODELS = {
    name: {index._meta.model, page._meta.model} for name, (index, page) in SECTIONS.items()
}


def build_guides(home_page) -> list[tuple[str, str]]:
    """A guide index with a guide of three chapters, the first one tagged."""
    theme, audience = taxonomy(home_page)
    index = GuideIndexPageFactory(parent=home_page, title="Documentation", slug="documentation")
    guide = GuidePageFactory(
        parent=index, title="Caring for collections", summary="In short.", body=body()
    )
    chapters = [
        GuideChapterPageFactory(parent=guide, title=title, summary="In short.", body=body())
        for title in ("Storage", "Light", "Humidity")
    ]
    tag(chapters[0], theme, audience)
    return [
        (index.url, "guide index"),
        (guide.url, "guide page"),
        (chapters[0].url, "first chapter"),
        (chapters[1].url, "middle chapter"),
    ]


GUIDE_MODELS = {
    factory._meta.model
    for factory in (GuideIndexPageFactory, GuidePageFactory, GuideChapterPageFactory)
}


def build_course(home_page, *, questions: bool = False):
    """A course with a module that plays an uploaded recording with English captions."""
    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    course = CoursePageFactory(parent=index, title="Caring for collections", slug="care")
    recording = Document.objects.create(
        title="Recording", file=ContentFile(RECORDING.read_bytes(), name="recording.webm")
    )
    module = ModulePageFactory(
        parent=course,
        title="Condition reports",
        slug="condition-reports",
        video_url="",
        video_file=recording,
        duration_seconds=30,
    )
    ModuleCaptions.objects.create(
        page=module,
        language="en",
        file=Document.objects.create(
            title="Captions", file=ContentFile(CAPTIONS.encode(), name="captions.vtt")
        ),
    )
    transcript_rebuild(module=module)
    if questions:
        QuizQuestionFactory(page=module, text="What does a condition report record?")
        QuizQuestionFactory(
            page=module,
            kind=QuestionKind.MULTIPLE_CHOICE,
            text="Which are agents of deterioration?",
            choices=[choice("Light", correct=True), choice("Pests", correct=True), choice("Dust")],
        )
        QuizQuestionFactory(
            page=module,
            kind=QuestionKind.TRUE_FALSE,
            text="Silica gel raises relative humidity.",
            choices=[],
            true_false_answer=False,
        )
        QuizQuestionFactory(
            page=module,
            kind=QuestionKind.SHORT_ANSWER,
            text="Which instrument measures humidity?",
            choices=[],
            accepted_answers="Hygrometer",
        )
    module.refresh_from_db()
    return index, course, module
