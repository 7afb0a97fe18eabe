"""The shared passwords of private pages and collections cannot be guessed from one address.

Wagtail's password forms have no account and no limit of their own; wrong guesses from one
address are counted over every page and collection together, the address is refused (429) once
they reach the limit, right password included, and other addresses are not affected.
"""

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from cms.core.privacy_passwords import WRONG_GUESS_RATE
from cms.standardpages.factories import StandardPageFactory

ATTACKER = "203.0.113.77"
BYSTANDER = "198.51.100.21"
LIMIT = int(WRONG_GUESS_RATE.split("/")[0])
PAGES = 100
GUESSES_PER_PAGE = 2


def page_password_url(page) -> str:
    restriction = PageViewRestriction.objects.get(page=page)
    return reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])


def try_page_password(client, page, password):
    return client.post(page_password_url(page), {"password": password, "return_url": page.url})


def private_page(parent, n) -> object:
    page = StandardPageFactory(parent=parent, title=f"Board minutes {n}", slug=f"minutes-{n}")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=f"secret-{n}"
    )
    return page


@pytest.fixture
def private_pages(home_page):
    return [private_page(home_page, n) for n in range(PAGES)]


def test_the_limit_is_far_below_what_spreading_over_pages_tries():
    assert LIMIT * 4 <= PAGES * GUESSES_PER_PAGE


def test_guesses_spread_over_many_pages_are_refused_after_the_limit(private_pages):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    codes = [
        try_page_password(attacker, page, f"guess {n}").status_code
        for page in private_pages
        for n in range(GUESSES_PER_PAGE)
    ]

    assert codes[:LIMIT] == [200] * LIMIT  # the form again, with its error
    assert set(codes[LIMIT:]) == {429}


def test_the_refused_address_cannot_use_the_right_password_either(private_pages):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for page in private_pages[:LIMIT]:
        try_page_password(attacker, page, "guess")
    page = private_pages[-1]

    response = try_page_password(attacker, page, "secret-99")

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert "Board minutes 99" not in attacker.get(page.url).content.decode()


def test_another_address_opens_a_page_with_the_right_password(private_pages):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for page in private_pages[:LIMIT]:
        try_page_password(attacker, page, "guess")
    page = private_pages[0]  # the attacker guessed at it too

    visitor = Client(REMOTE_ADDR=BYSTANDER)
    response = try_page_password(visitor, page, "secret-0")

    assert response.status_code == 302
    assert response["Location"] == page.url
    shown = visitor.get(page.url)
    assert shown.status_code == 200
    assert "Board minutes 0" in shown.content.decode()


def test_right_passwords_do_not_use_up_the_budget(private_pages):
    """Colleagues at one office address each open the page: only wrong guesses count."""
    office = Client(REMOTE_ADDR=BYSTANDER)
    for _ in range(LIMIT + 5):
        assert try_page_password(office, private_pages[0], "secret-0").status_code == 302
    assert try_page_password(office, private_pages[1], "wrong").status_code == 200


def test_showing_the_form_is_not_a_guess(private_pages):
    visitor = Client(REMOTE_ADDR=BYSTANDER)
    for page in private_pages[: LIMIT + 2]:
        assert visitor.get(page.url).status_code == 200
        assert visitor.get(page_password_url(page)).status_code == 200

    assert try_page_password(visitor, private_pages[0], "secret-0").status_code == 302


def collection_with_password(n) -> tuple[CollectionViewRestriction, Document]:
    collection = Collection.get_first_root_node().add_child(name=f"Embargoed {n}")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=f"embargo-{n}",
    )
    document = Document.objects.create(
        title=f"release-{n}.txt",
        file=ContentFile(b"embargoed", name=f"release-{n}.txt"),
        collection=collection,
    )
    return restriction, document


def try_document_password(client, restriction, document, password):
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    return client.post(url, {"password": password, "return_url": document.url})


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def test_collection_passwords_are_limited_the_same_way(db, media_root):
    collections = [collection_with_password(n) for n in range(LIMIT + 3)]
    attacker = Client(REMOTE_ADDR=ATTACKER)

    codes = [
        try_document_password(attacker, restriction, document, "guess").status_code
        for restriction, document in collections
    ]

    assert codes[:LIMIT] == [200] * LIMIT
    assert set(codes[LIMIT:]) == {429}
    restriction, document = collections[-1]
    assert (
        try_document_password(attacker, restriction, document, f"embargo-{LIMIT + 2}").status_code
        == 429
    )

    visitor = Client(REMOTE_ADDR=BYSTANDER)
    assert (
        try_document_password(visitor, restriction, document, f"embargo-{LIMIT + 2}").status_code
        == 302
    )
    assert visitor.get(document.url).status_code == 200


def test_page_and_collection_guesses_share_one_budget(home_page, media_root):
    pages = [private_page(home_page, n) for n in range(LIMIT // 2)]
    collections = [collection_with_password(n) for n in range(LIMIT - len(pages))]
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for page in pages:
        assert try_page_password(attacker, page, "guess").status_code == 200
    for restriction, document in collections:
        assert try_document_password(attacker, restriction, document, "guess").status_code == 200

    extra = private_page(home_page, 999)
    assert try_page_password(attacker, extra, "secret-999").status_code == 429
