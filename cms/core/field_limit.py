"""``DATA_UPLOAD_MAX_NUMBER_FIELDS`` with a value that one request can raise for itself.

Django reads the setting while it parses a form (``QueryDict``, ``MultiPartParser``) and has no
per-view limit. The site keeps Django's small default for everyone, while the Wagtail page
editor posts several fields per StreamField block and a long page needs thousands: the request
limits middleware raises the limit for editors' admin requests only (``field_limit_raised``).

A setting is shared by every thread of a process, so the raised value lives in a context
variable, which each request's thread (or task) has to itself; changing the setting instead
would raise the limit for every request served at the same moment.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_raised: ContextVar[int | None] = ContextVar("data_upload_max_number_fields", default=None)


class RequestFieldLimit(int):
    """An int that stands for the default, or the raised value inside ``field_limit_raised``.

    Django compares it (``limit < count``) and adds to it (``limit + 2``); Python's
    ``parse_qsl`` compares it. Those operations, and conversions, use the current value.
    """

    def current(self) -> int:
        raised = _raised.get()
        return int.__int__(self) if raised is None else raised

    def __int__(self):
        return self.current()

    def __index__(self):
        return self.current()

    def __add__(self, other):
        return self.current() + other

    __radd__ = __add__

    def __sub__(self, other):
        return self.current() - other

    def __rsub__(self, other):
        return other - self.current()

    def __lt__(self, other):
        return self.current() < other

    def __le__(self, other):
        return self.current() <= other

    def __gt__(self, other):
        return self.current() > other

    def __ge__(self, other):
        return self.current() >= other

    def __eq__(self, other):
        return self.current() == other

    def __ne__(self, other):
        return self.current() != other

    def __hash__(self):
        return hash(int.__int__(self))

    def __repr__(self):
        return repr(self.current())

    __str__ = __repr__

    def __format__(self, spec):
        return format(self.current(), spec)


@contextmanager
def field_limit_raised(limit: int):
    """Let the code inside (one request) parse up to ``limit`` form fields."""
    token = _raised.set(limit)
    try:
        yield
    finally:
        _raised.reset(token)
