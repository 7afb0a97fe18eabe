"""Reads about a user: above all, everything the site holds about them."""

from wagtail import hooks
from wagtail.models import Page

from allauth.account.models import EmailAddress

PERSONAL_DATA_EXPORT_HOOK = "export_personal_data"


def user_personal_data(*, user) -> dict:
    """Everything the site holds about one user, as JSON-ready data.

    Each app adds its own section through the ``export_personal_data`` hook: a function taking
    the user and returning ``(section_name, data)``.
    """
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "pages_owned": [
            {"title": page.title, "url": page.url, "live": page.live}
            for page in Page.objects.filter(owner=user).order_by("path")
        ],
    }
    for export in hooks.get_hooks(PERSONAL_DATA_EXPORT_HOOK):
        section, section_data = export(user)
        data[section] = section_data
    return data
