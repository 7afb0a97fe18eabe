"""Demo pages: the home page and an about page, in all five languages; then (``load_blocks``,
once the sections exist) the home page's hero button and featured items."""

# ruff: noqa: RUF001 -- the Greek translations are Greek letters, not look-alikes of Latin ones.

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Locale, Page, Site

from cms.core.services import object_translate, object_translation_ensure
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
HERO_LINK_LABEL = "Read the factsheets"
FEATURED_SECTIONS = ["factsheets", "best-practices", "events"]
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
        HERO_LINK_LABEL: "Læs faktaarkene",
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
        HERO_LINK_LABEL: "Zu den Factsheets",
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
    "it": {
        HOME_TITLE: "Heritage Hub",
        "home": "home",
        HERO_HEADING: "Imparare gli uni dagli altri. Trovare partner.",
        HERO_TEXT: (
            "Un luogo d'incontro per chi lavora in musei, archivi e siti del patrimonio: guide "
            "pratiche, corsi nati dai webinar e una bacheca per trovare partner di progetto."
        ),
        INTRO: (
            "Heritage Hub raccoglie ciò che colleghe e colleghi in tutta Europa hanno provato, "
            "verificato e imparato, perché il prossimo museo non debba ricominciare da zero."
        ),
        CTA_TITLE: "Nuovo qui?",
        CTA_TEXT: "Scopri chi gestisce l'hub e come puoi condividere la tua esperienza.",
        CTA_LABEL: "Informazioni sull'hub",
        FEATURED_HEADING: "Inizia da qui",
        HERO_LINK_LABEL: "Leggi le schede informative",
        ABOUT_TITLE: "Informazioni su Heritage Hub",
        "about": "chi-siamo",
        ABOUT_SUMMARY: "Chi gestisce l'hub, a cosa serve e come puoi partecipare.",
        ABOUT_HEADING: "Perché esiste questo hub",
        ABOUT_TEXT: (
            "I piccoli musei risolvono spesso gli stessi problemi da soli. L'hub rende la loro "
            "esperienza facile da trovare e riutilizzare: ogni caso di studio, scheda e corso "
            "qui è scritto da professionisti del settore."
        ),
        ABOUT_HEADING_2: "Come partecipare",
        ABOUT_TEXT_2: (
            "Condividi un caso di studio con la redazione, segui un corso con i tuoi tempi o "
            "pubblica un'offerta nella bacheca dei partner quando cerchi un consorzio."
        ),
    },
    "el": {
        HOME_TITLE: "Heritage Hub",
        "home": "home",
        HERO_HEADING: "Μαθαίνουμε ο ένας από τον άλλον. Βρίσκουμε συνεργάτες.",
        HERO_TEXT: (
            "Ένας τόπος συνάντησης για όσους εργάζονται σε μουσεία, αρχεία και χώρους "
            "πολιτιστικής κληρονομιάς: πρακτικοί οδηγοί, μαθήματα από διαδικτυακά σεμινάρια και "
            "ένας πίνακας για την αναζήτηση εταίρων."
        ),
        INTRO: (
            "Το Heritage Hub συγκεντρώνει ό,τι δοκίμασαν και έμαθαν συνάδελφοι σε όλη την "
            "Ευρώπη, ώστε το επόμενο μουσείο να μη χρειάζεται να ξεκινήσει από το μηδέν."
        ),
        CTA_TITLE: "Νέος εδώ;",
        CTA_TEXT: (
            "Μάθετε ποιος λειτουργεί το hub και πώς μπορείτε να μοιραστείτε την εμπειρία σας."
        ),
        CTA_LABEL: "Σχετικά με το hub",
        FEATURED_HEADING: "Ξεκινήστε εδώ",
        HERO_LINK_LABEL: "Διαβάστε τα ενημερωτικά δελτία",
        ABOUT_TITLE: "Σχετικά με το Heritage Hub",
        "about": "schetika",
        ABOUT_SUMMARY: (
            "Ποιος λειτουργεί το hub, σε τι χρησιμεύει και πώς μπορείτε να συμμετάσχετε."
        ),
        ABOUT_HEADING: "Γιατί υπάρχει αυτό το hub",
        ABOUT_TEXT: (
            "Τα μικρά μουσεία συχνά λύνουν τα ίδια προβλήματα μόνα τους. Το hub κάνει την "
            "εμπειρία τους εύκολη στην εύρεση και την επαναχρησιμοποίηση: κάθε μελέτη "
            "περίπτωσης, δελτίο και μάθημα εδώ γράφεται από επαγγελματίες."
        ),
        ABOUT_HEADING_2: "Πώς να συμμετάσχετε",
        ABOUT_TEXT_2: (
            "Μοιραστείτε μια μελέτη περίπτωσης με τη σύνταξη, παρακολουθήστε ένα μάθημα με τον "
            "δικό σας ρυθμό ή δημοσιεύστε μια προσφορά στον πίνακα συνεργασιών όταν αναζητάτε "
            "κοινοπραξία."
        ),
    },
}


def load(*, stdout) -> None:
    home = _home_page()
    about = _about_page(home)
    converted = _home_hero(home)
    _translate([about], refresh=False)
    _translate([home], refresh=converted)
    stdout.write("Pages: home and about, in English, Danish, German, Italian and Greek.")


def load_blocks(*, stdout) -> None:
    """The home page's hero button and featured items point at section indexes, so they are
    filled once demo_sections has made them (DEMO_LOADERS runs this after it)."""
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=english, depth=2)
    indexes = {page.slug: page for page in Page.objects.child_of(home)}
    filled = not home.featured and all(slug in indexes for slug in FEATURED_SECTIONS)
    if filled:
        about = StandardPage.objects.child_of(home).get(slug="about")
        featured = [about] + [indexes[slug] for slug in FEATURED_SECTIONS]
        home.featured = [("page", {"page": page, "title": "", "text": ""}) for page in featured]
        home.hero_link_page = indexes[FEATURED_SECTIONS[0]]
        home.hero_link_label = HERO_LINK_LABEL
        home.save_revision().publish()
    _translate([home], refresh=filled)
    stdout.write("Home page: hero button and featured items.")


def _translate(pages: list, *, refresh: bool) -> None:
    """Translate ``pages`` where they are not yet, or again everywhere when ``refresh`` says the
    English page changed in this load. A page the home page links to is translated before it,
    so the link finds its translation."""
    translate = object_translate if refresh else object_translation_ensure
    for language_code, strings in TRANSLATIONS.items():
        for page in pages:
            translate(instance=page, language_code=language_code, strings=strings)


def _home_hero(home: HomePage) -> bool:
    """Home pages made before the hero fields had the hero as the first block of the body;
    whether this one was converted."""
    if home.hero_heading:
        return False
    home.hero_heading = HERO_HEADING
    home.hero_intro = HERO_TEXT
    home.body = [
        (block.block_type, block.value) for block in home.body if block.block_type != "hero"
    ]
    home.save_revision().publish()
    return True


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
                hero_heading=HERO_HEADING,
                hero_intro=HERO_TEXT,
                body=[("intro", f"<p>{INTRO}</p>")],
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
