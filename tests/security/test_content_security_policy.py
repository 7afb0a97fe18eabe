"""The Content-Security-Policy of the public site, of Wagtail's previews and of the admin.

The public site runs scripts from its own files or with the response's nonce, never inline
without it; no page may be framed, except a preview, which the admin shows in its preview panel
(cms.core.csp). Whether the admin still works under its policy is for a browser to say:
tests/e2e/test_content_security_policy.py.
"""

import re
from urllib.parse import urlsplit

from django.test import Client, RequestFactory
from django.urls import reverse

from wagtail.models import PreviewableMixin, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup
from wagtail_localize.models import Translation, TranslationSource

from cms.core.models import Theme
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import UserFactory
from courses.factories import QuizQuestionFactory
from courses.services.enrolment import enrolment_create

NONCE = re.compile(r"'nonce-([^']+)'")


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def nonce_of(response) -> str:
    sources = directives(response)["script-src"]
    nonces = [match.group(1) for source in sources if (match := NONCE.fullmatch(source))]
    assert len(nonces) == 1, sources
    return nonces[0]


# The public site


@pytest.fixture
def public_pages(home_page, course, module, listing):
    """Path and label of one page of each kind a visitor meets, for an anonymous visitor."""
    theme = Theme.objects.create(name="Digitisation", locale=home_page.locale)
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    factsheet = FactsheetPageFactory(
        parent=index, title="Storage of textiles", summary="Textile storage."
    )
    factsheet.themes.set([theme])
    factsheet.save_revision().publish()
    return [
        ("/en/", "home"),
        (factsheet.url, "content page"),
        (f"{index.url}?theme={theme.slug}", "section index, filtered"),
        (module.url, "course module with the player"),
        ("/en/search/?q=textile", "search results"),
        (reverse("partnerbourse:board"), "partner board"),
        (listing.get_absolute_url(), "partner board listing"),
    ]


def test_public_pages_allow_scripts_by_nonce_only_and_no_base(client, public_pages):
    for path, label in public_pages:
        first, second = client.get(path), client.get(path)
        assert first.status_code == 200, label
        policy = directives(first)
        assert policy["script-src"][0] == "'self'", label
        assert "'unsafe-inline'" not in policy["script-src"], label
        assert "'unsafe-eval'" not in policy["script-src"], label
        # A nonce of its own for every response.
        assert nonce_of(first) != nonce_of(second), label
        assert policy["base-uri"] == ["'none'"], label
        assert policy["object-src"] == ["'none'"], label
        assert policy["form-action"] == ["'self'"], label
        assert policy["frame-ancestors"] == ["'none'"], label
        assert first["X-Frame-Options"] == "DENY", label


# Data blocks: browsers never run them, and script-src does not apply to them.
DATA_TYPES = {"application/ld+json", "application/json"}


def assert_scripts_carry_the_nonce(response, label: str) -> None:
    nonce = nonce_of(response)
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = [s for s in soup.find_all("script") if s.get("type", "").lower() not in DATA_TYPES]
    assert scripts, f"{label}: no script at all, so nothing was checked"
    for script in scripts:
        assert script.get("nonce") == nonce, f"{label}: {str(script)[:120]}"
    assert not soup.find("base"), label
    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"{label}: inline handler {handlers} on <{element.name}>"
        for name in ("href", "src", "action", "formaction"):
            value = str(element.get(name, ""))
            assert not value.strip().lower().startswith("javascript:"), f"{label}: {element}"
    for form in soup.find_all("form"):
        action = urlsplit(form.get("action", ""))
        assert not action.netloc or action.netloc == "testserver", f"{label}: posts to {action}"


def test_every_script_of_a_public_page_carries_the_nonce(client, public_pages):
    for path, label in public_pages:
        assert_scripts_carry_the_nonce(client.get(path), label)


def test_every_script_of_a_learners_pages_carries_the_nonce(client, course, module):
    module.quiz_time_limit_minutes = 10
    module.save_revision().publish()
    QuizQuestionFactory(page=module, text="What does a condition report record?")
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    client.force_login(learner)

    assert_scripts_carry_the_nonce(client.get(module.url), "module page, enrolled")
    assert_scripts_carry_the_nonce(client.get(reverse("courses:dashboard")), "dashboard")
    quiz = client.post(reverse("courses:quiz_start", args=[module.pk]), follow=True)
    assert b"quiz-timer.js" in quiz.content
    assert_scripts_carry_the_nonce(quiz, "quiz with a countdown")


def test_an_anonymous_page_served_from_the_page_cache_gets_a_new_nonce(settings, home_page):
    settings.PAGE_CACHE_SECONDS = 300

    stored, hit = Client().get("/en/"), Client().get("/en/")

    assert hit["X-Page-Cache"] == "hit"
    assert nonce_of(hit) != nonce_of(stored)
    assert_scripts_carry_the_nonce(hit, "cached home page")
    assert hit.content.replace(nonce_of(hit).encode(), b"") == stored.content.replace(
        nonce_of(stored).encode(), b""
    )


# Previews: the public templates inside a frame of the admin


def page_form(title: str, slug: str) -> dict:
    """A standard page's editor form, as the preview panel posts it."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "body": streamfield([]),
            "keywords": "",
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "listing_title": "",
            "listing_summary": "",
            "listing_image": "",
            "listing_image_url": "",
        }
    )


@pytest.fixture
def previews(home_page, locales):
    """An administrator's client, the page, and (label, URL, text shown) for every kind of
    preview of it: the form state the preview panel posts is stored first."""
    admin = UserFactory(superuser=True)
    client = Client()
    client.force_login(admin)
    page = StandardPageFactory(parent=home_page, title="Gallery notes", slug="notes")
    page.title = "Gallery notes, draft"
    revision = page.save_revision(user=admin)
    task_state = Workflow.objects.get(name="Editorial review").start(page, admin).current_task_state
    source, _created = TranslationSource.get_or_create_from_instance(page)
    page.copy_for_translation(locales["da"], copy_parents=True)
    translation = Translation.objects.create(source=source, target_locale=locales["da"])

    edit = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(edit, page_form("Gallery notes, edited", "notes")).json()["is_valid"]
    add = reverse(
        "wagtailadmin_pages:preview_on_add", args=["standardpages", "standardpage", home_page.pk]
    )
    assert client.post(add, page_form("A page not saved yet", "new")).json()["is_valid"]
    cases = [
        ("preview panel, edit", f"{edit}?mode=&in_preview_panel=true", "Gallery notes, edited"),
        ("preview in a new tab, edit", edit, "Gallery notes, edited"),
        ("preview panel, add", f"{add}?in_preview_panel=true", "A page not saved yet"),
        (
            "revision",
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
            "Gallery notes, draft",
        ),
        ("draft", reverse("wagtailadmin_pages:view_draft", args=[page.pk]), "Gallery notes"),
        (
            "workflow review",
            reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id]),
            "Gallery notes, draft",
        ),
        (
            "wagtail-localize translation",
            reverse("wagtail_localize:preview_translation", args=[translation.pk]),
            "Gallery notes",
        ),
    ]
    return {"client": client, "page": page, "cases": cases}


def test_every_kind_of_preview_may_be_framed_by_the_admin_only(previews):
    client = previews["client"]
    for label, url, shown in previews["cases"]:
        response = client.get(url)
        assert response.status_code == 200, label
        assert shown in response.content.decode(), f"{label}: not the preview"
        policy = directives(response)
        assert policy["frame-ancestors"] == ["'self'"], label
        assert response["X-Frame-Options"] == "SAMEORIGIN", label
        # Otherwise the site's own policy: the public templates, with their nonce.
        assert "'unsafe-inline'" not in policy["script-src"], label
        assert policy["base-uri"] == ["'none'"], label
        assert nonce_of(response), label

    # The page itself, outside the admin, still refuses every frame.
    live = Client().get(previews["page"].url)
    assert directives(live)["frame-ancestors"] == ["'none'"]
    assert live["X-Frame-Options"] == "DENY"


class PreviewableNotice(PreviewableMixin):
    """A snippet without a public URL: Wagtail previews it at the site's root path."""

    full_url = None

    def get_preview_template(self, request, mode_name):
        return "base.html"


@pytest.mark.django_db
def test_a_snippet_preview_may_be_framed_by_the_admin_too(home_page):
    request = RequestFactory().get("/admin/snippets/core/notice/preview/")
    request.user = UserFactory(superuser=True)

    response = PreviewableNotice().make_preview_request(request, "")

    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


# The admin


@pytest.mark.django_db
def test_the_admin_policy_needs_no_eval_nor_inline_handlers(home_page):
    client = Client()
    client.force_login(UserFactory(superuser=True))

    response = client.get("/admin/")

    policy = directives(response)
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["script-src-attr"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # The admin's own screens are not framed; only its previews are.
    assert response["X-Frame-Options"] == "DENY"
