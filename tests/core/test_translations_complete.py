"""Every UI string in templates and Python code has a translation in every site language.

makemessages extracts the strings from the source into a copy of locale/, so that a string added
without a translation shows up here as an empty or fuzzy entry instead of silently as English.
"""

import contextlib
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import polib
import pytest

PROJECT_ROOT = Path(settings.BASE_DIR)
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
SOURCE_DIRS = ["cms", "courses", "partnerbourse", "search", "templates"]

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext (xgettext) is not installed; `apt-get install gettext` to run this check",
)


@pytest.fixture(scope="module")
def extracted_catalogues(tmp_path_factory):
    """Run makemessages on a copy of the sources and catalogues, never on the real ones."""
    copy = tmp_path_factory.mktemp("project")
    for name in SOURCE_DIRS:
        shutil.copytree(PROJECT_ROOT / name, copy / name, ignore=shutil.ignore_patterns("*.pyc"))
    for code in TRANSLATED_LANGUAGES:
        shutil.copytree(PROJECT_ROOT / "locale" / code, copy / "locale" / code)
    from django.test.utils import override_settings

    with override_settings(LOCALE_PATHS=[str(copy / "locale")]), contextlib.chdir(copy):
        call_command(
            "makemessages",
            locale=TRANSLATED_LANGUAGES,
            no_location=True,
            no_obsolete=True,
            verbosity=0,
        )
    return {
        code: polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po"))
        for code in TRANSLATED_LANGUAGES
    }


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_every_ui_string_is_translated(extracted_catalogues, code):
    catalogue = extracted_catalogues[code]
    assert len(catalogue) > 50, "makemessages found suspiciously few strings"
    missing = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or entry.fuzzy)
    ]
    assert missing == [], f"{len(missing)} strings lack a {code} translation: {missing[:10]}"


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_committed_catalogue_is_up_to_date(extracted_catalogues, code):
    """The committed .po has no translations for strings that no longer exist in the code."""
    committed = polib.pofile(str(PROJECT_ROOT / "locale" / code / "LC_MESSAGES" / "django.po"))
    current = {(entry.msgctxt, entry.msgid) for entry in extracted_catalogues[code]}
    stale = [entry.msgid for entry in committed if (entry.msgctxt, entry.msgid) not in current]
    assert stale == [], f"run `make messages`: stale {code} entries {stale[:10]}"
