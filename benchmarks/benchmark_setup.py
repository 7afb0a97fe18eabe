"""What the in-process benchmarks share: Django with the test settings, and a percentile.

The scripts run as ``uv run python benchmarks/<name>.py``, so this module is importable beside
them. Each builds its own data in a fresh test database (in memory on SQLite).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], fraction: float) -> float:
    """The value at ``fraction`` (0..1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def django_setup(*, sqlite_only: bool = False) -> None:
    """Django with the test settings; DATABASE_URL chooses the database unless ``sqlite_only``."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    if sqlite_only:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATABASES["default"]["NAME"] = ":memory:"
    settings.ALLOWED_HOSTS = ["*"]
    from django.test.utils import setup_test_environment

    setup_test_environment()


def test_database_create() -> None:
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
