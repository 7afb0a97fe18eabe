"""Demo taxonomy: the themes, audiences and licences editors pick from, in every site language."""

from wagtail.models import Locale

from .models import Audience, Licence, Theme
from .services import object_translation_ensure

THEMES = {
    "Technology": {"da": "Teknologi", "de": "Technologie", "it": "Tecnologia", "el": "Τεχνολογία"},
    "Management": {"da": "Ledelse", "de": "Management", "it": "Gestione", "el": "Διοίκηση"},
    "Tourism": {"da": "Turisme", "de": "Tourismus", "it": "Turismo", "el": "Τουρισμός"},
    "Education": {
        "da": "Formidling og læring",
        "de": "Bildung und Vermittlung",
        "it": "Educazione e mediazione",
        "el": "Εκπαίδευση και μάθηση",
    },
    "Other": {"da": "Andet", "de": "Sonstiges", "it": "Altro", "el": "Άλλο"},
}
AUDIENCES = {
    "Professional": {
        "da": "Fagfolk",
        "de": "Fachleute",
        "it": "Professionisti",
        "el": "Επαγγελματίες",
    },
    "Visitor": {"da": "Besøgende", "de": "Besucher", "it": "Visitatori", "el": "Επισκέπτες"},
}
LICENCES = {
    "CC BY 2.0": "https://creativecommons.org/licenses/by/2.0/",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "All rights reserved": "",
}


def load(*, stdout) -> None:
    english = Locale.objects.get(language_code="en")
    for model, names in ((Theme, THEMES), (Audience, AUDIENCES)):
        for name, translations in names.items():
            term, _created = model.objects.get_or_create(name=name, locale=english)
            for language_code, translated in translations.items():
                object_translation_ensure(
                    instance=term, language_code=language_code, strings={name: translated}
                )
    for name, url in LICENCES.items():
        Licence.objects.get_or_create(name=name, locale=english, defaults={"url": url})
    stdout.write("Taxonomy: themes, audiences and licences ready.")
