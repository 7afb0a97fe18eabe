"""Fixed vocabularies of the partner board: countries, languages, organisation types, programmes.

Django has no country field and ``django-countries`` is not installed, so the board keeps its own
short lists: ISO 3166-1 alpha-2 codes of the countries taking part in the European programmes
(EU, EEA, candidates and a few common partners) and ISO 639-1 codes of the working languages.
Labels are translated; codes are what the database stores and filters on.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("AL", _("Albania")),
    ("AM", _("Armenia")),
    ("AT", _("Austria")),
    ("BA", _("Bosnia and Herzegovina")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("CA", _("Canada")),
    ("CH", _("Switzerland")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DE", _("Germany")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("ES", _("Spain")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("GE", _("Georgia")),
    ("GB", _("United Kingdom")),
    ("GR", _("Greece")),
    ("HR", _("Croatia")),
    ("HU", _("Hungary")),
    ("IE", _("Ireland")),
    ("IS", _("Iceland")),
    ("IT", _("Italy")),
    ("LI", _("Liechtenstein")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("LV", _("Latvia")),
    ("MD", _("Moldova")),
    ("ME", _("Montenegro")),
    ("MK", _("North Macedonia")),
    ("MT", _("Malta")),
    ("NL", _("Netherlands")),
    ("NO", _("Norway")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("RS", _("Serbia")),
    ("SE", _("Sweden")),
    ("SI", _("Slovenia")),
    ("SK", _("Slovakia")),
    ("TN", _("Tunisia")),
    ("TR", _("Türkiye")),
    ("UA", _("Ukraine")),
    ("US", _("United States")),
    ("XK", _("Kosovo")),
]
COUNTRY_NAMES = dict(COUNTRIES)

LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("ca", _("Catalan")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("et", _("Estonian")),
    ("eu", _("Basque")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("ga", _("Irish")),
    ("hr", _("Croatian")),
    ("hu", _("Hungarian")),
    ("is", _("Icelandic")),
    ("it", _("Italian")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("mt", _("Maltese")),
    ("nl", _("Dutch")),
    ("no", _("Norwegian")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("sr", _("Serbian")),
    ("sv", _("Swedish")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


class OrganisationType(models.TextChoices):
    MUSEUM = "museum", _("Museum")
    HERITAGE_SITE = "heritage_site", _("Heritage site")
    ARCHIVE_LIBRARY = "archive_library", _("Archive or library")
    UNIVERSITY = "university", _("University or research body")
    NGO = "ngo", _("NGO or association")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")
    NETWORK = "network", _("Network")


class OrganisationSize(models.TextChoices):
    MICRO = "micro", _("1 to 9 staff")
    SMALL = "small", _("10 to 49 staff")
    MEDIUM = "medium", _("50 to 249 staff")
    LARGE = "large", _("250 staff or more")


class Programme(models.TextChoices):
    CREATIVE_EUROPE = "creative_europe", _("Creative Europe")
    ERASMUS_PLUS = "erasmus_plus", _("Erasmus+")
    HORIZON_EUROPE = "horizon_europe", _("Horizon Europe")
    INTERREG = "interreg", _("Interreg")
    NATIONAL = "national", _("National or regional fund")
    NONE = "none", _("No specific programme")
