"""axe-core in the browser: no serious or critical WCAG 2.0/2.1/2.2 A and AA violations.

axe-core (from npm, ``make node_modules/axe-core/axe.min.js``) is injected into each page as the
browser rendered it, with the site's CSS and JavaScript applied, so it also checks what an HTML
parser cannot: colour contrast, focusable elements, names computed from the accessibility tree.
Every page type Wagtail knows is covered (a new one fails ``test_every_page_type_is_covered``
until it is added here), as are the course player, the quiz, the partner board, search, the
account pages and the learner dashboard.
"""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from wagtail.models import get_page_models

import pytest
from playwright.sync_api import expect

from cms.core.models import Theme
from cms.core.services import object_translate
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import UserFactory
from courses.services.enrolment import enrolment_create
from partnerbourse.factories import (
    JoinRequestFactory,
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import MembershipRole

from .content import (
    GUIDE_MODELS,
    SECTION_MODELS,
    SECTIONS,
    body,
    build_course,
    build_guides,
    build_section,
    log_in,
    tag,
    taxonomy,
)

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
pytestmark = pytest.mark.skipif(
    not AXE_JS.exists(),
    reason=f"axe-core is missing: run `make {AXE_JS.relative_to(settings.BASE_DIR)}` (needs npm)",
)


# axe in the page


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; its WCAG A/AA violations.

    The script is evaluated through the browser's debugging protocol rather than added as a
    <script> tag, which the site's Content-Security-Policy (rightly) refuses.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    # A page where no rule applied would pass vacuously: axe did not see the page.
    assert results["passes"], f"axe-core checked nothing on {page.url}"
    return results["violations"]


def describe(violation: dict) -> str:
    nodes = "\n".join(
        f"      {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
        for node in violation["nodes"][:8]
    )
    more = len(violation["nodes"]) - 8
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{nodes}" + (
        f"\n      ... and {more} more" if more > 0 else ""
    )


class AxeAudit:
    """Collects the blocking violations of several pages, so one test reports them all."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.minor: list[str] = []

    def check(self, label: str) -> None:
        violations = axe_violations(self.page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            self.problems.append(
                f"{label} ({self.page.url}):\n" + "\n".join(describe(v) for v in blocking)
            )
        minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
        if minor:
            self.minor.append(f"{label}:\n" + "\n".join(describe(v) for v in minor))

    def visit(self, url: str, label: str | None = None) -> None:
        response = self.page.goto(url)
        assert response is not None, url
        assert response.status == 200, f"{url} answered {response.status}"
        self.check(label or url)

    def assert_clean(self) -> None:
        # Moderate and minor findings do not fail the test; they are printed for review.
        for finding in self.minor:
            print(finding)
        assert not self.problems, "Serious or critical axe-core violations:\n" + "\n".join(
            self.problems
        )


@pytest.fixture
def audit(page):
    return AxeAudit(page)


# The audit itself


def test_the_audit_reports_what_breaks_the_rules(home_page, page, audit):
    """A control: an unnamed image button and grey-on-white text are caught and described."""
    audit.visit("/en/", "home")
    # Styles set through the CSSOM: the site's CSP refuses style attributes in markup.
    page.locator("main").evaluate(
        """main => {
            main.insertAdjacentHTML("afterbegin", '<p id="faint">Faint text</p>'
                + '<button id="nameless"><img src="/static/favicon.svg"></button>');
            main.querySelector("#faint").style.color = "#bbb";
        }"""
    )

    audit.check("home with broken markup")

    assert len(audit.problems) == 1
    assert "button-name" in audit.problems[0]
    assert "#nameless" in audit.problems[0]
    assert "color-contrast" in audit.problems[0]
    assert "#faint" in audit.problems[0]


# Every page type


@pytest.mark.parametrize("section", SECTIONS)
def test_section_pages_are_accessible(home_page, audit, section):
    for url, label in build_section(home_page, section):
        audit.visit(url, label)
    audit.assert_clean()


def test_guide_pages_are_accessible(home_page, audit):
    for url, label in build_guides(home_page):
        audit.visit(url, label)
    audit.assert_clean()


def test_home_and_standard_pages_are_accessible(home_page, audit):
    StandardPageFactory(parent=home_page, title="About the hub", slug="about", body=body())

    audit.visit("/en/", "home")
    audit.visit("/en/about/", "standard page")
    audit.assert_clean()


def test_course_pages_are_accessible_to_visitors(home_page, audit):
    index, course, module = build_course(home_page)

    audit.visit(index.url, "course index")
    audit.visit(course.url, "course page")
    audit.visit(module.url, "module page, anonymous")
    audit.assert_clean()


COVERED_PAGE_MODELS = {model for models in SECTION_MODELS.values() for model in models}
COVERED_PAGE_MODELS |= GUIDE_MODELS
COVERED_PAGE_MODELS |= {
    model
    for model in get_page_models()
    if model._meta.label
    in {
        "home.HomePage",
        "standardpages.StandardPage",
        "courses.CourseIndexPage",
        "courses.CoursePage",
        "courses.ModulePage",
    }
}


def test_every_page_type_is_covered():
    """A new page type must be added to the checks above (and to this list)."""
    concrete = {model for model in get_page_models() if model._meta.label != "wagtailcore.Page"}
    missing = sorted(model._meta.label for model in concrete - COVERED_PAGE_MODELS)
    assert not missing, f"page types without an accessibility check: {missing}"


# Learning


def test_the_module_player_and_transcript_are_accessible_to_a_learner(home_page, page, audit):
    _index, course, module = build_course(home_page, questions=True)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    page.goto("/en/")
    log_in(page, learner)

    audit.visit(module.url, "module page, enrolled")
    expect(page.get_by_role("heading", name="Transcript")).to_be_visible()
    # The line being spoken is highlighted once the recording plays.
    page.locator("video").evaluate("video => { video.muted = true; video.currentTime = 7; }")
    expect(page.locator("[data-transcript] a[aria-current]")).to_have_count(1)
    audit.check("module page, transcript line highlighted")
    audit.visit("/en/learning/", "learner dashboard")
    audit.visit(course.url, "course page, enrolled")
    audit.assert_clean()


def test_the_quiz_is_accessible_from_start_to_result(home_page, page, audit):
    _index, course, module = build_course(home_page, questions=True)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    page.goto("/en/")
    log_in(page, learner)

    audit.visit(f"/en/learning/quiz/{module.pk}/", "quiz")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Submit your answers")).to_be_visible()
    audit.check("quiz attempt")
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_text("Your score")).to_be_visible()
    audit.check("quiz result")
    audit.assert_clean()


def test_a_quiz_with_a_time_limit_and_errors_is_accessible(home_page, page, audit):
    _index, course, module = build_course(home_page, questions=True)
    module.quiz_time_limit_minutes = 10
    module.save_revision().publish()
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    page.goto("/en/")
    log_in(page, learner)

    page.goto(f"/en/learning/quiz/{module.pk}/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#quiz-timer")).to_be_visible()
    audit.check("quiz attempt with a countdown")
    audit.assert_clean()


# Partner board


def test_the_partner_board_and_a_listing_are_accessible(home_page, audit):
    theme = Theme.objects.create(name="Digitisation", locale=home_page.locale)
    organisation = OrganisationFactory(verified=True, name="Aarhus Museum")
    listing = ListingFactory(
        organisation=organisation,
        title="Partners wanted for a digitisation project",
        themes=[theme],
        countries_wanted=["DE", "IT"],
        working_languages=["en", "de"],
        closing_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    ListingFactory(title="A second call for partners")

    audit.visit("/en/partners/", "partner board")
    audit.visit(f"/en/partners/?theme={theme.pk}", "partner board, filtered")
    audit.visit(listing.get_absolute_url(), "listing")
    audit.visit(organisation.get_absolute_url(), "organisation")
    audit.visit("/en/partners/organisations/", "organisation directory")
    audit.visit(f"/en/partners/organisations/?theme={theme.pk}", "organisation directory, filtered")
    audit.assert_clean()


def test_the_listing_form_is_accessible_with_and_without_errors(home_page, page, audit):
    membership = OrganisationMembershipFactory(
        organisation=OrganisationFactory(verified=True), role=MembershipRole.ADMIN
    )
    page.goto("/en/")
    log_in(page, membership.user)
    url = f"/en/partners/my/organisations/{membership.organisation_id}/listings/new/"
    audit.visit(url, "listing form")
    page.get_by_role("group", name="Countries wanted").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("listing form with errors and a chosen country")
    audit.assert_clean()


# Search


def test_search_results_with_facets_are_accessible(home_page, audit):
    theme, audience = taxonomy(home_page)
    index = FactsheetIndexPageFactory(parent=home_page, slug="factsheets")
    for number in range(12):
        tag(
            FactsheetPageFactory(
                parent=index, title=f"Storage of textiles {number}", summary="Textile storage."
            ),
            theme,
            audience,
        )
    ListingFactory(title="Partners wanted for textile storage", description="Textile storage.")

    audit.visit("/en/search/?q=textile", "search results")
    audit.visit(f"/en/search/?q=textile&theme={theme.pk}", "search results, narrowed")
    audit.visit("/en/search/?q=nothing-matches-this", "search without results")
    audit.assert_clean()


# Small screens


def test_pages_are_accessible_on_a_small_screen(home_page, page, audit):
    """At phone width the layout reflows: contrast, target sizes and names must still hold."""
    _index, _course, module = build_course(home_page)
    (index_url, _label), _filtered, (item_url, _label) = build_section(home_page, "factsheets")
    ListingFactory(title="Partners wanted for a digitisation project")
    page.set_viewport_size({"width": 360, "height": 740})

    audit.visit("/en/", "home, small screen")
    audit.visit(index_url, "section index, small screen")
    audit.visit(item_url, "factsheet, small screen")
    audit.visit(module.url, "module page, small screen")
    audit.visit("/en/partners/", "partner board, small screen")
    audit.assert_clean()


# Accounts


def test_account_pages_are_accessible(home_page, page, audit):
    audit.visit("/en/accounts/signup/", "sign-up")
    page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill("new@example.org")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label(re.compile(r"again|confirm", re.IGNORECASE)).fill("different")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    audit.check("sign-up with errors")
    audit.visit("/en/accounts/login/", "login")
    page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill("nobody@example.org")
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    audit.check("login with an error")
    audit.assert_clean()


def test_the_signed_in_account_pages_are_accessible(home_page, page, audit):
    user = UserFactory()
    page.goto("/en/")
    log_in(page, user)

    audit.visit("/en/account/profile/", "profile")
    audit.visit("/en/account/privacy/", "privacy")
    audit.visit("/en/partners/my/", "partner board dashboard")
    organisation = OrganisationFactory(verified=True, name="Open Museum")
    audit.visit(organisation.get_absolute_url(), "organisation, ask to join")
    audit.assert_clean()


def test_the_privacy_safeguards_are_accessible(home_page, page, audit):
    """The password asked again before the data download (with its error), and what the only
    administrator of an organisation sees instead of the account deletion form."""
    user = UserFactory(display_name="Ada Admin")
    organisation = OrganisationFactory(name="Alone Museum")
    OrganisationMembershipFactory(organisation=organisation, user=user, role=MembershipRole.ADMIN)
    OrganisationMembershipFactory(organisation=organisation, user=UserFactory(display_name="Bo"))
    ListingFactory(organisation=organisation, title="Partners wanted for a textile project")
    JoinRequestFactory(organisation=organisation, user=UserFactory(display_name="Cy"))
    page.goto("/en/")
    log_in(page, user)

    audit.visit("/en/account/privacy/", "privacy, deletion blocked")
    audit.visit("/en/account/privacy/export/", "password before the data download")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Download my data").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    audit.check("password before the data download, wrong")
    audit.visit(f"/en/partners/my/organisations/{organisation.pk}/members/", "members, roles")
    audit.visit(f"/en/partners/my/organisations/{organisation.pk}/close/", "close organisation")
    audit.assert_clean()


# Other languages


def test_a_danish_page_is_accessible(home_page, audit):
    about = StandardPageFactory(parent=home_page, title="About the hub", slug="about", body=body())
    object_translate(instance=home_page, language_code="da", strings={})
    object_translate(
        instance=about,
        language_code="da",
        strings={"About the hub": "Om hubben", "Why it matters": "Hvorfor det er vigtigt"},
    )

    audit.visit("/da/", "Danish home")
    audit.visit("/da/about/", "Danish standard page")
    assert audit.page.locator("html").get_attribute("lang") == "da"
    audit.assert_clean()
