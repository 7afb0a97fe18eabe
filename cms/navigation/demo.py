"""Demo navigation: the imprint, data protection, contact and team pages, and the menu groups.

Runs after the sections exist. Pages are looked up by slug and the menu is only filled while it
is empty, so running the loader again adds nothing and never overwrites an editor's menu.
Sections added later (the courses, an import) join the menu by themselves.
"""

from wagtail.models import Locale, Site

from cms.core.services import object_translation_ensure
from cms.home.models import HomePage
from cms.standardpages.models import StandardPage

from .models import NavigationSettings

PAGES = {
    "contact": {
        "title": "Contact",
        "summary": "How to reach the editorial team.",
        "text": (
            "Write to the editorial team at editors@example.org. We answer within a week, in "
            "English, Danish or German."
        ),
    },
    "team": {
        "title": "Our team",
        "summary": "The people who edit and run the hub.",
        "text": (
            "The hub is edited by a small team of museum educators and archivists, with "
            "translators for each language the site offers."
        ),
    },
    "imprint": {
        "title": "Imprint",
        "summary": "Who publishes this website.",
        "text": (
            "Heritage Hub is published by the Heritage Hub network (example address, for the demo "
            "site only). Responsible for the content: the editorial team."
        ),
    },
    "data-protection": {
        "title": "Data protection",
        "summary": "What personal data the hub keeps, why, and your rights.",
        "text": (
            "The hub stores the data you give when you create an account, and what you "
            "contribute. You can download or delete your data at any time from your privacy page."
        ),
    },
}

TRANSLATIONS = {
    "da": {
        "Contact": "Kontakt",
        "contact": "kontakt",
        "Our team": "Vores team",
        "team": "team",
        "Imprint": "Kolofon",
        "imprint": "kolofon",
        "Data protection": "Databeskyttelse",
        "data-protection": "databeskyttelse",
    },
    "de": {
        "Contact": "Kontakt",
        "contact": "kontakt",
        "Our team": "Unser Team",
        "team": "team",
        "Imprint": "Impressum",
        "imprint": "impressum",
        "Data protection": "Datenschutz",
        "data-protection": "datenschutz",
    },
}

# Slugs of the demo sections, by menu group; the partner board is a site view, not a page.
MENU = [
    ("learn", ["factsheets", "best-practices", "training-syllabi"]),
    ("resources", ["link-collections", "resources", "toolkit"]),
    ("community", ["events", "news", "partnerbourse:board"]),
    ("about", ["about", "team"]),
]


def load(*, stdout) -> None:
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=english, depth=2)
    pages = {slug: _standard_page(home, slug, spec) for slug, spec in PAGES.items()}
    for language_code, strings in TRANSLATIONS.items():
        for page in pages.values():
            object_translation_ensure(instance=page, language_code=language_code, strings=strings)

    site = Site.objects.get(is_default_site=True)
    nav_settings = NavigationSettings.for_site(site)
    if not nav_settings.menu.raw_data:
        nav_settings.menu = _menu(home)
    nav_settings.imprint_page = nav_settings.imprint_page or pages["imprint"]
    nav_settings.privacy_page = nav_settings.privacy_page or pages["data-protection"]
    nav_settings.contact_page = nav_settings.contact_page or pages["contact"]
    nav_settings.team_page = nav_settings.team_page or pages["team"]
    nav_settings.save()
    stdout.write("Navigation: menu groups, imprint, data protection, contact and team pages.")


def _standard_page(home: HomePage, slug: str, spec: dict) -> StandardPage:
    page = StandardPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = home.add_child(
            instance=StandardPage(
                title=spec["title"],
                slug=slug,
                listing_summary=spec["summary"],
                body=[("paragraph", f"<p>{spec['text']}</p>")],
            )
        )
        page.save_revision().publish()
    return page


def _menu(home: HomePage) -> list:
    children = {page.slug: page for page in home.get_children()}
    groups = []
    for kind, slugs in MENU:
        links = []
        for slug in slugs:
            if ":" in slug:
                links.append({"page": None, "view": slug})
            elif slug in children:
                links.append({"page": children[slug], "view": ""})
        groups.append(("group", {"kind": kind, "links": links}))
    return groups
