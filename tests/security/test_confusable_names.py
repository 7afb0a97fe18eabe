"""Names people can abuse: an organisation name that only looks like another one's (Cyrillic or
Greek look-alike letters, zero-width characters, a soft hyphen, fullwidth letters, other case or
spacing) is refused wherever an organisation is created or renamed, and invisible and bidi
control characters never reach a stored name, display name or listing title.
"""

import importlib

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.core.text import display_text, name_folded_skeleton, name_skeleton
from cms.users.factories import UserFactory
from partnerbourse.factories import OrganisationFactory, OrganisationMembershipFactory
from partnerbourse.models import Listing, MembershipRole, Organisation
from partnerbourse.services.listings import listing_create
from partnerbourse.services.organisations import organisation_create, organisation_update

EXISTING = "Copenhagen Design Museum"
# The Acropolis Museum, in Greek ("Mouseio Akropolis").
GREEK = (
    "\u039c\u03bf\u03c5\u03c3\u03b5\u03af\u03bf"
    " \u0391\u03ba\u03c1\u03cc\u03c0\u03bf\u03bb\u03b7\u03c2"
)
REFUSED = "looks the same"

# Each is EXISTING to a reader (or to the board's search), spelt with other code points.
LOOK_ALIKES = {
    "cyrillic a": "Copenh\u0430gen Design Museum",
    "cyrillic e": "Cop\u0435nhagen Design Museum",
    "cyrillic o": "C\u043epenhagen Design Museum",
    "cyrillic er": "Co\u0440enhagen Design Museum",
    "cyrillic es": "\u0441openhagen design museum",
    "cyrillic capital es": "\u0421openhagen Design Museum",
    "cyrillic dze": "Copenhagen De\u0455ign Museum",
    "cyrillic i": "Copenhagen Des\u0456gn Museum",
    "several cyrillic": "\u0421\u043e\u0440\u0435nh\u0430gen De\u0455\u0456gn Museum",
    "greek omicron": "C\u03bfpenhagen Design Museum",
    "greek capital omicron and mu": "Copenhagen Design \u039cuseum",
    "zero-width space at the end": "Copenhagen Design Museum\u200b",
    "zero-width space inside": "Copen\u200bhagen Design Museum",
    "zero-width joiner": "Copen\u200dhagen Design Museum",
    "zero-width non-joiner": "Copenhagen\u200c Design Museum",
    "word joiner": "Copenhagen Design\u2060 Museum",
    "byte order mark": "\ufeffCopenhagen Design Museum",
    "soft hyphen": "Copen\u00adhagen Design Museum",
    "right-to-left override": "Copenhagen Design Museum\u202e",
    "bidi isolate": "\u2066Copenhagen Design Museum\u2069",
    "left-to-right mark": "\u200eCopenhagen Design Museum",
    "hangul filler": "Copenhagen Design Museum\u3164",
    "fullwidth": "\uff23\uff4f\uff50\uff45\uff4e\uff48\uff41\uff47\uff45\uff4e Design Museum",
    "cyrillic capital i in capitals": "COPENHAGEN DES\u0406GN MUSEUM",
    "greek capital mu in capitals": "COPENHAGEN DESIGN \u039cUSEUM",
    "greek upsilon": "Copenhagen Design M\u03c5seum",
    "upper case": "COPENHAGEN DESIGN MUSEUM",
    "lower case": "copenhagen design museum",
    "extra spaces": "  Copenhagen   Design  Museum ",
    "no-break space": "Copenhagen\u00a0Design Museum",
    "ideographic space and tab": "Copenhagen\u3000Design\tMuseum",
    "mixed": "\u0421OPENH\u0410GEN\u200b  de\u0455ign\u00ad MUSEUM",
}


def profile(name: str, **overrides) -> dict:
    data = {
        "name": name,
        "organisation_type": "museum",
        "country": "DK",
        "city": "Copenhagen",
        "website": "",
        "description": "",
        "working_languages": ["da"],
        "size": "",
        "pic": "",
        "oid": "",
        "isil": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def existing(db):
    return organisation_create(user=UserFactory(), **profile(EXISTING))


@pytest.fixture
def signed_in(client, user, home_page):
    client.force_login(user)
    return client


def create_through_the_form(client, name: str):
    return client.post(reverse("partnerbourse:organisation_create"), profile(name))


def name_errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("name", [])]


@pytest.mark.parametrize("name", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_name_is_refused_with_an_error_on_the_name(signed_in, existing, name):
    response = create_through_the_form(signed_in, name)

    assert response.status_code == 200
    [error] = name_errors(response)
    assert REFUSED in error and "such as the city" in error
    assert REFUSED in response.content.decode()
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("name", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_the_service_refuses_a_look_alike_whoever_calls_it(existing, name):
    with pytest.raises(ValidationError) as refused:
        organisation_create(user=UserFactory(), **profile(name))

    assert refused.value.error_dict["name"][0].code == "name_taken"
    assert Organisation.objects.count() == 1


def test_look_alikes_of_a_factory_made_organisation_are_refused_too(signed_in):
    OrganisationFactory(name="Harbour Museum")

    response = create_through_the_form(signed_in, "Harb\u043eur Mu\u0455eum")

    assert REFUSED in name_errors(response)[0]


@pytest.mark.parametrize(
    ("existing_name", "look_alike"),
    [
        ("Museum 1914", "Museum l9l4"),  # TR39 counts 1 and l as one
        ("Studio 10", "Studio IO"),
        ("Photo Archive", "\u03a1hoto Archive"),  # Greek capital rho
        ("Kunsthal Aarhus", "Kunsthal Aarhus\ufe0f"),  # a variation selector after a letter
    ],
)
def test_digits_and_other_scripts_that_pass_for_latin_letters_count_as_the_same(
    signed_in, existing_name, look_alike
):
    OrganisationFactory(name=existing_name)

    assert REFUSED in name_errors(create_through_the_form(signed_in, look_alike))[0]


@pytest.mark.parametrize(
    "name",
    [
        "Copenhagen Design School",
        "Copenhagen Design Museum Library",
        "Aarhus Design Museum",
        "Designmuseum Danmark",
    ],
)
def test_a_genuinely_different_name_is_accepted(signed_in, existing, name):
    response = create_through_the_form(signed_in, name)

    assert response.status_code == 302
    assert Organisation.objects.filter(name=name).exists()


@pytest.mark.parametrize(
    "name",
    [
        GREEK,
        "Nationalmuseet \u00c6",
        "\u00c6r\u00f8 Museum",
        "\u041c\u0443\u0437\u0435\u0439 \u0438\u0441\u0442\u043e\u0440\u0438\u0438"
        " \u041a\u0438\u0435\u0432\u0430",
        "\u0645\u062a\u062d\u0641 \u0627\u0644\u0641\u0646"
        " \u0627\u0644\u0625\u0633\u0644\u0627\u0645\u064a",
        "\u05de\u05d5\u05d6\u05d9\u05d0\u05d5\u05df \u05d9\u05e9\u05e8\u05d0\u05dc",
    ],
    ids=["greek", "danish", "danish ae and o-slash", "cyrillic", "arabic", "hebrew"],
)
def test_a_legitimate_non_latin_name_is_accepted_and_stored_as_typed(signed_in, existing, name):
    response = create_through_the_form(signed_in, name)

    assert response.status_code == 302
    assert Organisation.objects.filter(name=name).exists()


def test_a_greek_name_is_protected_from_latin_look_alikes_too(signed_in):
    assert create_through_the_form(signed_in, GREEK).status_code == 302

    # A Latin M, o and A in place of the Greek capital mu, omicron and alpha.
    latin_letters = (
        "M\u03bf\u03c5\u03c3\u03b5\u03af\u03bf A\u03ba\u03c1\u03cc\u03c0o\u03bb\u03b7\u03c2"
    )
    response = create_through_the_form(signed_in, latin_letters)

    assert REFUSED in name_errors(response)[0]
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("existing_name", "variant"),
    [
        (GREEK, GREEK.upper()),  # with the accents capitals keep in Unicode
        (
            GREEK,
            "\u039c\u039f\u03a5\u03a3\u0395\u0399\u039f"
            " \u0391\u039a\u03a1\u039f\u03a0\u039f\u039b\u0397\u03a3",
        ),
        ("Mus\u00e9e des Beaux-Arts", "MUSEE DES BEAUX-ARTS"),
        ("\u041c\u0443\u0437\u0435\u0439", "\u041c\u0423\u0417\u0415\u0419"),
    ],
    ids=["greek capitals", "greek capitals without accents", "french", "cyrillic capitals"],
)
def test_a_name_in_capitals_or_without_accents_is_the_same_name(signed_in, existing_name, variant):
    OrganisationFactory(name=existing_name)

    assert REFUSED in name_errors(create_through_the_form(signed_in, variant))[0]


def test_every_other_error_is_shown_with_the_name_error(signed_in, existing):
    response = signed_in.post(
        reverse("partnerbourse:organisation_create"),
        profile(LOOK_ALIKES["cyrillic dze"], pic="12"),
    )

    errors = response.context["form"].errors
    assert REFUSED in errors["name"][0]
    assert "pic" in errors


def test_renaming_to_a_look_alike_is_refused_in_the_form(client, existing, home_page):
    other = organisation_create(user=(admin := UserFactory()), **profile("Aarhus Design Museum"))
    client.force_login(admin)

    response = client.post(
        reverse("partnerbourse:organisation_edit", args=[other.pk]),
        profile(LOOK_ALIKES["greek omicron"]),
    )

    assert response.status_code == 200
    assert REFUSED in name_errors(response)[0]
    other.refresh_from_db()
    assert other.name == "Aarhus Design Museum"


def test_an_organisation_keeps_or_restyles_its_own_name(existing):
    admin = existing.memberships.get().user

    organisation_update(organisation=existing, user=admin, **profile(EXISTING, city="Aarhus"))
    organisation_update(organisation=existing, user=admin, **profile("COPENHAGEN Design Museum"))

    existing.refresh_from_db()
    assert existing.name == "COPENHAGEN Design Museum"


def test_a_closed_organisations_name_is_free_again(signed_in, existing):
    Organisation.objects.filter(pk=existing.pk).update(closed_at=timezone.now())

    response = create_through_the_form(signed_in, EXISTING)

    assert response.status_code == 302
    assert Organisation.objects.filter(name=EXISTING, closed_at__isnull=True).count() == 1


def test_the_database_refuses_a_look_alike_that_slips_past_the_check(existing):
    # Two requests at once both pass the check; the unique constraint decides, and the loser
    # gets the same form error rather than a server error.
    from partnerbourse.services import organisations as services

    original = services._name_taken
    calls = []

    def first_check_misses(organisation):
        calls.append(organisation)
        return False if len(calls) == 1 else original(organisation)

    services._name_taken = first_check_misses
    try:
        with pytest.raises(ValidationError) as refused:
            organisation_create(user=UserFactory(), **profile(LOOK_ALIKES["cyrillic e"]))
    finally:
        services._name_taken = original

    assert refused.value.error_dict["name"][0].code == "name_taken"
    assert Organisation.objects.count() == 1


def test_the_check_is_one_query(existing, django_assert_num_queries):
    from partnerbourse.services.organisations import _name_taken

    candidate = Organisation(name=EXISTING.upper(), name_skeleton=name_skeleton(EXISTING))
    with django_assert_num_queries(1):
        assert _name_taken(candidate)


def test_the_stored_name_has_no_invisible_or_bidi_characters(signed_in):
    create_through_the_form(signed_in, "\u202eHeritage\u200b Lab\u2066\u00ad\u2069 ")

    organisation = Organisation.objects.get()
    assert organisation.name == "Heritage Lab"
    assert organisation.name_skeleton == name_skeleton("heritage lab")


def test_a_name_of_invisible_characters_only_is_no_name(signed_in):
    response = create_through_the_form(signed_in, "\u200b\u202e\u3164")

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_existing_organisations_get_their_keys_and_later_look_alikes_none(db):
    migration = importlib.import_module("partnerbourse.migrations.0005_organisation_name_skeleton")
    older = OrganisationFactory(name="Museum of Art")
    unset = {"name_skeleton": None, "name_skeleton_folded": None}
    later = OrganisationFactory(name="Mu\u0455eum of Art", **unset)
    closed = OrganisationFactory(
        name="MUSEUM OF ART", slug="closed", closed_at=timezone.now(), **unset
    )
    other = OrganisationFactory(name="Gallery of Art")
    Organisation.objects.update(name_skeleton=None, name_skeleton_folded=None)

    migration.fill_name_skeletons(apps, None)

    for organisation in (older, later, closed, other):
        organisation.refresh_from_db()
    assert older.name_skeleton == name_skeleton("Museum of Art")
    assert older.name_skeleton_folded == name_folded_skeleton("Museum of Art")
    # A look-alike from before the rule keeps its name, but not the key it would share.
    assert later.name_skeleton is None
    # Closed organisations are outside the constraints: they keep their keys.
    assert closed.name_skeleton == older.name_skeleton
    assert other.name_skeleton == name_skeleton("Gallery of Art")

    # The later one keeps working, but the next profile save asks for a name of its own.
    admin = OrganisationMembershipFactory(organisation=later, role=MembershipRole.ADMIN).user
    with pytest.raises(ValidationError):
        organisation_update(organisation=later, user=admin, **profile(later.name))
    organisation_update(organisation=later, user=admin, **profile("Museum of Art, Odense"))
    later.refresh_from_db()
    assert later.name_skeleton == name_skeleton("Museum of Art, Odense")


def test_a_listing_title_loses_bidi_and_zero_width_characters(poster, poster_organisation):
    listing = listing_create(
        organisation=poster_organisation,
        user=poster,
        submit=False,
        kind="partner_request",
        title="\u202eexe.gnp\u200b Partners wanted",
        description="A project.",
        language="en",
        programme="creative_europe",
        closing_date=timezone.localdate() + timezone.timedelta(days=10),
    )

    assert Listing.objects.get(pk=listing.pk).title == "exe.gnp Partners wanted"


@pytest.mark.parametrize(
    "typed",
    ["\u202eAlice\u200b", "Alice\u2066", "\u200fAlice", "Al\u00adice", "Alice\ufeff"],
)
def test_a_display_name_loses_bidi_and_zero_width_characters(client, user, home_page, typed):
    client.force_login(user)

    client.post(reverse("users:profile"), {"display_name": typed})

    user.refresh_from_db()
    assert user.display_name == "Alice"


def test_a_display_name_of_hangul_fillers_is_no_name(client, user, home_page):
    client.force_login(user)
    before = user.display_name

    response = client.post(reverse("users:profile"), {"display_name": "\u3164\u3164"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.display_name == before


def test_administrators_cannot_store_bidi_characters_in_a_display_name(admin_client):
    person = UserFactory(email="person@example.org", display_name="Before")

    response = admin_client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": person.email,
            "first_name": "Mallory",
            "last_name": "Example",
            "display_name": "\u202eMallory\u200b",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "Mallory"


def test_joiners_that_spell_a_word_stay_in_display_text():
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a ZWNJ
    assert display_text(persian) == persian
    assert display_text("Mu\u200cseum") == "Museum"
