"""A card renders every page type without a failing template lookup.

A missing attribute in a template is not free: Django calls ``dir()`` on the object to tell a
missing attribute from a broken property, which on a page costs more than the rest of the card.
"""

import django.template.base
from django.template import Context, Engine, engines

from wagtail.models import get_page_models

import pytest

from cms.core.models import BasePage


class RaiseOnInvalid(str):
    """``string_if_invalid`` that fails the render instead of printing nothing."""

    def __mod__(self, name):
        raise AssertionError(f"the card looked up a missing variable: {name}")


def card_engine() -> Engine:
    """The site's template engine, but strict."""
    site = engines["django"].engine
    return Engine(
        dirs=site.dirs,
        app_dirs=site.app_dirs,
        libraries=site.libraries,
        string_if_invalid=RaiseOnInvalid("%s"),
    )


PAGE_TYPES = sorted(
    (model for model in get_page_models() if issubclass(model, BasePage)),
    key=lambda model: model.__name__,
)


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_the_card_of_every_page_type_looks_up_only_what_the_page_has(model, home_page, monkeypatch):
    page = home_page.add_child(instance=model(title="A card", slug=f"card-{model.__name__}"))
    failed_on: list[type] = []

    def recording_dir(obj=None):
        failed_on.append(type(obj))
        return dir(obj)

    # Django calls dir() only after an attribute lookup failed (template/base.py).
    monkeypatch.setattr(django.template.base, "dir", recording_dir, raising=False)

    html = card_engine().get_template("components/page_card.html").render(Context({"card": page}))

    assert "A card" in html
    assert [kind for kind in failed_on if issubclass(kind, BasePage)] == []
