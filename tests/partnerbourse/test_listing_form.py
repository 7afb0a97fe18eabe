"""The listing form: lists sorted by name in the reader's language, errors kept on re-render."""

import re

from django.utils import translation

import pytest

from partnerbourse.forms import BoardFilterForm, ListingForm, name_sort_key


def labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value != ""]


@pytest.fixture
def listing_form(organisation):
    return ListingForm(organisation=organisation)


@pytest.mark.django_db
def test_countries_sort_by_their_english_names(listing_form):
    with translation.override("en"):
        names = labels(listing_form.fields["countries_wanted"])
    assert names == sorted(names, key=name_sort_key)
    # By name, not by code: Switzerland (CH) comes after Sweden (SE).
    assert names.index("Sweden") < names.index("Switzerland")
    assert names.index("Türkiye") < names.index("Ukraine")


@pytest.mark.django_db
def test_countries_sort_by_their_german_names(listing_form):
    with translation.override("de"):
        names = labels(listing_form.fields["countries_in"])
        languages = labels(listing_form.fields["working_languages"])
    assert names == sorted(names, key=name_sort_key)
    # Under S in German ("Schweiz"), where English has "Switzerland" after "Sweden" and "Spain".
    assert names.index("Schweiz") < names.index("Spanien")
    # Accents do not count: Österreich sorts as Osterreich, before Polen.
    assert names.index("Norwegen") < names.index("Österreich") < names.index("Polen")
    assert languages == sorted(languages, key=name_sort_key)
    assert languages.index("Deutsch") < languages.index("Englisch")


@pytest.mark.django_db
def test_the_board_filter_sorts_by_name_too(board_site):
    with translation.override("de"):
        names = labels(BoardFilterForm(themes=[]).fields["country"])
    assert names == sorted(names, key=name_sort_key)


@pytest.mark.django_db
def test_a_listing_form_with_errors_keeps_the_input_and_links_the_errors(
    client, member, organisation, board_site
):
    client.force_login(member)
    response = client.post(
        f"/en/partners/my/organisations/{organisation.pk}/listings/new/",
        {
            "kind": "partner_offer",
            "title": "",
            "description": "We digitise glass plates.",
            "language": "en",
            "programme": "creative_europe",
            "countries_wanted": ["AT", "CH"],
            "contact_person": member.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-errors" role="alert"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_closing_date"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_title_error"' in html
    assert "We digitise glass plates." in html
    wanted = re.findall(
        r'<input type="checkbox" name="countries_wanted" value="(\w+)"[^>]*checked', html
    )
    assert sorted(wanted) == ["AT", "CH"]
    assert "js/multiselect.js" in html
