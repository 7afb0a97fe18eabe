"""How django-axes identifies the account a log-in attempt is aimed at."""

USERNAME_KEYS = ("email", "username", "login")


def username_from_request(request, credentials: dict | None) -> str | None:
    """The account an attempt targets, however the login form names the field.

    The site's login (allauth) authenticates with ``email`` (its form field is ``login``); the
    Wagtail admin sends ``username``. Both must count towards the same lockout, so the value is
    normalised the way accounts are stored. The credentials come first: they are what was
    actually checked, whereas the request may carry other fields named ``email``.
    """
    data = getattr(request, "POST", {}) if request is not None else {}
    for source in (credentials or {}, data):
        for key in USERNAME_KEYS:
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None
