"""Demo pages: the home page and an about page, in English, Danish and German."""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Locale, Page, Site

from cms.core.services import object_translate
from cms.standardpages.models import StandardPage

from .models import HomePage

HOME_TITLE = "Heritage Hub"
HERO_HEADING = "Learn from each other. Find your partners."
HERO_TEXT = (
    "A meeting place for people who work in museums, archives and heritage sites: practical "
    "guides, courses built from webinars, and a board for finding project partners."
)
INTRO = (
    "Heritage Hub collects what colleagues across Europe have tried, tested and learned, so that "
    "the next museum does not have to start from scratch."
)
CTA_TITLE = "New here?"
CTA_TEXT = "Find out who runs the hub and how you can share your own experience."
CTA_LABEL = "About the hub"
FEATURED_HEADING = "Start here"
ABOUT_TITLE = "About Heritage Hub"
ABOUT_SUMMARY = "Who runs the hub, what it is for, and how you can take part."
ABOUT_HEADING = "Why this hub exists"
ABOUT_TEXT = (
    "Small museums often solve the same problems alone. The hub makes their experience easy to "
    "find and reuse: every case study, factsheet and course here is written by practitioners."
)
ABOUT_HEADING_2 = "How to take part"
ABOUT_TEXT_2 = (
    "Share a case study with the editors, take a course at your own pace, or post an offer on the "
    "partner exchange board when you are looking for a consortium."
)

TRANSLATIONS = {
    "da": {
        HOME_TITLE: "Heritage Hub",
        "home": "home",
        HERO_HEADING: "Lær af hinanden. Find jeres partnere.",
        HERO_TEXT: (
            "Et mødested for alle, der arbejder på museer, arkiver og kulturarvssteder: praktiske "
            "vejledninger, kurser bygget på webinarer og en opslagstavle til at finde "
            "projektpartnere."
        ),
        INTRO: (
            "Heritage Hub samler det, kolleger i hele Europa har prøvet, afprøvet og lært, så det "
            "næste museum ikke behøver at starte forfra."
        ),
        CTA_TITLE: "Ny her?",
        CTA_TEXT: "Se, hvem der driver hubben, og hvordan du kan dele dine egne erfaringer.",
        CTA_LABEL: "Om hubben",
        FEATURED_HEADING: "Start her",
        ABOUT_TITLE: "Om Heritage Hub",
        "about": "om",
        ABOUT_SUMMARY: "Hvem der driver hubben, hvad den er til, og hvordan du kan deltage.",
        ABOUT_HEADING: "Hvorfor hubben findes",
        ABOUT_TEXT: (
            "Små museer løser ofte de samme problemer hver for sig. Hubben gør deres erfaringer "
            "lette at finde og genbruge: hver case, hvert faktaark og hvert kursus her er skrevet "
            "af fagfolk."
        ),
        ABOUT_HEADING_2: "Sådan deltager du",
        ABOUT_TEXT_2: (
            "Del en case med redaktionen, tag et kursus i dit eget tempo, eller slå et tilbud op "
            "på partnerbørsen, når du leder efter et konsortium."
        ),
    },
    "de": {
        HOME_TITLE: "Heritage Hub",
        "home": "home",
        HERO_HEADING: "Voneinander lernen. Partner finden.",
        HERO_TEXT: (
            "Ein Treffpunkt für alle, die in Museen, Archiven und Kulturerbestätten arbeiten: "
            "praktische Leitfäden, Kurse aus Webinaren und eine Börse für Projektpartner."
        ),
        INTRO: (
            "Heritage Hub sammelt, was Kolleginnen und Kollegen in ganz Europa ausprobiert, "
            "getestet und gelernt haben, damit das nächste Museum nicht bei null anfangen muss."
        ),
        CTA_TITLE: "Neu hier?",
        CTA_TEXT: "Erfahren Sie, wer den Hub betreibt und wie Sie eigene Erfahrungen teilen.",
        CTA_LABEL: "Über den Hub",
        FEATURED_HEADING: "Hier anfangen",
        ABOUT_TITLE: "Über Heritage Hub",
        "about": "ueber-uns",
        ABOUT_SUMMARY: "Wer den Hub betreibt, wozu er dient und wie Sie mitmachen können.",
        ABOUT_HEADING: "Warum es diesen Hub gibt",
        ABOUT_TEXT: (
            "Kleine Museen lösen oft dieselben Probleme jedes für sich. Der Hub macht ihre "
            "Erfahrungen leicht auffindbar und wiederverwendbar: Jede Fallstudie, jedes "
            "Factsheet und jeder Kurs hier stammt aus der Praxis."
        ),
        ABOUT_HEADING_2: "So machen Sie mit",
        ABOUT_TEXT_2: (
            "Teilen Sie eine Fallstudie mit der Redaktion, belegen Sie einen Kurs in Ihrem "
            "eigenen Tempo oder veröffentlichen Sie ein Angebot in der Partnerbörse, wenn Sie "
            "ein Konsortium suchen."
        ),
    },
}


def load(*, stdout) -> None:
    home = _home_page()
    about = _about_page(home)
    for language_code, strings in TRANSLATIONS.items():
        for page in (home, about):
            object_translate(instance=page, language_code=language_code, strings=strings)
    stdout.write("Pages: home and about, in English, Danish and German.")


def _home_page() -> HomePage:
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.filter(locale=english, depth=2).first()
    if home is None:
        _remove_wagtail_placeholder_page()
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE,
                slug="home",
                locale=english,
                body=[
                    (
                        "hero",
                        {
                            "heading": HERO_HEADING,
                            "text": HERO_TEXT,
                            "link": {"page": None, "url": "", "label": ""},
                        },
                    ),
                    ("intro", f"<p>{INTRO}</p>"),
                ],
            )
        )
        home.save_revision().publish()
    _point_default_site_at(home)
    return home


def _about_page(home: HomePage) -> StandardPage:
    about = StandardPage.objects.child_of(home).filter(slug="about").first()
    if about is None:
        about = home.add_child(
            instance=StandardPage(
                title=ABOUT_TITLE,
                slug="about",
                listing_summary=ABOUT_SUMMARY,
                show_in_menus=True,
                body=[
                    ("heading", {"text": ABOUT_HEADING, "level": "h2"}),
                    ("paragraph", f"<p>{ABOUT_TEXT}</p>"),
                    ("heading", {"text": ABOUT_HEADING_2, "level": "h2"}),
                    ("paragraph", f"<p>{ABOUT_TEXT_2}</p>"),
                ],
            )
        )
        about.save_revision().publish()
        home.body.append(
            (
                "call_to_action",
                {
                    "title": CTA_TITLE,
                    "text": CTA_TEXT,
                    "link": {"page": about, "url": "", "label": CTA_LABEL},
                },
            )
        )
        home.body.append(("featured_items", {"heading": FEATURED_HEADING, "pages": [about]}))
        home.save_revision().publish()
    return about


def _remove_wagtail_placeholder_page() -> None:
    """Wagtail's "Welcome" page (a plain Page at the top) holds the slug the home page needs."""
    for page in Page.objects.filter(depth=2, content_type__model="page"):
        if not page.get_children().exists():
            page.delete()


def _point_default_site_at(home: HomePage) -> None:
    # Full URLs (sitemap, feeds, e-mails) are built from the Site, so it follows SITE_URL.
    address = urlsplit(settings.SITE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    site, _created = Site.objects.get_or_create(
        is_default_site=True,
        defaults={"hostname": address.hostname, "port": port, "root_page": home},
    )
    site.root_page = home
    site.site_name = HOME_TITLE
    site.hostname = address.hostname
    site.port = port
    site.save()
