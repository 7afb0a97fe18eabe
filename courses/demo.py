"""Demo course: "Accessible recordings for heritage organisations", two modules built from the
sample recordings in ``courses/demo_media/`` (made by ``make_sample_recording.sh``), with
captions in English, Danish and German, chapters, a quiz per module and a certificate template.

Like the other demo loaders, every object is looked up (pages by slug, documents and images by
title, the template by name) before it is created, so a second run adds nothing. The recordings
are uploaded as Wagtail documents, so the module player is served by the site and reports
progress.
"""

# ruff: noqa: RUF001 -- the Greek translations are Greek letters, not look-alikes of Latin ones.

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.core.models import Audience, Licence, Theme
from cms.core.services import object_translation_ensure
from cms.home.demo_sections import demo_pdf as one_page_pdf
from cms.home.models import HomePage

from .models import (
    CertificateTemplate,
    CourseIndexPage,
    CoursePage,
    ModuleCaptions,
    ModuleChapter,
    ModulePage,
    QuestionKind,
    QuizAnswersShown,
    QuizQuestion,
    ScoringRule,
)
from .services.transcripts import transcript_rebuild

MEDIA_DIR = Path(__file__).resolve().parent / "demo_media"
ATTRIBUTION = "Heritage Hub editorial team"
INDEX_SLUG = "courses"
COURSE_SLUG = "accessible-recordings"
TEMPLATE_NAME = "Heritage Hub Academy certificate"
LOGO_TITLE = "Logo: Heritage Hub Academy"
LOGO_FILE = "heritage-hub-academy-logo.png"
# Demo sites loaded before certificates printed only signatures editors upload carry a drawn
# stand-in under this title; loading the demo again removes it (the demo has no signature image).
DRAWN_SIGNATURE_TITLE = "Signature: Heritage Hub Academy"


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# --- Captions ---------------------------------------------------------------------------------
# Cue times match the recordings: 30 seconds each, one cue every three to four seconds, with a
# short pause before each new part so that the chapters line up with the captions.

CAPTIONS = {
    "module-1": {
        "en": [
            (0.5, 3.5, "Welcome to the first module of this course."),
            (3.5, 7.0, "One visitor in five has a hearing, sight or learning impairment."),
            (7.0, 9.5, "Many more watch your videos with the sound off."),
            (10.0, 13.5, "European accessibility law now covers most public websites."),
            (13.5, 17.0, "Recorded media need captions, and a transcript helps everyone."),
            (17.0, 19.5, "Live streams need captions too, as soon as you can manage."),
            (20.0, 23.5, "So where do you start? With the recordings people watch most."),
            (23.5, 27.0, "Caption your three most-viewed videos this month."),
            (27.0, 29.5, "In the next module, we look at how to write good captions."),
        ],
        "da": [
            (0.5, 3.5, "Velkommen til kursets første modul."),
            (3.5, 7.0, "Hver femte besøgende har nedsat hørelse, syn eller indlæringsevne."),
            (7.0, 9.5, "Mange flere ser jeres videoer uden lyd."),
            (10.0, 13.5, "EU's tilgængelighedsregler omfatter nu de fleste offentlige websteder."),
            (13.5, 17.0, "Optagelser skal have undertekster, og en udskrift hjælper alle."),
            (17.0, 19.5, "Livestreams skal også have undertekster, så snart I kan."),
            (20.0, 23.5, "Hvor begynder man? Med de optagelser, folk ser mest."),
            (23.5, 27.0, "Undertekst jeres tre mest sete videoer i denne måned."),
            (27.0, 29.5, "I næste modul ser vi på, hvordan man skriver gode undertekster."),
        ],
        "de": [
            (0.5, 3.5, "Willkommen zum ersten Modul dieses Kurses."),
            (3.5, 7.0, "Jeder fünfte Besucher hat eine Hör-, Seh- oder Lernbeeinträchtigung."),
            (7.0, 9.5, "Viele weitere sehen Ihre Videos ohne Ton."),
            (10.0, 13.5, "Das europäische Barrierefreiheitsrecht gilt für die meisten Websites."),
            (13.5, 17.0, "Aufzeichnungen brauchen Untertitel, ein Transkript hilft allen."),
            (17.0, 19.5, "Auch Livestreams brauchen Untertitel, sobald Sie es schaffen."),
            (20.0, 23.5, "Wo fangen Sie an? Bei den Aufnahmen, die am meisten gesehen werden."),
            (23.5, 27.0, "Untertiteln Sie diesen Monat Ihre drei meistgesehenen Videos."),
            (27.0, 29.5, "Im nächsten Modul geht es darum, gute Untertitel zu schreiben."),
        ],
    },
    "module-2": {
        "en": [
            (0.5, 3.5, "Good captions are accurate, in sync and easy to read."),
            (3.5, 7.0, "Keep each caption to two lines of about forty characters."),
            (7.0, 11.0, "Name the speaker when it changes, and describe sounds that matter."),
            (12.0, 15.5, "Save your captions as WebVTT, the format browsers play."),
            (15.5, 19.0, "The hub turns the captions into a searchable transcript."),
            (19.0, 21.5, "Learners can click a line to jump to that moment."),
            (22.0, 25.5, "Finally, check your work: watch the video once with the sound off."),
            (25.5, 29.5, "Ask a colleague who relies on captions what they would change."),
        ],
        "da": [
            (0.5, 3.5, "Gode undertekster er korrekte, synkrone og lette at læse."),
            (3.5, 7.0, "Hold hver undertekst på to linjer med omkring fyrre tegn."),
            (7.0, 11.0, "Angiv, når taleren skifter, og beskriv lyde, der betyder noget."),
            (12.0, 15.5, "Gem underteksterne som WebVTT, det format browsere afspiller."),
            (15.5, 19.0, "Hubben gør underteksterne til en søgbar udskrift."),
            (19.0, 21.5, "Kursisterne kan klikke på en linje for at springe dertil."),
            (22.0, 25.5, "Til sidst: kontrollér arbejdet ved at se videoen uden lyd."),
            (25.5, 29.5, "Spørg en kollega, der bruger undertekster, hvad de ville ændre."),
        ],
        "de": [
            (0.5, 3.5, "Gute Untertitel sind genau, synchron und gut lesbar."),
            (3.5, 7.0, "Jeder Untertitel hat höchstens zwei Zeilen mit etwa vierzig Zeichen."),
            (7.0, 11.0, "Nennen Sie Sprecherwechsel und beschreiben Sie wichtige Geräusche."),
            (12.0, 15.5, "Speichern Sie die Untertitel als WebVTT, das Format der Browser."),
            (15.5, 19.0, "Der Hub macht aus den Untertiteln ein durchsuchbares Transkript."),
            (19.0, 21.5, "Lernende springen mit einem Klick auf eine Zeile an diese Stelle."),
            (22.0, 25.5, "Zum Schluss: Sehen Sie das Video einmal ohne Ton an."),
            (25.5, 29.5, "Fragen Sie eine Kollegin, die Untertitel nutzt, was sie ändern würde."),
        ],
    },
}
LANGUAGE_NAMES = {"en": "English", "da": "Danish", "de": "German"}


def webvtt(cues: list[tuple[float, float, str]]) -> str:
    def timestamp(seconds: float) -> str:
        minutes, rest = divmod(seconds, 60)
        return f"00:{int(minutes):02d}:{rest:06.3f}"

    blocks = [
        f"{number}\n{timestamp(start)} --> {timestamp(end)}\n{text}"
        for number, (start, end, text) in enumerate(cues, start=1)
    ]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


# --- Course and modules ------------------------------------------------------------------------

OVERVIEW_1 = (
    "Museums, archives and heritage sites publish more video every year: recorded webinars, "
    "curator talks, conservation time-lapses. Without captions and transcripts, a large part of "
    "the audience misses what is said, and search engines cannot find it."
)
OVERVIEW_2 = (
    "This short course is a demonstration of the hub's learning area. Each module is a brief "
    "recording with captions in three languages, an interactive transcript and a quiz. Complete "
    "both modules to receive a certificate you can share and that anyone can verify."
)
OUTCOMES = [
    "Explain who benefits from captions and transcripts, and why.",
    "Decide which of your recordings to caption first.",
    "Write captions that are accurate, in sync and easy to read.",
    "Check captions with a simple test before you publish.",
]
PREREQUISITES = (
    "None. Useful if you publish video for a museum, archive or heritage site, whether as an "
    "educator, a communications officer or a curator."
)
INDEX_SUMMARY = "Short online courses built from our webinars, with quizzes and certificates."
INDEX_INTRO = (
    "Learn at your own pace from recorded webinars: watch, check what you have learnt with a "
    "short quiz, and earn a certificate with CPD hours."
)

COURSE = {
    "title": "Accessible recordings for heritage organisations",
    "slug": COURSE_SLUG,
    "summary": (
        "Make your webinars, talks and gallery films usable by everyone: why captions and "
        "transcripts matter, and how to produce and check them without a production budget."
    ),
    "body": [("paragraph", _p(OVERVIEW_1, OVERVIEW_2))],
    "learning_outcomes": [("outcome", outcome) for outcome in OUTCOMES],
    "prerequisites": _p(PREREQUISITES),
    "cpd_hours": "0.5",
    "watched_threshold": 90,
}

MODULES = [
    {
        "key": "module-1",
        "slug": "why-accessible-media-matter",
        "title": "Why accessible media matter",
        "summary": (
            "Who is left out when a recording has no captions, what the law asks of public "
            "bodies, and where to start."
        ),
        "body": _p(
            "Watch the recording (30 seconds), then take the quiz. The transcript next to the "
            "player follows the recording; click any line to jump to that moment."
        ),
        "speakers": [
            ("speaker", {"name": "Maren Holt", "role": "Access officer", "organisation": ""}),
        ],
        "chapters": [("Who is left out", 0), ("What the law asks", 10), ("Where to start", 20)],
        "quiz": {
            "quiz_pass_mark": 70,
            "quiz_max_attempts": 3,
            "quiz_cooldown_minutes": 0,
            "quiz_answers_shown": QuizAnswersShown.AFTER_EACH_ATTEMPT,
        },
        "questions": [
            {
                "kind": QuestionKind.SINGLE_CHOICE,
                "text": "According to the module, roughly how many visitors have a hearing, "
                "sight or learning impairment?",
                "choices": [
                    ("One in five", True, "Right: and many more watch without sound."),
                    ("One in fifty", False, "Far more: about one in five."),
                    ("One in five hundred", False, "Far more: about one in five."),
                ],
                "feedback_correct": "Captions help a large share of your audience.",
                "feedback_incorrect": "Listen again to the opening of the recording.",
                "review_at_seconds": 0,
            },
            {
                "kind": QuestionKind.MULTIPLE_CHOICE,
                "scoring": ScoringRule.PARTIAL_CREDIT,
                "text": "Who benefits from captions? Choose all that apply.",
                "choices": [
                    ("Deaf and hard-of-hearing visitors", True, ""),
                    ("People watching with the sound off", True, ""),
                    ("Visitors who speak another first language", True, ""),
                    ("Nobody once the video has a transcript", False, ""),
                ],
                "feedback_correct": "Captions serve far more people than they are made for.",
                "feedback_incorrect": "A transcript does not replace captions in the video.",
                "review_at_seconds": 0,
            },
            {
                "kind": QuestionKind.TRUE_FALSE,
                "text": "Live streams never need captions.",
                "true_false_answer": False,
                "feedback_correct": "Right: live streams need captions too, as soon as you can.",
                "feedback_incorrect": "Live streams need captions too.",
                "review_at_seconds": 10,
            },
            {
                "kind": QuestionKind.SHORT_ANSWER,
                "text": "How many of your most-viewed videos does the module suggest you caption "
                "this month? Answer with a number or a word.",
                "accepted_answers": "3\nthree",
                "feedback_correct": "Start small and with what people watch most.",
                "feedback_incorrect": "The module suggests your three most-viewed videos.",
                "review_at_seconds": 20,
            },
        ],
    },
    {
        "key": "module-2",
        "slug": "captions-and-transcripts-in-practice",
        "title": "Captions and transcripts in practice",
        "summary": (
            "How to write captions people can read, turn them into a transcript, and check "
            "the result before you publish."
        ),
        "body": _p(
            "Watch the recording (30 seconds), then take the quiz. Download the checklist under "
            "Resources to keep next to your editing software."
        ),
        "speakers": [
            ("speaker", {"name": "Jonas Weber", "role": "Digital producer", "organisation": ""}),
        ],
        "chapters": [
            ("Writing good captions", 0),
            ("From captions to transcript", 12),
            ("Checking your work", 22),
        ],
        "quiz": {
            "quiz_pass_mark": 75,
            "quiz_max_attempts": 0,
            "quiz_cooldown_minutes": 1,
            # The choice feedback and "feedback when incorrect" below name the answers: they
            # wait for a pass with the answers, and "review_at_seconds" helps before then.
            "quiz_answers_shown": QuizAnswersShown.AFTER_PASSING,
        },
        "questions": [
            {
                "kind": QuestionKind.SINGLE_CHOICE,
                "text": "How long should a caption be at most?",
                "choices": [
                    ("Two lines of about forty characters", True, ""),
                    ("One full sentence, however long", False, "Long captions are hard to read."),
                    ("Four lines", False, "Four lines cover too much of the picture."),
                ],
                "feedback_correct": "Short captions can be read while watching.",
                "feedback_incorrect": "Keep captions to two short lines.",
                "review_at_seconds": 0,
            },
            {
                "kind": QuestionKind.SHORT_ANSWER,
                "text": "Which captions format do web browsers play?",
                "accepted_answers": "WebVTT\nVTT\nWeb VTT",
                "feedback_correct": "WebVTT files end in .vtt.",
                "feedback_incorrect": "It is WebVTT (.vtt).",
                "review_at_seconds": 12,
            },
            {
                "kind": QuestionKind.MULTIPLE_CHOICE,
                "scoring": ScoringRule.ALL_OR_NOTHING,
                "text": "Which belong in good captions? Choose all that apply.",
                "choices": [
                    ("A change of speaker", True, ""),
                    ("Sounds that matter, such as applause", True, ""),
                    ("Every 'um' and 'er'", False, "Leave out filler words."),
                ],
                "feedback_correct": "Captions carry what a hearing viewer would notice.",
                "feedback_incorrect": "Name speakers and meaningful sounds, skip filler words.",
                "review_at_seconds": 0,
            },
            {
                "kind": QuestionKind.TRUE_FALSE,
                "text": "Watching the video once with the sound off is a good way to check "
                "captions.",
                "true_false_answer": True,
                "feedback_correct": "It shows at once what a viewer without sound misses.",
                "feedback_incorrect": "It is a quick and revealing check.",
                "review_at_seconds": 22,
            },
        ],
    },
]

CHECKLIST_LINES = [
    "Caption checklist",
    "Two lines of about 40 characters per caption.",
    "Captions appear with the speech and stay at least one second.",
    "Name a new speaker; describe sounds that matter.",
    "Save as WebVTT (.vtt); upload one file per language.",
    "Watch once with the sound off before publishing.",
]


# The course in every site language: titles, summaries, overview, outcomes and prerequisites of
# the index, the course, its modules and the certificate; the quiz questions stay in English
# until a translator gets to them, as on a real site. Captions are per language already.
TRANSLATIONS = {
    "da": {
        "Courses": "Kurser",
        "courses": "kurser",
        INDEX_SUMMARY: (
            "Korte onlinekurser bygget på vores webinarer, med quizzer og kursusbeviser."
        ),
        INDEX_INTRO: (
            "Lær i dit eget tempo af optagede webinarer: se med, tjek det lærte med en kort quiz, "
            "og få et kursusbevis med efteruddannelsestimer (CPD)."
        ),
        OVERVIEW_1: (
            "Museer, arkiver og kulturarvssteder udgiver mere video hvert år: optagede "
            "webinarer, foredrag ved museumsinspektører, time-lapse-film fra "
            "konserveringsværkstedet. Uden undertekster og udskrifter går en stor del af "
            "publikum glip af, hvad der bliver sagt, og søgemaskinerne kan ikke finde det."
        ),
        OVERVIEW_2: (
            "Dette korte kursus viser, hvordan hubbens læringsområde fungerer. Hvert modul er en "
            "kort optagelse med undertekster på tre sprog, en interaktiv udskrift og en quiz. "
            "Gennemfør begge moduler, og få et kursusbevis, som du kan dele, og som alle kan "
            "kontrollere."
        ),
        OUTCOMES[0]: "Forklare, hvem der har gavn af undertekster og udskrifter, og hvorfor.",
        OUTCOMES[1]: "Beslutte, hvilke af jeres optagelser der skal have undertekster først.",
        OUTCOMES[2]: "Skrive undertekster, der er korrekte, synkrone og lette at læse.",
        OUTCOMES[3]: "Kontrollere undertekster med en enkel test før offentliggørelse.",
        PREREQUISITES: (
            "Ingen. Nyttigt, hvis du udgiver video for et museum, et arkiv eller et "
            "kulturarvssted, hvad enten du er formidler, kommunikationsmedarbejder eller "
            "museumsinspektør."
        ),
        ATTRIBUTION: "Heritage Hubs redaktion",
        "Certificate of completion": "Kursusbevis",
        COURSE["title"]: "Tilgængelige optagelser for kulturarvsinstitutioner",
        COURSE_SLUG: "tilgaengelige-optagelser",
        COURSE["summary"]: (
            "Gør jeres webinarer, foredrag og udstillingsfilm brugbare for alle: hvorfor "
            "undertekster og udskrifter betyder noget, og hvordan I laver og kontrollerer dem "
            "uden et produktionsbudget."
        ),
        MODULES[0]["title"]: "Derfor betyder tilgængelige medier noget",
        MODULES[0]["slug"]: "derfor-tilgaengelige-medier",
        MODULES[0]["summary"]: (
            "Hvem der bliver holdt udenfor, når en optagelse mangler undertekster, hvad loven "
            "kræver af offentlige institutioner, og hvor man begynder."
        ),
        MODULES[1]["title"]: "Undertekster og udskrifter i praksis",
        MODULES[1]["slug"]: "undertekster-og-udskrifter",
        MODULES[1]["summary"]: (
            "Sådan skriver man undertekster, der kan læses, gør dem til en udskrift og "
            "kontrollerer resultatet før offentliggørelse."
        ),
    },
    "de": {
        "Courses": "Kurse",
        "courses": "kurse",
        INDEX_SUMMARY: (
            "Kurze Onlinekurse aus unseren Webinaren, mit Quiz und Teilnahmezertifikat."
        ),
        INDEX_INTRO: (
            "Lernen Sie in Ihrem eigenen Tempo mit aufgezeichneten Webinaren: ansehen, das "
            "Gelernte mit einem kurzen Quiz überprüfen und ein Zertifikat mit Fortbildungsstunden "
            "(CPD) erhalten."
        ),
        OVERVIEW_1: (
            "Museen, Archive und Kulturerbestätten veröffentlichen jedes Jahr mehr Videos: "
            "aufgezeichnete Webinare, Vorträge von Kuratorinnen und Kuratoren, Zeitraffer aus "
            "der Restaurierungswerkstatt. Ohne Untertitel und Transkripte entgeht einem großen "
            "Teil des Publikums, was gesagt wird, und Suchmaschinen können es nicht finden."
        ),
        OVERVIEW_2: (
            "Dieser kurze Kurs stellt den Lernbereich des Hubs vor. Jedes Modul besteht aus einer "
            "kurzen Aufzeichnung mit Untertiteln in drei Sprachen, einem interaktiven Transkript "
            "und einem Quiz. Schließen Sie beide Module ab, um ein Zertifikat zu erhalten, das "
            "Sie teilen und das jeder überprüfen kann."
        ),
        OUTCOMES[0]: "Erklären, wem Untertitel und Transkripte nützen und warum.",
        OUTCOMES[1]: "Entscheiden, welche Ihrer Aufzeichnungen zuerst Untertitel bekommen.",
        OUTCOMES[2]: "Untertitel schreiben, die korrekt, synchron und gut lesbar sind.",
        OUTCOMES[3]: "Untertitel vor der Veröffentlichung mit einem einfachen Test prüfen.",
        PREREQUISITES: (
            "Keine. Nützlich, wenn Sie Videos für ein Museum, ein Archiv oder eine "
            "Kulturerbestätte veröffentlichen, ob in der Vermittlung, in der "
            "Öffentlichkeitsarbeit oder als Kuratorin oder Kurator."
        ),
        ATTRIBUTION: "Redaktion von Heritage Hub",
        "Certificate of completion": "Teilnahmezertifikat",
        COURSE["title"]: "Barrierefreie Aufzeichnungen für Kulturerbe-Einrichtungen",
        COURSE_SLUG: "barrierefreie-aufzeichnungen",
        COURSE["summary"]: (
            "Machen Sie Webinare, Vorträge und Ausstellungsfilme für alle nutzbar: warum "
            "Untertitel und Transkripte wichtig sind und wie Sie sie ohne Produktionsbudget "
            "erstellen und prüfen."
        ),
        MODULES[0]["title"]: "Warum barrierefreie Medien wichtig sind",
        MODULES[0]["slug"]: "warum-barrierefreie-medien",
        MODULES[0]["summary"]: (
            "Wen eine Aufnahme ohne Untertitel ausschließt, was das Recht von öffentlichen "
            "Einrichtungen verlangt und wo Sie anfangen."
        ),
        MODULES[1]["title"]: "Untertitel und Transkripte in der Praxis",
        MODULES[1]["slug"]: "untertitel-und-transkripte",
        MODULES[1]["summary"]: (
            "Wie Sie lesbare Untertitel schreiben, daraus ein Transkript machen und das "
            "Ergebnis vor der Veröffentlichung prüfen."
        ),
    },
    "it": {
        "Courses": "Corsi",
        "courses": "corsi",
        INDEX_SUMMARY: "Brevi corsi online nati dai nostri webinar, con quiz e attestati.",
        INDEX_INTRO: (
            "Imparate al vostro ritmo dai webinar registrati: guardate, verificate ciò che avete "
            "imparato con un breve quiz e ottenete un attestato con ore di formazione continua "
            "(CPD)."
        ),
        "Certificate of completion": "Attestato di completamento",
        COURSE["title"]: "Registrazioni accessibili per le organizzazioni del patrimonio culturale",
        COURSE_SLUG: "registrazioni-accessibili",
        COURSE["summary"]: (
            "Rendete webinar, conferenze e video delle mostre fruibili da tutti: perché "
            "sottotitoli e trascrizioni sono importanti e come realizzarli e verificarli senza un "
            "budget di produzione."
        ),
        OVERVIEW_1: (
            "Musei, archivi e siti del patrimonio pubblicano ogni anno più video: webinar "
            "registrati, conferenze dei curatori, riprese in time-lapse dei restauri. Senza "
            "sottotitoli e trascrizioni, gran parte del pubblico perde ciò che viene detto e i "
            "motori di ricerca non riescono a trovarlo."
        ),
        OVERVIEW_2: (
            "Questo breve corso è una dimostrazione dell'area di apprendimento dell'hub. Ogni "
            "modulo è una breve registrazione con sottotitoli in tre lingue, una trascrizione "
            "interattiva e un quiz. Completate entrambi i moduli per ricevere un attestato che "
            "potete condividere e che chiunque può verificare."
        ),
        OUTCOMES[0]: "Spiegare chi trae vantaggio da sottotitoli e trascrizioni, e perché.",
        OUTCOMES[1]: "Decidere quali registrazioni sottotitolare per prime.",
        OUTCOMES[2]: "Scrivere sottotitoli accurati, sincronizzati e facili da leggere.",
        OUTCOMES[3]: "Verificare i sottotitoli con un semplice test prima della pubblicazione.",
        PREREQUISITES: (
            "Nessuno. Utile se pubblicate video per un museo, un archivio o un sito del "
            "patrimonio, come educatori, addetti alla comunicazione o curatori."
        ),
        ATTRIBUTION: "Redazione di Heritage Hub",
        MODULES[0]["title"]: "Perché i media accessibili sono importanti",
        MODULES[0]["slug"]: "perche-i-media-accessibili",
        MODULES[0]["summary"]: (
            "Chi resta escluso quando una registrazione non ha sottotitoli, che cosa chiede la "
            "legge agli enti pubblici e da dove cominciare."
        ),
        MODULES[1]["title"]: "Sottotitoli e trascrizioni nella pratica",
        MODULES[1]["slug"]: "sottotitoli-e-trascrizioni",
        MODULES[1]["summary"]: (
            "Come scrivere sottotitoli leggibili, trasformarli in una trascrizione e verificare "
            "il risultato prima di pubblicarlo."
        ),
    },
    # Greek slugs are transliterated: wagtail-localize reduces a slug to ASCII.
    "el": {
        "Courses": "Μαθήματα",
        "courses": "mathimata",
        INDEX_SUMMARY: (
            "Σύντομα διαδικτυακά μαθήματα βασισμένα στα διαδικτυακά μας σεμινάρια, με κουίζ και "
            "βεβαιώσεις."
        ),
        INDEX_INTRO: (
            "Μάθετε με τον δικό σας ρυθμό από βιντεοσκοπημένα σεμινάρια: παρακολουθήστε, ελέγξτε "
            "τι μάθατε με ένα σύντομο κουίζ και αποκτήστε βεβαίωση με ώρες συνεχούς "
            "επαγγελματικής ανάπτυξης (CPD)."
        ),
        "Certificate of completion": "Βεβαίωση ολοκλήρωσης",
        COURSE["title"]: "Προσβάσιμες βιντεοσκοπήσεις για φορείς πολιτιστικής κληρονομιάς",
        COURSE_SLUG: "prosvasimes-vinteoskopiseis",
        COURSE["summary"]: (
            "Κάντε τα διαδικτυακά σεμινάρια, τις ομιλίες και τις ταινίες των εκθέσεών σας "
            "προσβάσιμα σε όλους: γιατί μετράνε οι υπότιτλοι και οι απομαγνητοφωνήσεις, και πώς "
            "να τα δημιουργήσετε και να τα ελέγξετε χωρίς προϋπολογισμό παραγωγής."
        ),
        OVERVIEW_1: (
            "Μουσεία, αρχεία και χώροι πολιτιστικής κληρονομιάς δημοσιεύουν κάθε χρόνο "
            "περισσότερα βίντεο: βιντεοσκοπημένα σεμινάρια, ομιλίες επιμελητών, βίντεο "
            "time-lapse από εργασίες συντήρησης. Χωρίς υπότιτλους και απομαγνητοφωνήσεις, μεγάλο "
            "μέρος του κοινού χάνει όσα λέγονται και οι μηχανές αναζήτησης δεν μπορούν να τα "
            "βρουν."
        ),
        OVERVIEW_2: (
            "Αυτό το σύντομο μάθημα παρουσιάζει τον χώρο μάθησης του κόμβου. Κάθε ενότητα είναι "
            "μια σύντομη βιντεοσκόπηση με υπότιτλους σε τρεις γλώσσες, μια διαδραστική "
            "απομαγνητοφώνηση και ένα κουίζ. Ολοκληρώστε και τις δύο ενότητες για να λάβετε μια "
            "βεβαίωση που μπορείτε να μοιραστείτε και που ο καθένας μπορεί να επαληθεύσει."
        ),
        OUTCOMES[0]: (
            "Να εξηγείτε ποιοι ωφελούνται από τους υπότιτλους και τις απομαγνητοφωνήσεις, και "
            "γιατί."
        ),
        OUTCOMES[1]: "Να αποφασίζετε ποιες βιντεοσκοπήσεις σας θα υποτιτλίσετε πρώτες.",
        OUTCOMES[2]: "Να γράφετε υπότιτλους ακριβείς, συγχρονισμένους και ευανάγνωστους.",
        OUTCOMES[3]: "Να ελέγχετε τους υπότιτλους με ένα απλό τεστ πριν από τη δημοσίευση.",
        PREREQUISITES: (
            "Καμία. Χρήσιμο αν δημοσιεύετε βίντεο για ένα μουσείο, ένα αρχείο ή έναν χώρο "
            "πολιτιστικής κληρονομιάς, είτε ως εκπαιδευτικός είτε ως υπεύθυνος επικοινωνίας είτε "
            "ως επιμελητής."
        ),
        ATTRIBUTION: "Συντακτική ομάδα του Heritage Hub",
        MODULES[0]["title"]: "Γιατί έχουν σημασία τα προσβάσιμα μέσα",
        MODULES[0]["slug"]: "giati-prosvasima-mesa",
        MODULES[0]["summary"]: (
            "Ποιοι μένουν εκτός όταν μια βιντεοσκόπηση δεν έχει υπότιτλους, τι ζητά ο νόμος από "
            "τους δημόσιους φορείς και από πού να ξεκινήσετε."
        ),
        MODULES[1]["title"]: "Υπότιτλοι και απομαγνητοφωνήσεις στην πράξη",
        MODULES[1]["slug"]: "ypotitloi-kai-apomagnitofoniseis",
        MODULES[1]["summary"]: (
            "Πώς να γράφετε ευανάγνωστους υπότιτλους, να τους μετατρέπετε σε απομαγνητοφώνηση "
            "και να ελέγχετε το αποτέλεσμα πριν από τη δημοσίευση."
        ),
    },
}


@dataclass
class DemoCourse:
    index: CourseIndexPage
    course: CoursePage
    modules: list[ModulePage]


def load(*, stdout) -> DemoCourse:
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=english, depth=2)
    index = _index_page(home)
    template = _certificate_template(english)
    course, course_created = _course(index, template, english)
    checklist = _document(
        "Caption checklist (demo course)",
        "caption-checklist.pdf",
        lambda: one_page_pdf(CHECKLIST_LINES),
    )
    modules, created = [], 0
    for spec in MODULES:
        module, module_created = _module(course, spec, english, checklist)
        modules.append(module)
        created += module_created
    # Translations follow their source, parents first, as an editor would translate them.
    for language_code, strings in TRANSLATIONS.items():
        for instance in (index, template, course, *modules):
            object_translation_ensure(
                instance=instance, language_code=language_code, strings=strings
            )
    stdout.write(
        f"Courses: demo course with {len(modules)} modules "
        f"({'new' if course_created else 'existing'}; {created} new modules)."
    )
    return DemoCourse(index=index, course=course, modules=modules)


def _index_page(home: HomePage) -> CourseIndexPage:
    index = CourseIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="Courses",
                slug=INDEX_SLUG,
                listing_summary=INDEX_SUMMARY,
                intro=_p(INDEX_INTRO),
                show_in_menus=True,
            )
        )
        index.save_revision().publish()
    return index


def _certificate_template(english: Locale) -> CertificateTemplate:
    """The demo's certificate template: the academy's logo, and the signatory's name and role
    without a signature image, as a site shows them until an editor uploads a real signature."""
    drawn_signature_removed = _drawn_signature_remove()
    template = CertificateTemplate.objects.filter(name=TEMPLATE_NAME, locale=english).first()
    if template is None:
        template = CertificateTemplate.objects.create(
            name=TEMPLATE_NAME,
            locale=english,
            heading="Certificate of completion",
            body=(
                "{learner} has completed the course {course}, a Heritage Hub Academy course "
                "for museum and heritage professionals, worth {hours} CPD hours, on {date}."
            ),
            issuer_name="Heritage Hub Academy",
            logo=_logo_image(),
            signatory_name="Maren Holt",
            signatory_role="Programme lead, Heritage Hub Academy",
            validity_months=0,
        )
    elif drawn_signature_removed and template.logo is None:
        # A template from before logos existed: it gets the logo along with losing the drawing.
        template.logo = _logo_image()
        template.save(update_fields=["logo"])
    return template


def _course(index, template, english) -> tuple[CoursePage, bool]:
    course = CoursePage.objects.child_of(index).filter(slug=COURSE_SLUG).first()
    if course is not None:
        return course, False
    course = CoursePage(
        title=COURSE["title"],
        slug=COURSE["slug"],
        summary=COURSE["summary"],
        body=COURSE["body"],
        learning_outcomes=COURSE["learning_outcomes"],
        prerequisites=COURSE["prerequisites"],
        course_language="en",
        level="introductory",
        cpd_hours=COURSE["cpd_hours"],
        enrolment_open=True,
        watched_threshold=COURSE["watched_threshold"],
        certificate_template=template,
        attribution=ATTRIBUTION,
        licence=Licence.objects.filter(name="CC BY 4.0", locale=english).first(),
    )
    course.themes = list(Theme.objects.filter(name__in=["Education", "Technology"], locale=english))
    course.audiences = list(Audience.objects.filter(name="Professional", locale=english))
    course.keywords.add("accessibility", "captions", "video")
    index.add_child(instance=course)
    course.save_revision().publish()
    return course, True


def _module(course, spec, english, checklist) -> tuple[ModulePage, bool]:
    module = ModulePage.objects.child_of(course).filter(slug=spec["slug"]).first()
    if module is not None:
        return module, False
    number = spec["key"].split("-")[1]
    video = _document(
        f"Sample recording: {spec['title']}",
        f"sample-recording-{number}.webm",
        lambda: (MEDIA_DIR / f"sample-recording-{number}.webm").read_bytes(),
    )
    module = ModulePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        body=[("paragraph", spec["body"])],
        video_file=video,
        duration_seconds=30,
        speakers=spec["speakers"],
        resources=[("document", checklist)],
        is_required=True,
        attribution=ATTRIBUTION,
        **spec["quiz"],
        quiz_shuffle_choices=True,
    )
    for language, cues in CAPTIONS[spec["key"]].items():
        captions = _document(
            f"Captions ({LANGUAGE_NAMES[language]}): {spec['title']}",
            f"{spec['slug']}.{language}.vtt",
            lambda cues=cues: webvtt(cues).encode(),
        )
        module.captions.add(ModuleCaptions(language=language, file=captions))
    for title, start in spec["chapters"]:
        module.chapters.add(ModuleChapter(title=title, start_seconds=start, locale=english))
    for question in spec["questions"]:
        module.questions.add(_question(question, english))
    module.keywords.add("accessibility", "captions")
    course.add_child(instance=module)
    # Publishing queues a rebuild of the transcript from the captions (courses.receivers); with
    # a database tasks backend it waits for a worker, so the demo rebuilds it here at once.
    module.save_revision().publish()
    transcript_rebuild(module=module)
    return module, True


def _question(spec: dict, english: Locale) -> QuizQuestion:
    # Raw StreamField data with block ids fixed now: answers and item analysis refer to them.
    choices = [
        {
            "type": "choice",
            "id": str(uuid.uuid4()),
            "value": {"text": text, "is_correct": correct, "feedback": feedback},
        }
        for text, correct, feedback in spec.get("choices", [])
    ]
    fields = {key: value for key, value in spec.items() if key != "choices"}
    return QuizQuestion(locale=english, choices=choices, **fields)


# --- Media -----------------------------------------------------------------------------------


def _document(title: str, filename: str, content):
    """The document with this title, uploaded from ``content()`` the first time."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first()
    if document is None:
        document = document_model(title=title)
        document.file = File(io.BytesIO(content()), name=filename)
        document.save()
    return document


def _logo_image():
    """The academy's logo, uploaded once from ``demo_media``."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=LOGO_TITLE).first()
    if image is None:
        image = image_model(title=LOGO_TITLE)
        image.file = ImageFile(io.BytesIO((MEDIA_DIR / LOGO_FILE).read_bytes()), name=LOGO_FILE)
        image.save()
    return image


def _drawn_signature_remove() -> bool:
    """Delete the signature drawing earlier demo loads uploaded; True if there was one.

    Matched by title and by the file name the loader gave it, so a real signature an editor
    uploaded in its place (a new file) is kept. Templates that used it are left without a
    signature image (the foreign key is SET_NULL).
    """
    deleted, _by_model = (
        get_image_model()
        .objects.filter(
            title=DRAWN_SIGNATURE_TITLE, file__startswith="original_images/demo-signature"
        )
        .delete()
    )
    return bool(deleted)
