"""Demo content of the partner board: organisations (verified and not) with listings of every
kind, in original text. Idempotent: organisations that exist (by slug) are left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale

from allauth.account.models import EmailAddress

from cms.core.models import Theme

from .models import Organisation, VerificationEvidence
from .services.listings import listing_create
from .services.organisations import organisation_create


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


ORGANISATIONS = [
    {
        "slug": "museum-of-coastal-life",
        "user": "curator@coastal-life.example",
        "verified": True,
        "themes": ["Education", "Tourism"],
        "profile": {
            "name": "Museum of Coastal Life",
            "organisation_type": "museum",
            "country": "DK",
            "city": "Esbjerg",
            "website": "https://coastal-life.example",
            "description": "A regional museum of fishing, shipping and the dunes of the "
            "west coast, with a small conservation workshop and a school programme.",
            "working_languages": ["da", "en", "de"],
            "size": "small",
            "pic": "912345678",
        },
        "listings": [
            {
                "kind": "partner_request",
                "title": "Partners wanted: oral histories of fishing communities",
                "description": "We are preparing a **Creative Europe** cooperation project on "
                "the memories of fishing families around the North Sea.\n\n"
                "We look for:\n\n- a museum or archive in Italy or Poland with oral-history "
                "collections\n- a university partner for the methodology\n\n"
                "We bring three years of interviews and a touring exhibition design.",
                "language": "en",
                "programme": "creative_europe",
                "action": "European cooperation projects, small scale",
                "programme_deadline": _days(45),
                "role_sought": "partner",
                "countries_in": ["DK", "DE"],
                "countries_wanted": ["IT", "PL"],
                "organisation_types_wanted": ["museum", "archive_library", "university"],
                "working_languages": ["en"],
                "themes": ["Education"],
            },
            {
                "kind": "mentoring_offer",
                "title": "Vi tilbyder mentorforløb i publikumsformidling",
                "description": "Vores formidlingsteam tilbyder et halvt års mentorforløb til "
                "små museer, der vil udvikle skoletilbud. Et online møde om måneden og et "
                "besøg i Esbjerg.",
                "language": "da",
                "programme": "none",
                "closing_date": _days(60),
                "working_languages": ["da", "en"],
                "themes": ["Education"],
            },
        ],
    },
    {
        "slug": "bavarian-textile-archive",
        "user": "archivist@textile-archive.example",
        "verified": True,
        "themes": ["Technology"],
        "profile": {
            "name": "Bavarian Textile Archive",
            "organisation_type": "archive_library",
            "country": "DE",
            "city": "Augsburg",
            "website": "https://textile-archive.example",
            "description": "Pattern books, samples and company records of the textile "
            "industry, digitised in a long-running programme.",
            "working_languages": ["de", "en"],
            "size": "micro",
            "isil": "DE-2718",
        },
        "listings": [
            {
                "kind": "partner_offer",
                "title": "Erfahrener Partner für Digitalisierungsprojekte gesucht? Wir sind dabei",
                "description": "Wir bringen Erfahrung mit der Digitalisierung von "
                "Musterbüchern und mit offenen Lizenzen in ein **Erasmus+**-Projekt ein. "
                "Gesucht: ein Konsortium, das Weiterbildung für kleine Archive plant.",
                "language": "de",
                "programme": "erasmus_plus",
                "action": "KA220-ADU Kooperationspartnerschaften",
                "closing_date": _days(30),
                "role_sought": "partner",
                "countries_in": ["DE"],
                "working_languages": ["de", "en"],
                "themes": ["Technology"],
            },
            {
                "kind": "call",
                "title": "Host our travelling exhibition 'Threads of Industry'",
                "description": "A compact exhibition (80 m², 12 crates) on the workers of the "
                "textile mills is free to travel from next spring. Hosts pay transport and "
                "insurance; we provide texts in English and German and a teachers' guide.",
                "language": "en",
                "programme": "national",
                "closing_date": _days(20),
                "organisation_types_wanted": ["museum", "heritage_site"],
                "working_languages": ["en", "de"],
                "themes": ["Tourism"],
            },
        ],
    },
    {
        "slug": "ionian-heritage-lab",
        "user": "lab@ionian-heritage.example",
        "verified": True,
        "themes": ["Technology", "Management"],
        "profile": {
            "name": "Ionian Heritage Lab",
            "organisation_type": "university",
            "country": "GR",
            "city": "Corfu",
            "website": "https://ionian-heritage.example",
            "description": "A university research group on digital methods for historic "
            "towns and their visitors.",
            "working_languages": ["el", "en", "it"],
            "size": "medium",
            "pic": "998877665",
        },
        "listings": [
            {
                "kind": "partner_request",
                "title": "Lead partner sought for a Horizon Europe proposal on climate risk",
                "description": "We are forming a consortium on climate risks for historic "
                "harbours and need an experienced **lead partner**. We contribute sensor "
                "networks and visitor-flow models.",
                "language": "en",
                "programme": "horizon_europe",
                "action": "Cluster 2: Culture, creativity and inclusive society",
                "programme_deadline": _days(75),
                "role_sought": "lead",
                "countries_in": ["GR", "IT"],
                "countries_wanted": ["NL", "DK", "PT"],
                "organisation_types_wanted": ["heritage_site", "public_body"],
                "working_languages": ["en"],
                "themes": ["Technology", "Management"],
            },
        ],
    },
    {
        "slug": "friends-of-the-old-mill",
        "user": "volunteers@old-mill.example",
        "verified": False,
        "themes": ["Management"],
        "profile": {
            "name": "Friends of the Old Mill",
            "organisation_type": "ngo",
            "country": "IE",
            "city": "Kilkenny",
            "description": "Volunteers who run a restored watermill and its garden.",
            "working_languages": ["en"],
            "size": "micro",
        },
        "listings": [
            {
                "kind": "mentoring_seek",
                "title": "Looking for a mentor in volunteer management",
                "description": "Our board would like a mentor from a museum that works with "
                "many volunteers: recruitment, training and keeping people motivated.",
                "language": "en",
                "programme": "none",
                "closing_date": _days(40),
                "working_languages": ["en"],
                "themes": ["Management"],
            },
        ],
    },
]


def _demo_user(email: str):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"display_name": email.split("@")[0].title()}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


@transaction.atomic
def load(*, stdout) -> None:
    english = Locale.objects.filter(language_code="en").first()
    themes = {theme.name: theme for theme in Theme.objects.filter(locale=english)}
    created = 0
    for spec in ORGANISATIONS:
        if Organisation.objects.filter(slug=spec["slug"]).exists():
            continue
        user = _demo_user(spec["user"])
        organisation = organisation_create(
            user=user,
            themes=[themes[name] for name in spec["themes"] if name in themes],
            **spec["profile"],
        )
        if spec["verified"]:
            Organisation.objects.filter(pk=organisation.pk).update(
                verified_at=timezone.now(),
                verification_evidence=VerificationEvidence.EMAIL_DOMAIN,
                verification_note="Demo data.",
            )
            organisation.refresh_from_db()
        for listing in spec["listings"]:
            listing = dict(listing)
            listing["themes"] = [themes[n] for n in listing.get("themes", []) if n in themes]
            listing_create(organisation=organisation, user=user, submit=True, **listing)
        created += 1
    stdout.write(f"Partner board: {created} demo organisation(s) added.")
