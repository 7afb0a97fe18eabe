"""Demo sections: an index page per content section and original example pages of every type.

The pages are written for the people the hub serves (museum, archive and heritage staff), so that
a fresh install shows realistic listings, filters, feeds and downloads. A few pages are translated
into Danish and German through wagtail-localize, as an editor would; every section index
exists in all five languages. Every object is looked up by
slug (pages) or title (images, documents, snippets) before it is created, so running the loader
again adds nothing.
"""

# ruff: noqa: RUF001 -- the Greek translations are Greek letters, not look-alikes of Latin ones.

import datetime
import io
import zlib

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale

from PIL import Image as PillowImage
from PIL import ImageDraw

from cms.bestpractices.models import BestPracticeIndexPage, PracticeType
from cms.core.models import Audience, Licence, Theme
from cms.core.services import object_translation_ensure
from cms.events.models import EventIndexPage, EventKind, EventSession
from cms.factsheets.models import FactsheetIndexPage
from cms.linkcollections.models import (
    CollectionLink,
    LinkCollectionIndexPage,
    LinkKind,
)
from cms.news.models import NewsCategory, NewsIndexPage
from cms.resources.models import ResourceIndexPage, ResourceType
from cms.syllabi.models import TrainingSyllabusIndexPage
from cms.tools.models import ToolIndexPage, ToolKind

from .models import HomePage

ATTRIBUTION = "Heritage Hub editorial team"


def _days(offset: int) -> datetime.date:
    """Dates relative to the day the demo is loaded, so "upcoming" events are upcoming."""
    return datetime.date.today() + datetime.timedelta(days=offset)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# --- Section index pages ---------------------------------------------------------------------
# The main menu keeps five sections (plus "About"); the others are reached from the home page,
# from related items and from search.

SECTIONS = [
    {
        "model": FactsheetIndexPage,
        "slug": "factsheets",
        "title": "Factsheets",
        "summary": "Short, practical guides to one topic each, with a printable PDF.",
        "intro": "Two pages on one topic: what to know, what to do, and where to read more.",
        "menu": True,
    },
    {
        "model": BestPracticeIndexPage,
        "slug": "best-practices",
        "title": "Best practices",
        "summary": "Case studies from museums and heritage sites, written so you can reuse them.",
        "intro": (
            "What colleagues tried, what it took and what came of it, with an honest word on "
            "what went wrong."
        ),
        "menu": True,
    },
    {
        "model": LinkCollectionIndexPage,
        "slug": "link-collections",
        "title": "Link collections",
        "summary": "Curated lists of funding portals, partner searches, networks and tools.",
        "intro": "Hand-picked external sites, grouped by what you would use them for.",
        "menu": False,
    },
    {
        "model": TrainingSyllabusIndexPage,
        "slug": "training-syllabi",
        "title": "Training syllabi",
        "summary": "Training programmes with units, learning outcomes and workload.",
        "intro": "Ready-made programmes to train your team or to build a course of your own.",
        "menu": False,
    },
    {
        "model": EventIndexPage,
        "slug": "events",
        "title": "Events and webinars",
        "summary": "Upcoming webinars and workshops, and recordings of past ones.",
        "intro": "Join a live session or catch up with the slides and recordings.",
        "menu": True,
    },
    {
        "model": NewsIndexPage,
        "slug": "news",
        "title": "News",
        "summary": "News, podcasts, events and games from the hub and its partners.",
        "intro": "What is new on the hub and in the community around it.",
        "menu": True,
    },
    {
        "model": ResourceIndexPage,
        "slug": "resources",
        "title": "Resources",
        "summary": "Handbooks, reports, templates and documentation to download.",
        "intro": "Documents you can download, adapt and share under their licences.",
        "menu": False,
    },
    {
        "model": ToolIndexPage,
        "slug": "toolkit",
        "title": "Toolkit",
        "summary": "Small apps and reusable components for museum teams.",
        "intro": "Free apps and building blocks, each with a webinar that shows it in use.",
        "menu": False,
    },
]

# --- Texts of the translated pages -----------------------------------------------------------

LABELS_TITLE = "Writing accessible exhibition labels"
LABELS_SUMMARY = (
    "How to write labels that visitors of every age and ability can read, understand and use."
)
LABELS_ABSTRACT = (
    "Most visitors read a label for a few seconds. Short sentences, a clear hierarchy and good "
    "contrast help everyone, not only people with a visual or cognitive impairment."
)
LABELS_H_WORDS = "Choose your words"
LABELS_WORDS = (
    "Write for a curious twelve-year-old. Keep sentences under twenty words, explain technical "
    "terms the first time you use them, and start with what the visitor can see."
)
LABELS_H_LAYOUT = "Layout and contrast"
LABELS_LAYOUT = (
    "Use a sans-serif typeface of at least 22 points for main text, dark text on a light, matt "
    "background, and place labels between 90 and 150 centimetres from the floor."
)
LABELS_H_TEST = "Test with real readers"
LABELS_TEST = (
    "Print drafts and ask five visitors to read them in the gallery. Watch where they stop and "
    "ask what they remember; rewrite what nobody understood."
)
LABELS_RECOMMENDATIONS = [
    "Limit the main text of an object label to 50 words.",
    "Give every label a headline that says why the object matters.",
    "Check the contrast ratio: at least 4.5 to 1 between text and background.",
    "Offer large-print and audio versions of the key texts.",
]

VOLUNTEER_TITLE = "A volunteer digitisation day in a small local museum"
VOLUNTEER_SUMMARY = (
    "Twelve volunteers photographed and described 400 objects in one Saturday, and the museum "
    "put them online within a month."
)
VOLUNTEER_BODY = [
    (
        "Fjordby Local History Museum has one part-time curator and about 6,000 objects, most of "
        "them never photographed. The museum invited its friends association to a digitisation "
        "day: three stations for photography, description and checking, with coffee and cake."
    ),
    (
        "Each station had a laminated one-page guide. Objects came out of store in numbered "
        "crates, and nothing left the building. Experienced volunteers trained newcomers in the "
        "first hour."
    ),
]
VOLUNTEER_RESOURCES = [
    "Two cameras on tripods, two LED lamps and a grey background",
    "Three laptops with a shared spreadsheet",
    "One day of the curator's time to prepare, and one to check the results",
]
VOLUNTEER_EVIDENCE = (
    "400 objects photographed and described, 350 of them published on the museum's online "
    "catalogue; eight of the volunteers now come back every month."
)
VOLUNTEER_CHALLENGES = (
    "Descriptions varied in quality. A short checklist of required fields and a second "
    "reader at the checking station fixed most of it."
)
VOLUNTEER_TRANSFER = (
    "Any museum with a friends association and a few cameras can run the day. Start with "
    "robust, flat objects and keep fragile items for the staff."
)
VOLUNTEER_TIMESCALE = "One day, with two weeks of preparation"
VOLUNTEER_LOCATION = "Fjordby, Denmark"
VOLUNTEER_ORGANISATION = "Fjordby Local History Museum"

TRANSLATIONS = {
    "da": {
        # Section indexes
        "Factsheets": "Faktaark",
        "factsheets": "faktaark",
        "Short, practical guides to one topic each, with a printable PDF.": (
            "Korte, praktiske vejledninger om ét emne ad gangen, med en PDF til udskrivning."
        ),
        "Two pages on one topic: what to know, what to do, and where to read more.": (
            "To sider om ét emne: hvad du skal vide, hvad du skal gøre, og hvor du kan læse mere."
        ),
        "Best practices": "Gode eksempler",
        "best-practices": "gode-eksempler",
        "Case studies from museums and heritage sites, written so you can reuse them.": (
            "Cases fra museer og kulturarvssteder, skrevet så du kan bruge dem selv."
        ),
        (
            "What colleagues tried, what it took and what came of it, with an honest word on "
            "what went wrong."
        ): (
            "Hvad kolleger har prøvet, hvad det krævede, og hvad der kom ud af det, med et ærligt "
            "ord om det, der gik galt."
        ),
        "Events and webinars": "Arrangementer og webinarer",
        "events": "arrangementer",
        "Upcoming webinars and workshops, and recordings of past ones.": (
            "Kommende webinarer og workshops og optagelser af tidligere."
        ),
        "Join a live session or catch up with the slides and recordings.": (
            "Deltag live, eller se slides og optagelser bagefter."
        ),
        # Factsheet
        LABELS_TITLE: "Tilgængelige udstillingstekster",
        "accessible-exhibition-labels": "tilgaengelige-udstillingstekster",
        LABELS_SUMMARY: (
            "Sådan skriver du tekster, som besøgende i alle aldre og med alle forudsætninger kan "
            "læse, forstå og bruge."
        ),
        LABELS_ABSTRACT: (
            "De fleste besøgende læser en tekst i nogle få sekunder. Korte sætninger, et klart "
            "hierarki og god kontrast hjælper alle, ikke kun mennesker med syns- eller kognitive "
            "handicap."
        ),
        LABELS_H_WORDS: "Vælg dine ord",
        LABELS_WORDS: (
            "Skriv til en nysgerrig tolvårig. Hold sætningerne under tyve ord, forklar fagord "
            "første gang, du bruger dem, og begynd med det, den besøgende kan se."
        ),
        LABELS_H_LAYOUT: "Layout og kontrast",
        LABELS_LAYOUT: (
            "Brug en skrift uden seriffer på mindst 22 punkter til brødteksten, mørk tekst på en "
            "lys, mat baggrund, og placer teksterne mellem 90 og 150 centimeter over gulvet."
        ),
        LABELS_H_TEST: "Afprøv med rigtige læsere",
        LABELS_TEST: (
            "Print udkast, og bed fem besøgende om at læse dem i udstillingen. Se, hvor de "
            "stopper, og spørg, hvad de husker; skriv det om, som ingen forstod."
        ),
        LABELS_RECOMMENDATIONS[0]: "Begræns en genstandstekst til 50 ord.",
        LABELS_RECOMMENDATIONS[1]: (
            "Giv hver tekst en overskrift, der siger, hvorfor genstanden er vigtig."
        ),
        LABELS_RECOMMENDATIONS[2]: (
            "Tjek kontrastforholdet: mindst 4,5 til 1 mellem tekst og baggrund."
        ),
        LABELS_RECOMMENDATIONS[3]: "Tilbyd storskrift- og lydversioner af de vigtigste tekster.",
        # Best practice
        VOLUNTEER_TITLE: "En frivillig digitaliseringsdag på et lille lokalmuseum",
        "volunteer-digitisation-day": "frivillig-digitaliseringsdag",
        VOLUNTEER_SUMMARY: (
            "Tolv frivillige fotograferede og beskrev 400 genstande på én lørdag, og museet lagde "
            "dem online inden for en måned."
        ),
        VOLUNTEER_BODY[0]: (
            "Fjordby Lokalhistoriske Museum har én deltidsansat museumsinspektør og omkring "
            "6.000 genstande, de fleste aldrig fotograferet. Museet inviterede sin "
            "venneforening til en digitaliseringsdag: tre stationer til fotografering, "
            "beskrivelse og kontrol, med kaffe og kage."
        ),
        VOLUNTEER_BODY[1]: (
            "Hver station havde en lamineret vejledning på én side. Genstandene kom ud af "
            "magasinet i nummererede kasser, og intet forlod bygningen. Erfarne frivillige "
            "oplærte nye i den første time."
        ),
        VOLUNTEER_RESOURCES[0]: "To kameraer på stativ, to LED-lamper og en grå baggrund",
        VOLUNTEER_RESOURCES[1]: "Tre bærbare computere med et fælles regneark",
        VOLUNTEER_RESOURCES[2]: (
            "Én dag af inspektørens tid til forberedelse og én til at kontrollere resultatet"
        ),
        VOLUNTEER_EVIDENCE: (
            "400 genstande fotograferet og beskrevet, heraf 350 offentliggjort i museets "
            "onlinekatalog; otte af de frivillige kommer nu igen hver måned."
        ),
        VOLUNTEER_CHALLENGES: (
            "Beskrivelsernes kvalitet svingede. En kort tjekliste over obligatoriske felter og en "
            "ekstra læser ved kontrolstationen løste det meste."
        ),
        VOLUNTEER_TRANSFER: (
            "Ethvert museum med en venneforening og et par kameraer kan holde dagen. Begynd med "
            "robuste, flade genstande, og lad personalet tage sig af de skrøbelige."
        ),
        VOLUNTEER_TIMESCALE: "Én dag med to ugers forberedelse",
        VOLUNTEER_LOCATION: "Fjordby, Danmark",
        VOLUNTEER_ORGANISATION: "Fjordby Lokalhistoriske Museum",
        ATTRIBUTION: "Heritage Hubs redaktion",
        # Snippets
        "Digitisation": "Digitalisering",
    },
    "de": {
        "Factsheets": "Factsheets",
        "factsheets": "factsheets",
        "Short, practical guides to one topic each, with a printable PDF.": (
            "Kurze, praktische Leitfäden zu jeweils einem Thema, mit PDF zum Ausdrucken."
        ),
        "Two pages on one topic: what to know, what to do, and where to read more.": (
            "Zwei Seiten zu einem Thema: was man wissen sollte, was zu tun ist und wo man "
            "weiterliest."
        ),
        "Best practices": "Gute Praxis",
        "best-practices": "gute-praxis",
        "Case studies from museums and heritage sites, written so you can reuse them.": (
            "Fallstudien aus Museen und Kulturerbestätten, so geschrieben, dass Sie sie "
            "übernehmen können."
        ),
        (
            "What colleagues tried, what it took and what came of it, with an honest word on "
            "what went wrong."
        ): (
            "Was Kolleginnen und Kollegen ausprobiert haben, was es gekostet hat und was daraus "
            "wurde, mit einem ehrlichen Wort dazu, was schiefging."
        ),
        "Events and webinars": "Veranstaltungen und Webinare",
        "events": "veranstaltungen",
        "Upcoming webinars and workshops, and recordings of past ones.": (
            "Kommende Webinare und Workshops und Aufzeichnungen vergangener Termine."
        ),
        "Join a live session or catch up with the slides and recordings.": (
            "Nehmen Sie live teil oder sehen Sie sich Folien und Aufzeichnungen später an."
        ),
        LABELS_TITLE: "Barrierefreie Ausstellungstexte schreiben",
        "accessible-exhibition-labels": "barrierefreie-ausstellungstexte",
        LABELS_SUMMARY: (
            "Wie Sie Texte schreiben, die Besucherinnen und Besucher jeden Alters und mit allen "
            "Voraussetzungen lesen, verstehen und nutzen können."
        ),
        LABELS_ABSTRACT: (
            "Die meisten Besucher lesen einen Objekttext nur wenige Sekunden lang. Kurze Sätze, "
            "eine klare Hierarchie und guter Kontrast helfen allen, nicht nur Menschen mit einer "
            "Seh- oder kognitiven Beeinträchtigung."
        ),
        LABELS_H_WORDS: "Die richtigen Worte wählen",
        LABELS_WORDS: (
            "Schreiben Sie für eine neugierige Zwölfjährige. Bleiben Sie unter zwanzig Wörtern "
            "pro Satz, erklären Sie Fachbegriffe bei der ersten Verwendung und beginnen Sie mit "
            "dem, was man sieht."
        ),
        LABELS_H_LAYOUT: "Gestaltung und Kontrast",
        LABELS_LAYOUT: (
            "Verwenden Sie für den Haupttext eine serifenlose Schrift mit mindestens 22 Punkt, "
            "dunkle Schrift auf hellem, mattem Grund, und bringen Sie die Texte zwischen 90 und "
            "150 Zentimetern über dem Boden an."
        ),
        LABELS_H_TEST: "Mit echten Leserinnen und Lesern testen",
        LABELS_TEST: (
            "Drucken Sie Entwürfe aus und bitten Sie fünf Besucher, sie in der Ausstellung zu "
            "lesen. Achten Sie darauf, wo sie aufhören, und fragen Sie, was sie behalten haben; "
            "schreiben Sie um, was niemand verstanden hat."
        ),
        LABELS_RECOMMENDATIONS[0]: "Begrenzen Sie den Haupttext eines Objektschilds auf 50 Wörter.",
        LABELS_RECOMMENDATIONS[1]: (
            "Geben Sie jedem Text eine Überschrift, die sagt, warum das Objekt wichtig ist."
        ),
        LABELS_RECOMMENDATIONS[2]: (
            "Prüfen Sie das Kontrastverhältnis: mindestens 4,5 zu 1 zwischen Schrift und Grund."
        ),
        LABELS_RECOMMENDATIONS[3]: (
            "Bieten Sie die wichtigsten Texte in Großdruck und als Audio an."
        ),
        VOLUNTEER_TITLE: "Ein Digitalisierungstag mit Ehrenamtlichen in einem kleinen Heimatmuseum",
        "volunteer-digitisation-day": "digitalisierungstag-mit-ehrenamtlichen",
        VOLUNTEER_SUMMARY: (
            "Zwölf Ehrenamtliche fotografierten und beschrieben an einem Samstag 400 Objekte, "
            "und das Museum stellte sie innerhalb eines Monats online."
        ),
        VOLUNTEER_BODY[0]: (
            "Das Heimatmuseum Fjordby hat eine Kuratorin in Teilzeit und rund 6.000 Objekte, die "
            "meisten nie fotografiert. Das Museum lud seinen Förderverein zu einem "
            "Digitalisierungstag ein: drei Stationen für Fotografie, Beschreibung und Kontrolle, "
            "mit Kaffee und Kuchen."
        ),
        VOLUNTEER_BODY[1]: (
            "Jede Station hatte eine laminierte Anleitung auf einer Seite. Die Objekte kamen in "
            "nummerierten Kisten aus dem Depot, und nichts verließ das Haus. Erfahrene "
            "Ehrenamtliche schulten in der ersten Stunde die Neuen."
        ),
        VOLUNTEER_RESOURCES[
            0
        ]: "Zwei Kameras auf Stativen, zwei LED-Leuchten und ein grauer Hintergrund",
        VOLUNTEER_RESOURCES[1]: "Drei Laptops mit einer gemeinsamen Tabelle",
        VOLUNTEER_RESOURCES[2]: (
            "Ein Arbeitstag der Kuratorin für die Vorbereitung und einer für die Kontrolle"
        ),
        VOLUNTEER_EVIDENCE: (
            "400 Objekte fotografiert und beschrieben, davon 350 im Online-Katalog des Museums "
            "veröffentlicht; acht der Ehrenamtlichen kommen inzwischen jeden Monat wieder."
        ),
        VOLUNTEER_CHALLENGES: (
            "Die Beschreibungen waren unterschiedlich gut. Eine kurze Checkliste der Pflichtfelder "
            "und eine zweite Person an der Kontrollstation lösten das meiste davon."
        ),
        VOLUNTEER_TRANSFER: (
            "Jedes Museum mit einem Förderverein und ein paar Kameras kann den Tag durchführen. "
            "Beginnen Sie mit robusten, flachen Objekten und überlassen Sie empfindliche Stücke "
            "dem Personal."
        ),
        VOLUNTEER_TIMESCALE: "Ein Tag, mit zwei Wochen Vorbereitung",
        VOLUNTEER_LOCATION: "Fjordby, Dänemark",
        VOLUNTEER_ORGANISATION: "Heimatmuseum Fjordby",
        ATTRIBUTION: "Redaktion von Heritage Hub",
        "Digitisation": "Digitalisierung",
    },
}
# Every section index exists in every language, so that each language's menu and URLs are
# complete; the pages beneath are translated where a translator has got to them (the rest is
# shown in English with a notice, cms/core/translation_fallback.py).
SECTION_TRANSLATIONS = {
    "da": {
        "Link collections": "Linksamlinger",
        "link-collections": "linksamlinger",
        "Curated lists of funding portals, partner searches, networks and tools.": (
            "Udvalgte lister over fondsportaler, partnersøgninger, netværk og værktøjer."
        ),
        "Hand-picked external sites, grouped by what you would use them for.": (
            "Håndplukkede eksterne websteder, ordnet efter hvad du kan bruge dem til."
        ),
        "Training syllabi": "Uddannelsesplaner",
        "training-syllabi": "uddannelsesplaner",
        "Training programmes with units, learning outcomes and workload.": (
            "Uddannelsesforløb med moduler, læringsmål og arbejdsbyrde."
        ),
        "Ready-made programmes to train your team or to build a course of your own.": (
            "Færdige forløb, som du kan bruge til at uddanne dit team eller bygge dit eget kursus "
            "på."
        ),
        "News": "Nyheder",
        "news": "nyheder",
        "News, podcasts, events and games from the hub and its partners.": (
            "Nyheder, podcasts, arrangementer og spil fra hubben og dens partnere."
        ),
        "What is new on the hub and in the community around it.": (
            "Det nye på hubben og i fællesskabet omkring den."
        ),
        "Resources": "Ressourcer",
        "resources": "ressourcer",
        "Handbooks, reports, templates and documentation to download.": (
            "Håndbøger, rapporter, skabeloner og dokumentation til download."
        ),
        "Documents you can download, adapt and share under their licences.": (
            "Dokumenter, som du kan downloade, tilpasse og dele på deres licensvilkår."
        ),
        "Toolkit": "Værktøjskasse",
        "toolkit": "vaerktoejskasse",
        "Small apps and reusable components for museum teams.": (
            "Små apps og genbrugelige komponenter til museumsteams."
        ),
        "Free apps and building blocks, each with a webinar that shows it in use.": (
            "Gratis apps og byggeklodser, hver med et webinar, der viser, hvordan den bruges."
        ),
    },
    "de": {
        "Link collections": "Linksammlungen",
        "link-collections": "linksammlungen",
        "Curated lists of funding portals, partner searches, networks and tools.": (
            "Ausgewählte Listen von Förderportalen, Partnersuchen, Netzwerken und Werkzeugen."
        ),
        "Hand-picked external sites, grouped by what you would use them for.": (
            "Handverlesene externe Websites, geordnet nach ihrem Verwendungszweck."
        ),
        "Training syllabi": "Schulungspläne",
        "training-syllabi": "schulungsplaene",
        "Training programmes with units, learning outcomes and workload.": (
            "Schulungsprogramme mit Einheiten, Lernzielen und Arbeitsaufwand."
        ),
        "Ready-made programmes to train your team or to build a course of your own.": (
            "Fertige Programme, um Ihr Team zu schulen oder einen eigenen Kurs aufzubauen."
        ),
        "News": "Neuigkeiten",
        "news": "neuigkeiten",
        "News, podcasts, events and games from the hub and its partners.": (
            "Neuigkeiten, Podcasts, Veranstaltungen und Spiele vom Hub und seinen Partnern."
        ),
        "What is new on the hub and in the community around it.": (
            "Was es Neues im Hub und in der Gemeinschaft um ihn herum gibt."
        ),
        "Resources": "Materialien",
        "resources": "materialien",
        "Handbooks, reports, templates and documentation to download.": (
            "Handbücher, Berichte, Vorlagen und Dokumentation zum Herunterladen."
        ),
        "Documents you can download, adapt and share under their licences.": (
            "Dokumente, die Sie gemäß ihren Lizenzen herunterladen, anpassen und weitergeben "
            "können."
        ),
        "Toolkit": "Werkzeugkasten",
        "toolkit": "werkzeugkasten",
        "Small apps and reusable components for museum teams.": (
            "Kleine Apps und wiederverwendbare Komponenten für Museumsteams."
        ),
        "Free apps and building blocks, each with a webinar that shows it in use.": (
            "Kostenlose Apps und Bausteine, jeweils mit einem Webinar, das sie im Einsatz zeigt."
        ),
    },
    "it": {
        "Factsheets": "Schede informative",
        "factsheets": "schede-informative",
        "Short, practical guides to one topic each, with a printable PDF.": (
            "Guide brevi e pratiche, ciascuna su un solo tema, con un PDF da stampare."
        ),
        "Two pages on one topic: what to know, what to do, and where to read more.": (
            "Due pagine su un tema: che cosa sapere, che cosa fare e dove approfondire."
        ),
        "Best practices": "Buone pratiche",
        "best-practices": "buone-pratiche",
        "Case studies from museums and heritage sites, written so you can reuse them.": (
            "Casi di studio da musei e siti del patrimonio culturale, scritti perché possiate "
            "riutilizzarli."
        ),
        (
            "What colleagues tried, what it took and what came of it, with an honest word on "
            "what went wrong."
        ): (
            "Che cosa hanno provato i colleghi, che cosa è servito e che cosa ne è venuto fuori, "
            "con una parola onesta su ciò che non ha funzionato."
        ),
        "Link collections": "Raccolte di link",
        "link-collections": "raccolte-di-link",
        "Curated lists of funding portals, partner searches, networks and tools.": (
            "Elenchi selezionati di portali di finanziamento, ricerche di partner, reti e "
            "strumenti."
        ),
        "Hand-picked external sites, grouped by what you would use them for.": (
            "Siti esterni scelti con cura, raggruppati secondo l'uso che ne farete."
        ),
        "Training syllabi": "Programmi di formazione",
        "training-syllabi": "programmi-di-formazione",
        "Training programmes with units, learning outcomes and workload.": (
            "Percorsi formativi con unità, risultati di apprendimento e carico di lavoro."
        ),
        "Ready-made programmes to train your team or to build a course of your own.": (
            "Programmi pronti per formare il vostro gruppo di lavoro o per costruire un corso "
            "tutto vostro."
        ),
        "Events and webinars": "Eventi e webinar",
        "events": "eventi",
        "Upcoming webinars and workshops, and recordings of past ones.": (
            "Webinar e workshop in programma e registrazioni di quelli passati."
        ),
        "Join a live session or catch up with the slides and recordings.": (
            "Partecipate in diretta o recuperate in seguito slide e registrazioni."
        ),
        "News": "Notizie",
        "news": "notizie",
        "News, podcasts, events and games from the hub and its partners.": (
            "Notizie, podcast, eventi e giochi dall'hub e dai suoi partner."
        ),
        "What is new on the hub and in the community around it.": (
            "Le novità dell'hub e della comunità che gli ruota attorno."
        ),
        "Resources": "Risorse",
        "resources": "risorse",
        "Handbooks, reports, templates and documentation to download.": (
            "Manuali, rapporti, modelli e documentazione da scaricare."
        ),
        "Documents you can download, adapt and share under their licences.": (
            "Documenti che potete scaricare, adattare e condividere nel rispetto delle loro "
            "licenze."
        ),
        "Toolkit": "Cassetta degli attrezzi",
        "toolkit": "cassetta-degli-attrezzi",
        "Small apps and reusable components for museum teams.": (
            "Piccole app e componenti riutilizzabili per chi lavora nei musei."
        ),
        "Free apps and building blocks, each with a webinar that shows it in use.": (
            "App gratuite e componenti di base, ciascuno con un webinar che ne mostra l'uso."
        ),
    },
    # Greek slugs are transliterated: wagtail-localize reduces a slug to ASCII.
    "el": {
        "Factsheets": "Ενημερωτικά δελτία",
        "factsheets": "enimerotika-deltia",
        "Short, practical guides to one topic each, with a printable PDF.": (
            "Σύντομοι, πρακτικοί οδηγοί για ένα θέμα ο καθένας, με PDF για εκτύπωση."
        ),
        "Two pages on one topic: what to know, what to do, and where to read more.": (
            "Δύο σελίδες για ένα θέμα: τι πρέπει να γνωρίζετε, τι να κάνετε και πού να "
            "διαβάσετε περισσότερα."
        ),
        "Best practices": "Καλές πρακτικές",
        "best-practices": "kales-praktikes",
        "Case studies from museums and heritage sites, written so you can reuse them.": (
            "Μελέτες περίπτωσης από μουσεία και χώρους πολιτιστικής κληρονομιάς, γραμμένες ώστε "
            "να μπορείτε να τις αξιοποιήσετε."
        ),
        (
            "What colleagues tried, what it took and what came of it, with an honest word on "
            "what went wrong."
        ): (
            "Τι δοκίμασαν οι συνάδελφοι, τι χρειάστηκε και τι προέκυψε, με μια ειλικρινή "
            "κουβέντα για ό,τι δεν πήγε καλά."
        ),
        "Link collections": "Συλλογές συνδέσμων",
        "link-collections": "sylloges-syndesmon",
        "Curated lists of funding portals, partner searches, networks and tools.": (
            "Επιλεγμένοι κατάλογοι με πύλες χρηματοδότησης, αναζητήσεις εταίρων, δίκτυα και "
            "εργαλεία."
        ),
        "Hand-picked external sites, grouped by what you would use them for.": (
            "Προσεκτικά επιλεγμένοι εξωτερικοί ιστότοποι, ομαδοποιημένοι ανάλογα με τη χρήση τους."
        ),
        "Training syllabi": "Προγράμματα κατάρτισης",
        "training-syllabi": "programmata-katartisis",
        "Training programmes with units, learning outcomes and workload.": (
            "Προγράμματα κατάρτισης με ενότητες, μαθησιακά αποτελέσματα και φόρτο εργασίας."
        ),
        "Ready-made programmes to train your team or to build a course of your own.": (
            "Έτοιμα προγράμματα για να εκπαιδεύσετε την ομάδα σας ή να δημιουργήσετε το δικό "
            "σας μάθημα."
        ),
        "Events and webinars": "Εκδηλώσεις και διαδικτυακά σεμινάρια",
        "events": "ekdiloseis",
        "Upcoming webinars and workshops, and recordings of past ones.": (
            "Προσεχή διαδικτυακά σεμινάρια και εργαστήρια, καθώς και βιντεοσκοπήσεις προηγούμενων."
        ),
        "Join a live session or catch up with the slides and recordings.": (
            "Συμμετέχετε ζωντανά ή δείτε αργότερα τις διαφάνειες και τις βιντεοσκοπήσεις."
        ),
        "News": "Νέα",
        "news": "nea",
        "News, podcasts, events and games from the hub and its partners.": (
            "Νέα, podcast, εκδηλώσεις και παιχνίδια από τον κόμβο και τους εταίρους του."
        ),
        "What is new on the hub and in the community around it.": (
            "Τι νέο υπάρχει στον κόμβο και στην κοινότητα γύρω από αυτόν."
        ),
        "Resources": "Υλικό",
        "resources": "yliko",
        "Handbooks, reports, templates and documentation to download.": (
            "Εγχειρίδια, εκθέσεις, πρότυπα και τεκμηρίωση για λήψη."
        ),
        "Documents you can download, adapt and share under their licences.": (
            "Έγγραφα που μπορείτε να κατεβάσετε, να προσαρμόσετε και να μοιραστείτε σύμφωνα με "
            "τις άδειές τους."
        ),
        "Toolkit": "Εργαλειοθήκη",
        "toolkit": "ergaleiothiki",
        "Small apps and reusable components for museum teams.": (
            "Μικρές εφαρμογές και επαναχρησιμοποιήσιμα στοιχεία για ομάδες μουσείων."
        ),
        "Free apps and building blocks, each with a webinar that shows it in use.": (
            "Δωρεάν εφαρμογές και δομικά στοιχεία, το καθένα με ένα διαδικτυακό σεμινάριο που "
            "δείχνει πώς χρησιμοποιείται."
        ),
    },
}
TRANSLATION_LANGUAGES = ["da", "de", "it", "el"]
# Pages beneath the indexes translated so far (their languages: TRANSLATIONS).
TRANSLATED_PAGES = [
    ("factsheets", "accessible-exhibition-labels"),
    ("best-practices", "volunteer-digitisation-day"),
]


def _page_specs(*, media: dict) -> dict[str, list[dict]]:
    """The example pages of each section, keyed by the section's slug.

    ``fields`` are set when a page is created; ``links`` (a function of a lookup of other demo
    pages) fills the fields that point at other pages once every page exists.
    """
    documents = media["documents"]
    return {
        "factsheets": [
            {
                "slug": "accessible-exhibition-labels",
                "image": "labels",
                "themes": ["Education"],
                "audiences": ["Professional", "Visitor"],
                "keywords": ["accessibility", "labels", "interpretation"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": LABELS_TITLE,
                    "date": _days(-40),
                    "summary": LABELS_SUMMARY,
                    "abstract": _p(LABELS_ABSTRACT),
                    "body": [
                        ("heading", {"text": LABELS_H_WORDS, "level": "h2"}),
                        ("paragraph", _p(LABELS_WORDS)),
                        ("heading", {"text": LABELS_H_LAYOUT, "level": "h2"}),
                        ("paragraph", _p(LABELS_LAYOUT)),
                        ("heading", {"text": LABELS_H_TEST, "level": "h2"}),
                        ("paragraph", _p(LABELS_TEST)),
                    ],
                    "recommendations": [
                        ("recommendation", text) for text in LABELS_RECOMMENDATIONS
                    ],
                    "pdf": documents["labels"],
                    "attribution": ATTRIBUTION,
                },
                "links": lambda ref: {
                    "related_pages": [
                        ("page", ref("events", "accessible-labels-in-practice")),
                        ("page", ref("resources", "label-writing-checklist")),
                        ("page", ref("toolkit", "label-readability-checker")),
                    ]
                },
            },
            {
                "slug": "photographing-objects-on-a-budget",
                "image": "photography",
                "themes": ["Technology"],
                "audiences": ["Professional"],
                "keywords": ["digitisation", "photography"],
                "licence": "CC BY-SA 4.0",
                "fields": {
                    "title": "Photographing collection objects on a small budget",
                    "date": _days(-150),
                    "summary": (
                        "Good, consistent object photographs with a mid-range camera, two lamps "
                        "and a sheet of grey card."
                    ),
                    "abstract": _p(
                        "Consistency matters more than expensive equipment: the same light, the "
                        "same background and a colour chart in every shot make a collection "
                        "look coherent online."
                    ),
                    "body": [
                        ("heading", {"text": "Set up once, shoot many", "level": "h2"}),
                        (
                            "paragraph",
                            _p(
                                "Fix the camera on a copy stand or tripod, mark the object "
                                "position with tape and keep the lamps at 45 degrees on both "
                                "sides. Shoot in RAW and set the white balance from a grey "
                                "card at the start of every session.",
                                "Photograph a colour chart and a scale with the first object "
                                "of each crate, so that colours can be checked later.",
                            ),
                        ),
                        ("heading", {"text": "Name files before you start", "level": "h2"}),
                        (
                            "paragraph",
                            _p(
                                "Name every file after the object number (for example "
                                "<i>1987-045-003_01.tif</i>) and keep a master file untouched; "
                                "make web copies from it."
                            ),
                        ),
                    ],
                    "recommendations": [
                        ("recommendation", "Use a tripod and a remote release for every shot."),
                        (
                            "recommendation",
                            "Include a colour chart and a scale in a reference shot.",
                        ),
                        (
                            "recommendation",
                            "Store master files in two places, one of them off site.",
                        ),
                    ],
                    "attribution": ATTRIBUTION,
                },
                "links": lambda ref: {
                    "related_pages": [
                        ("page", ref("best-practices", "volunteer-digitisation-day")),
                        ("page", ref("toolkit", "object-photography-planner")),
                    ]
                },
            },
            {
                "slug": "collections-care-during-building-works",
                "themes": ["Management"],
                "audiences": ["Professional"],
                "keywords": ["collections care", "risk"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Protecting collections during building works",
                    "date": _days(-420),
                    "summary": (
                        "Dust, vibration and contractors: how to plan and monitor building "
                        "works near stores and galleries."
                    ),
                    "abstract": _p(
                        "Most damage during building works comes from dust, vibration, water "
                        "and people who do not know what a showcase contains. A written plan, "
                        "agreed with the contractor before work starts, prevents most of it."
                    ),
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "Walk the site with the contractor and mark no-go zones on a "
                                "plan. Move or wrap objects near the works, seal showcases, and "
                                "put a data logger in every room next to the work area.",
                                "Agree who may stop the work, and how quickly, if readings or "
                                "a visual check show a problem.",
                            ),
                        ),
                    ],
                    "recommendations": [
                        ("recommendation", "Write the protection plan into the contract."),
                        ("recommendation", "Check loggers and dust traps daily during the works."),
                    ],
                    "attribution": ATTRIBUTION,
                },
            },
        ],
        "best-practices": [
            {
                "slug": "volunteer-digitisation-day",
                "image": "volunteers",
                "themes": ["Technology", "Management"],
                "audiences": ["Professional"],
                "keywords": ["digitisation", "volunteers", "small museums"],
                "licence": "CC BY 4.0",
                "practice_type": "Digitisation",
                "fields": {
                    "title": VOLUNTEER_TITLE,
                    "date": _days(-75),
                    "summary": VOLUNTEER_SUMMARY,
                    "submitting_partner": "Heritage Hub",
                    "organisation": VOLUNTEER_ORGANISATION,
                    "location": VOLUNTEER_LOCATION,
                    "timescale": VOLUNTEER_TIMESCALE,
                    "body": [("paragraph", _p(*VOLUNTEER_BODY))],
                    "resources_needed": _ul(*VOLUNTEER_RESOURCES),
                    "evidence_of_success": _p(VOLUNTEER_EVIDENCE),
                    "challenges": _p(VOLUNTEER_CHALLENGES),
                    "potential_for_transfer": _p(VOLUNTEER_TRANSFER),
                    "pdf": documents["volunteers"],
                    # Private: copied to translations, never shown or served by the API.
                    "contact_name": "Karen Holm",
                    "contact_email": "karen.holm@fjordby-museum.example.org",
                    "attribution": ATTRIBUTION,
                },
                "links": lambda ref: {
                    "related_pages": [
                        ("page", ref("factsheets", "photographing-objects-on-a-budget")),
                        ("page", ref("resources", "volunteer-digitisation-handbook")),
                    ]
                },
            },
            {
                "slug": "youth-panel-co-curation",
                "themes": ["Education"],
                "audiences": ["Visitor", "Professional"],
                "keywords": ["participation", "young people"],
                "licence": "CC BY 4.0",
                "practice_type": "Audience development",
                "fields": {
                    "title": "Co-curating an exhibition with a youth panel",
                    "date": _days(-300),
                    "summary": (
                        "Eight teenagers chose the objects, wrote the texts and ran the opening "
                        "of a town museum's summer exhibition."
                    ),
                    "submitting_partner": "Heritage Hub",
                    "organisation": "Lindenau Town Museum",
                    "location": "Lindenau, Germany",
                    "timescale": "Six months, one evening a fortnight",
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "The museum recruited a paid youth panel through two schools "
                                "and a youth club. Staff trained the panel in object handling "
                                "and label writing; the panel made every content decision.",
                            ),
                        )
                    ],
                    "resources_needed": _ul(
                        "A small fee and travel costs for each panel member",
                        "One educator for every meeting",
                        "A budget of about 3,000 euros for the display",
                    ),
                    "evidence_of_success": _p(
                        "Visits by 15 to 24 year-olds tripled over the summer, and two panel "
                        "members now volunteer at the museum."
                    ),
                    "challenges": _p(
                        "Exams and holidays thinned meetings; shorter, more frequent sessions "
                        "and a group chat kept people involved."
                    ),
                    "potential_for_transfer": _p(
                        "Works for any museum with space for a small display. Pay the panel: it "
                        "signals that their work is real work."
                    ),
                    "contact_name": "Jonas Weber",
                    "contact_email": "j.weber@lindenau-museum.example.org",
                    "attribution": ATTRIBUTION,
                },
            },
            {
                "slug": "shared-collections-officer",
                "themes": ["Management"],
                "audiences": ["Professional"],
                "keywords": ["small museums", "collaboration"],
                "licence": "All rights reserved",
                "practice_type": "Organisation and management",
                "fields": {
                    "title": "Three museums, one collections officer",
                    "date": _days(-500),
                    "summary": (
                        "Three volunteer-run museums share a professional collections officer "
                        "two days a week each."
                    ),
                    "organisation": "Vale Heritage Partnership",
                    "location": "Wales, United Kingdom",
                    "timescale": "Ongoing since 2021",
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "None of the three museums could afford a full-time post. A "
                                "joint agreement, one line manager and a shared collections "
                                "database made the post possible and the work consistent."
                            ),
                        )
                    ],
                    "evidence_of_success": _p(
                        "All three museums reached accreditation within three years."
                    ),
                    "contact_name": "Rhian Evans",
                    "contact_email": "rhian@vale-heritage.example.org",
                },
            },
        ],
        "link-collections": [
            {
                "slug": "eu-funding-and-partner-search",
                "themes": ["Management"],
                "audiences": ["Professional"],
                "keywords": ["funding", "partner search", "EU"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "EU funding and partner search for heritage projects",
                    "date": _days(-20),
                    "summary": (
                        "Where to find European funding calls, past projects to learn from, and "
                        "partners for a consortium."
                    ),
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "Start with past projects: they show what gets funded and who "
                                "works on what. Then look for a call and for partners who "
                                "bring what your museum lacks."
                            ),
                        )
                    ],
                    "attribution": ATTRIBUTION,
                    "links": [
                        CollectionLink(
                            group="Funding programmes",
                            kind=LinkKind.FUNDING,
                            title="Creative Europe: Culture strand",
                            url="https://culture.ec.europa.eu/creative-europe",
                            language="en",
                            description=(
                                "The EU programme for culture, with calls for cooperation "
                                "projects, networks and platforms."
                            ),
                        ),
                        CollectionLink(
                            group="Funding programmes",
                            kind=LinkKind.FUNDING,
                            title="EU Funding & Tenders Portal",
                            url="https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
                            language="en",
                            description=(
                                "Every open call of the EU programmes, with the documents and "
                                "the electronic submission system."
                            ),
                        ),
                        CollectionLink(
                            group="Funding programmes",
                            kind=LinkKind.FUNDING,
                            title="Interreg",
                            url="https://interreg.eu/",
                            language="en",
                            description="Cross-border and regional cooperation programmes.",
                        ),
                        CollectionLink(
                            group="Past projects and partner search",
                            kind=LinkKind.PARTNER_SEARCH,
                            title="Erasmus+ Project Results Platform",
                            url="https://erasmus-plus.ec.europa.eu/projects",
                            language="en",
                            description=(
                                "Funded Erasmus+ projects with their results and the "
                                "organisations behind them: a good source of partners."
                            ),
                        ),
                        CollectionLink(
                            group="Past projects and partner search",
                            kind=LinkKind.PARTNER_SEARCH,
                            title="Funding & Tenders Portal: partner search",
                            url=(
                                "https://ec.europa.eu/info/funding-tenders/opportunities/portal/"
                                "screen/how-to-participate/partner-search"
                            ),
                            language="en",
                            description="Find organisations registered for EU calls by topic.",
                        ),
                        CollectionLink(
                            group="Networks",
                            kind=LinkKind.NETWORK,
                            title="NEMO: Network of European Museum Organisations",
                            url="https://www.ne-mo.org/",
                            language="en",
                            description=(
                                "The museum network of Europe: funding news, reports and a "
                                "yearly conference."
                            ),
                        ),
                        CollectionLink(
                            group="Networks",
                            kind=LinkKind.NETWORK,
                            title="Europeana Pro",
                            url="https://pro.europeana.eu/",
                            language="en",
                            description=(
                                "For cultural heritage professionals: the Europeana network, "
                                "projects and guidance on sharing collections online."
                            ),
                        ),
                    ],
                },
            },
            {
                "slug": "digital-skills-training",
                "themes": ["Technology", "Education"],
                "audiences": ["Professional"],
                "keywords": ["training", "digital skills", "open licences"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Free training for digital heritage skills",
                    "date": _days(-210),
                    "summary": (
                        "Courses and guides on open licences, digital preservation and sharing "
                        "collections online."
                    ),
                    "attribution": ATTRIBUTION,
                    "links": [
                        CollectionLink(
                            group="Courses",
                            kind=LinkKind.TRAINING,
                            title="Digital Preservation Coalition: Novice to Know-How",
                            url="https://www.dpconline.org/",
                            language="en",
                            description="An online course in the basics of digital preservation.",
                        ),
                        CollectionLink(
                            group="Courses",
                            kind=LinkKind.TRAINING,
                            title="Creative Commons Certificate",
                            url="https://certificate.creativecommons.org/",
                            language="en",
                            description=(
                                "Open licences in depth, with a course for GLAM professionals."
                            ),
                        ),
                        CollectionLink(
                            group="Tools and guides",
                            kind=LinkKind.TOOL,
                            title="Wikimedia Commons: GLAM",
                            url="https://commons.wikimedia.org/wiki/Commons:GLAM",
                            language="en",
                            description="How museums and archives share images on Wikimedia.",
                        ),
                    ],
                },
            },
        ],
        "training-syllabi": [
            {
                "slug": "digital-storytelling-for-small-museums",
                "image": "labels",
                "themes": ["Technology", "Education"],
                "audiences": ["Professional"],
                "keywords": ["storytelling", "digital skills"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Digital storytelling for small museums",
                    "date": _days(-100),
                    "summary": (
                        "A four-unit programme that takes a museum team from one object to a "
                        "published online story."
                    ),
                    "target_group": (
                        "Staff and volunteers of small museums who write for the web or social "
                        "media, with no prior training."
                    ),
                    "prerequisites": _p(
                        "Basic computer skills and access to the museum's collection records."
                    ),
                    "learning_outcomes": [
                        ("outcome", "Choose objects and angles that carry a story."),
                        ("outcome", "Write short, accessible texts for screens."),
                        ("outcome", "Take usable photographs with simple equipment."),
                        ("outcome", "Publish a story under an open licence and measure its reach."),
                    ],
                    "workload_hours": 24,
                    "assessment": _p(
                        "Each participant publishes one story and presents it to the group for "
                        "feedback."
                    ),
                    "attribution": ATTRIBUTION,
                },
                "links": lambda ref: {
                    "units": [
                        (
                            "unit",
                            {
                                "title": "Finding the story",
                                "topics": ["Object biographies", "Who is the audience?"],
                                "links": [],
                            },
                        ),
                        (
                            "unit",
                            {
                                "title": "Writing for screens",
                                "topics": ["Plain language", "Headlines and structure"],
                                "links": [
                                    {
                                        "page": ref("factsheets", "accessible-exhibition-labels"),
                                        "url": "",
                                        "label": "Factsheet: accessible labels",
                                    }
                                ],
                            },
                        ),
                        (
                            "unit",
                            {
                                "title": "Images",
                                "topics": ["Lighting and background", "Rights and credits"],
                                "links": [
                                    {
                                        "page": ref(
                                            "factsheets", "photographing-objects-on-a-budget"
                                        ),
                                        "url": "",
                                        "label": "Factsheet: object photography",
                                    }
                                ],
                            },
                        ),
                        (
                            "unit",
                            {
                                "title": "Publishing and sharing",
                                "topics": ["Open licences", "Measuring reach"],
                                "links": [
                                    {
                                        "page": None,
                                        "url": "https://certificate.creativecommons.org/",
                                        "label": "Creative Commons Certificate",
                                    }
                                ],
                            },
                        ),
                    ],
                    "related_pages": [("page", ref("events", "open-licences-for-museum-images"))],
                },
            },
            {
                "slug": "collections-care-for-volunteers",
                "themes": ["Management"],
                "audiences": ["Professional"],
                "keywords": ["collections care", "volunteers"],
                "licence": "CC BY-SA 4.0",
                "fields": {
                    "title": "Collections care basics for volunteers",
                    "date": _days(-380),
                    "summary": (
                        "Three short sessions on handling, storing and checking objects, for "
                        "new volunteers."
                    ),
                    "target_group": "New volunteers in museums without a conservator.",
                    "learning_outcomes": [
                        ("outcome", "Handle objects safely and know when not to."),
                        ("outcome", "Spot signs of pests, damp and light damage."),
                        ("outcome", "Record the condition of an object in a standard form."),
                    ],
                    "workload_hours": 7.5,
                    "units": [
                        (
                            "unit",
                            {
                                "title": "Handling",
                                "topics": ["Gloves or clean hands?", "Moving objects"],
                                "links": [],
                            },
                        ),
                        (
                            "unit",
                            {
                                "title": "Storage",
                                "topics": ["Boxes and materials", "Light, humidity and pests"],
                                "links": [],
                            },
                        ),
                        (
                            "unit",
                            {
                                "title": "Condition checks",
                                "topics": ["Condition vocabulary", "Photographing damage"],
                                "links": [],
                            },
                        ),
                    ],
                    "attribution": ATTRIBUTION,
                },
            },
        ],
        "events": [
            {
                "slug": "accessible-labels-in-practice",
                "image": "labels",
                "themes": ["Education"],
                "audiences": ["Professional"],
                "keywords": ["accessibility", "labels"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Accessible labels in practice",
                    "event_kind": EventKind.WEBINAR,
                    "date": _days(21),
                    "summary": (
                        "A one-hour webinar, given twice for two time zones: rewriting real "
                        "labels with the factsheet's checklist."
                    ),
                    "registration_url": "https://heritagehub.example.org/register/labels",
                    "speakers": [
                        (
                            "speaker",
                            {
                                "name": "Mette Lund",
                                "role": "Head of learning",
                                "organisation": "Fjordby Local History Museum",
                            },
                        ),
                        (
                            "speaker",
                            {
                                "name": "Ana Ribeiro",
                                "role": "Accessibility consultant",
                                "organisation": "",
                            },
                        ),
                    ],
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "Bring a label from your own museum: we rewrite two of them "
                                "live, and everyone leaves with a checklist."
                            ),
                        )
                    ],
                    "sessions": [
                        EventSession(
                            title="Europe and Africa",
                            start_date=_days(21),
                            start_time=datetime.time(14, 0),
                            end_time=datetime.time(15, 0),
                            time_zone="Europe/Copenhagen",
                            online_url="https://heritagehub.example.org/live/labels-emea",
                        ),
                        EventSession(
                            title="Americas",
                            start_date=_days(21),
                            start_time=datetime.time(11, 0),
                            end_time=datetime.time(12, 0),
                            time_zone="America/Toronto",
                            online_url="https://heritagehub.example.org/live/labels-americas",
                        ),
                    ],
                },
                "links": lambda ref: {
                    "related_pages": [("page", ref("factsheets", "accessible-exhibition-labels"))]
                },
            },
            {
                "slug": "planning-a-digitisation-day",
                "themes": ["Technology", "Management"],
                "audiences": ["Professional"],
                "keywords": ["digitisation", "volunteers"],
                "fields": {
                    "title": "Workshop: planning a digitisation day",
                    "event_kind": EventKind.WORKSHOP,
                    "date": _days(45),
                    "summary": (
                        "A hands-on afternoon in Athens, also streamed: stations, guides and "
                        "checklists for a volunteer digitisation day."
                    ),
                    "speakers": [
                        (
                            "speaker",
                            {
                                "name": "Karen Holm",
                                "role": "Curator",
                                "organisation": "Fjordby Local History Museum",
                            },
                        ),
                        (
                            "speaker",
                            {
                                "name": "Nikos Papadakis",
                                "role": "Digitisation officer",
                                "organisation": "",
                            },
                        ),
                    ],
                    "sessions": [
                        EventSession(
                            start_date=_days(45),
                            start_time=datetime.time(15, 0),
                            end_time=datetime.time(18, 0),
                            time_zone="Europe/Athens",
                            venue="Conference room, ground floor, Athens",
                            online_url="https://heritagehub.example.org/live/digitisation-day",
                        )
                    ],
                },
                "links": lambda ref: {
                    "related_pages": [("page", ref("best-practices", "volunteer-digitisation-day"))]
                },
            },
            {
                "slug": "open-licences-for-museum-images",
                "image": "photography",
                "themes": ["Technology"],
                "audiences": ["Professional"],
                "keywords": ["open licences", "images"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Open licences for museum images",
                    "event_kind": EventKind.WEBINAR,
                    "date": _days(-35),
                    "summary": (
                        "Which licence for which image, how to credit, and what changes when "
                        "you publish in the public domain. Slides available."
                    ),
                    "speakers": [
                        (
                            "speaker",
                            {
                                "name": "Sofia Marino",
                                "role": "Rights and reproductions manager",
                                "organisation": "",
                            },
                        )
                    ],
                    "slides": documents["licences"],
                    "sessions": [
                        EventSession(
                            start_date=_days(-35),
                            start_time=datetime.time(10, 0),
                            end_time=datetime.time(11, 30),
                            time_zone="Europe/Rome",
                        )
                    ],
                    "attribution": ATTRIBUTION,
                },
            },
        ],
        "news": [
            {
                "slug": "toolkit-section-opens",
                "image": "volunteers",
                "themes": ["Technology"],
                "audiences": ["Professional"],
                "keywords": ["toolkit"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "The hub opens its toolkit",
                    "category": NewsCategory.NEWS,
                    "date": _days(-5),
                    "summary": (
                        "Three free apps and components for museum teams, each with a webinar "
                        "that shows it in use."
                    ),
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "The toolkit starts with a label readability checker, an object "
                                "photography planner and a plain-language glossary that any "
                                "museum website can embed."
                            ),
                        )
                    ],
                    "attribution": ATTRIBUTION,
                },
                "links": lambda ref: {
                    "related_pages": [("page", ref("toolkit", "label-readability-checker"))]
                },
            },
            {
                "slug": "podcast-going-online",
                "themes": ["Technology", "Management"],
                "audiences": ["Professional"],
                "keywords": ["podcast", "small museums"],
                "fields": {
                    "title": "Podcast: what small museums learned from going online",
                    "category": NewsCategory.PODCAST,
                    "date": _days(-60),
                    "summary": (
                        "Two curators talk about their first online catalogue: what they would "
                        "do again and what they would skip."
                    ),
                },
            },
            {
                "slug": "call-for-speakers-spring-webinars",
                "themes": ["Education"],
                "audiences": ["Professional"],
                "keywords": ["webinars"],
                "fields": {
                    "title": "Call for speakers: spring webinar series",
                    "category": NewsCategory.EVENT,
                    "date": _days(-12),
                    "summary": (
                        "Share a project that worked (or did not) in a 20-minute talk. "
                        "Proposals are open for six weeks."
                    ),
                },
            },
            {
                "slug": "students-build-a-museum-quiz",
                "themes": ["Tourism", "Education"],
                "audiences": ["Visitor"],
                "keywords": ["games", "young people"],
                "fields": {
                    "title": "Students build a quiz game for a harbour museum",
                    "category": NewsCategory.GAME,
                    "date": _days(-400),
                    "summary": (
                        "A class of game-design students turned the museum's ship models into "
                        "a quiz that families play on their phones."
                    ),
                },
            },
        ],
        "resources": [
            {
                "slug": "volunteer-digitisation-handbook",
                "themes": ["Technology"],
                "audiences": ["Professional"],
                "keywords": ["digitisation", "volunteers"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Handbook: running a volunteer digitisation day",
                    "resource_type": ResourceType.HANDBOOK,
                    "date": _days(-70),
                    "summary": "Station guides, a timetable and checklists to print and adapt.",
                    "file": documents["volunteers"],
                    "attribution": ATTRIBUTION,
                },
            },
            {
                "slug": "digital-skills-survey-report",
                "themes": ["Technology", "Management"],
                "audiences": ["Professional"],
                "keywords": ["digital skills", "survey"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Survey report: digital skills in small museums",
                    "resource_type": ResourceType.DELIVERABLE,
                    "date": _days(-260),
                    "summary": (
                        "What 212 small museums said about their digital skills, tools and "
                        "training needs."
                    ),
                    "external_file_url": "https://heritagehub.example.org/files/skills-survey.pdf",
                },
            },
            {
                "slug": "object-photography-metadata-template",
                "themes": ["Technology"],
                "audiences": ["Professional"],
                "keywords": ["photography", "metadata"],
                "licence": "CC BY-SA 4.0",
                "fields": {
                    "title": "Metadata template for object photographs",
                    "resource_type": ResourceType.DOCUMENTATION,
                    "date": _days(-145),
                    "summary": "The fields to record for every object photograph, with examples.",
                    "file": documents["licences"],
                },
            },
            {
                "slug": "label-writing-checklist",
                "themes": ["Education"],
                "audiences": ["Professional"],
                "keywords": ["accessibility", "labels"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Label-writing checklist",
                    "resource_type": ResourceType.OTHER,
                    "date": _days(-38),
                    "summary": "One printable page to keep next to you when you write labels.",
                    "file": documents["labels"],
                },
            },
        ],
        "toolkit": [
            {
                "slug": "label-readability-checker",
                "image": "labels",
                "themes": ["Technology", "Education"],
                "audiences": ["Professional"],
                "keywords": ["accessibility", "labels"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Label readability checker",
                    "tool_kind": ToolKind.APP,
                    "date": _days(-6),
                    "summary": (
                        "Paste a label and see its length, long sentences and difficult words "
                        "at a glance."
                    ),
                    "app_url": "https://heritagehub.example.org/apps/readability/",
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "The checker runs in the browser, so no text leaves your "
                                "computer. It works for English, Danish and German."
                            ),
                        )
                    ],
                },
                "links": lambda ref: {
                    "linked_tools": [("tool", ref("toolkit", "plain-language-glossary"))],
                    "linked_webinars": [
                        ("webinar", ref("events", "accessible-labels-in-practice"))
                    ],
                },
            },
            {
                "slug": "object-photography-planner",
                "image": "photography",
                "themes": ["Technology"],
                "audiences": ["Professional"],
                "keywords": ["photography", "digitisation"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Object photography planner",
                    "tool_kind": ToolKind.APP,
                    "date": _days(-6),
                    "summary": (
                        "Plan a photography session: objects per hour, file names and a shot "
                        "list for each crate."
                    ),
                    "app_url": "https://heritagehub.example.org/apps/photo-planner/",
                },
                "links": lambda ref: {
                    "linked_webinars": [
                        ("webinar", ref("events", "planning-a-digitisation-day")),
                        ("webinar", ref("events", "open-licences-for-museum-images")),
                    ],
                },
            },
            {
                "slug": "plain-language-glossary",
                "themes": ["Education"],
                "audiences": ["Professional", "Visitor"],
                "keywords": ["accessibility", "web"],
                "licence": "CC BY 4.0",
                "fields": {
                    "title": "Plain-language glossary component",
                    "tool_kind": ToolKind.COMPONENT,
                    "date": _days(-6),
                    "summary": (
                        "A small script that explains technical terms on a museum web page "
                        "when a visitor taps them."
                    ),
                    "pdf": documents["labels"],
                },
                "links": lambda ref: {
                    "linked_tools": [("tool", ref("toolkit", "label-readability-checker"))],
                    "linked_webinars": [
                        ("webinar", ref("events", "accessible-labels-in-practice"))
                    ],
                },
            },
        ],
    }


PRACTICE_TYPES = ["Digitisation", "Audience development", "Organisation and management"]

# Listing images: abstract shapes drawn here, so that the demo needs no image files.
IMAGES = {
    "labels": ("Demo image: coloured label shapes", ((32, 92, 110), (240, 200, 120)), "bars"),
    "photography": ("Demo image: lens circles", ((58, 47, 84), (236, 132, 94)), "circles"),
    "volunteers": ("Demo image: arches", ((24, 98, 72), (245, 236, 214)), "arches"),
}
DOCUMENTS = {
    "labels": (
        "Writing accessible exhibition labels (PDF)",
        "accessible-exhibition-labels.pdf",
        [LABELS_TITLE, "", LABELS_SUMMARY, "", *LABELS_RECOMMENDATIONS],
    ),
    "volunteers": (
        "Running a volunteer digitisation day (PDF)",
        "volunteer-digitisation-day.pdf",
        [VOLUNTEER_TITLE, "", VOLUNTEER_SUMMARY, "", *VOLUNTEER_RESOURCES],
    ),
    "licences": (
        "Open licences for museum images: slides (PDF)",
        "open-licences-for-museum-images.pdf",
        [
            "Open licences for museum images",
            "",
            "CC0 and Public Domain Mark: no conditions.",
            "CC BY: credit the creator and the museum.",
            "CC BY-SA: credit, and share adaptations alike.",
        ],
    ),
}


def load(*, stdout) -> None:
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=english, depth=2)
    media = {"images": _images(), "documents": _documents()}
    taxonomy = _taxonomy(english)
    indexes = {section["slug"]: _index_page(home, section) for section in SECTIONS}

    pages: dict[tuple[str, str], object] = {}
    created = []
    for section_slug, specs in _page_specs(media=media).items():
        for spec in specs:
            page, was_created = _content_page(indexes[section_slug], spec, media, taxonomy)
            pages[section_slug, spec["slug"]] = page
            if was_created:
                created.append((page, spec))

    # Links between pages need every page to exist first.
    def ref(section_slug, page_slug):
        return pages[section_slug, page_slug]

    for page, spec in created:
        if "links" in spec:
            for name, value in spec["links"](ref).items():
                setattr(page, name, value)
            page.save_revision().publish()

    _translate(home, indexes, pages, taxonomy)
    stdout.write(
        f"Sections: {len(indexes)} index pages and {len(pages)} example pages "
        f"({len(created)} new); every index in {len(TRANSLATION_LANGUAGES) + 1} languages, "
        "some pages in Danish and German."
    )


def _taxonomy(english: Locale) -> dict:
    for name in PRACTICE_TYPES:
        PracticeType.objects.get_or_create(name=name, locale=english)
    return {
        "themes": {term.name: term for term in Theme.objects.filter(locale=english)},
        "audiences": {term.name: term for term in Audience.objects.filter(locale=english)},
        "licences": {term.name: term for term in Licence.objects.filter(locale=english)},
        "practice_types": {term.name: term for term in PracticeType.objects.filter(locale=english)},
    }


def _index_page(home: HomePage, section: dict):
    model = section["model"]
    index = model.objects.child_of(home).filter(slug=section["slug"]).first()
    if index is None:
        index = home.add_child(
            instance=model(
                title=section["title"],
                slug=section["slug"],
                listing_summary=section["summary"],
                intro=_p(section["intro"]),
                show_in_menus=section["menu"],
            )
        )
        index.save_revision().publish()
    return index


def _content_page(index, spec: dict, media: dict, taxonomy: dict):
    model = index.listing_model
    page = model.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is not None:
        return page, False
    page = model(slug=spec["slug"], **spec["fields"])
    page.themes = [taxonomy["themes"][name] for name in spec.get("themes", [])]
    page.audiences = [taxonomy["audiences"][name] for name in spec.get("audiences", [])]
    if "licence" in spec:
        page.licence = taxonomy["licences"][spec["licence"]]
    if "practice_type" in spec:
        page.practice_type = taxonomy["practice_types"][spec["practice_type"]]
    if "image" in spec:
        page.listing_image = media["images"][spec["image"]]
    page.keywords.add(*spec.get("keywords", []))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _translate(home: HomePage, indexes: dict, pages: dict, taxonomy: dict) -> None:
    # Snippets a translated page points at need translations of their own first.
    snippets = [
        taxonomy["practice_types"]["Digitisation"],
        taxonomy["licences"]["CC BY 4.0"],
    ]
    for language_code in TRANSLATION_LANGUAGES:
        strings = {**SECTION_TRANSLATIONS[language_code], **TRANSLATIONS.get(language_code, {})}
        _home_translation_ensure(home, language_code)
        for index in indexes.values():
            object_translation_ensure(instance=index, language_code=language_code, strings=strings)
        if language_code not in TRANSLATIONS:
            continue
        for snippet in snippets:
            object_translation_ensure(
                instance=snippet, language_code=language_code, strings=strings
            )
        for key in TRANSLATED_PAGES:
            object_translation_ensure(
                instance=pages[key], language_code=language_code, strings=strings
            )


def _home_translation_ensure(home: HomePage, language_code: str) -> None:
    """A translated index needs a translated home above it. The home page's own demo
    (cms.home.demo) translates it; should it not have reached a language, the home is
    translated here with its English wording, which a translator then replaces."""
    object_translation_ensure(instance=home, language_code=language_code, strings={})


# --- Generated media -------------------------------------------------------------------------


def _images() -> dict:
    image_model = get_image_model()
    images = {}
    for key, (title, colours, shape) in IMAGES.items():
        image = image_model.objects.filter(title=title).first()
        if image is None:
            image = image_model(title=title)
            image.file = ImageFile(_png(colours, shape), name=f"demo-{key}.png")
            image.save()
        images[key] = image
    return images


def _png(colours, shape: str) -> io.BytesIO:
    background, foreground = colours
    width, height = 1200, 630
    picture = PillowImage.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(picture)
    if shape == "bars":
        for i, top in enumerate(range(90, 540, 90)):
            draw.rounded_rectangle(
                (120, top, 120 + 900 - i * 140, top + 50), radius=25, fill=foreground
            )
    elif shape == "circles":
        for i in range(5):
            radius = 260 - i * 50
            draw.ellipse(
                (600 - radius, 315 - radius, 600 + radius, 315 + radius),
                outline=foreground,
                width=18,
            )
    else:
        for left in range(100, 1100, 250):
            draw.rectangle((left, 300, left + 170, 560), fill=foreground)
            draw.ellipse((left, 215, left + 170, 385), fill=foreground)
            draw.rectangle((left + 40, 330, left + 130, 560), fill=background)
            draw.ellipse((left + 40, 285, left + 130, 375), fill=background)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _documents() -> dict:
    document_model = get_document_model()
    documents = {}
    for key, (title, filename, lines) in DOCUMENTS.items():
        document = document_model.objects.filter(title=title).first()
        if document is None:
            document = document_model(title=title)
            document.file = ContentFile(demo_pdf(lines), name=filename)
            document.save()
        documents[key] = document
    return documents


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page PDF of a few lines of text, built by hand: quick, and no fonts to install."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT", "/F1 20 Tf", "60 780 Td", "26 TL"]
    for number, line in enumerate(lines):
        if number == 1:
            text.append("/F1 12 Tf 16 TL")
        text.append(f"({escape(line)}) Tj T*")
    text.append("ET")
    stream = zlib.compress("\n".join(text).encode("latin-1", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)
