"""Writes shared by every content app."""

from django.db import transaction

from wagtail.models import Locale, Page

from wagtail_localize.models import Translation, TranslationSource


@transaction.atomic
def object_translate(*, instance, language_code: str, strings: dict[str, str], user=None):
    """Translate a page or snippet through wagtail-localize and publish the translation.

    ``strings`` maps source text to translated text, as a translator fills in wagtail-localize's
    editor; text without an entry keeps the source wording. Running it again updates the
    translation in place, so it is safe to repeat.
    """
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    source.update_from_db()
    locale = Locale.objects.get(language_code=language_code)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    for entry in po:
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
    translation.import_po(po, user=user)
    if not isinstance(instance, Page):
        translation.save_target(user=user, publish=True)
        return instance.get_translation(locale)
    # wagtail-localize publishes pages when the outermost transaction commits, from a page object
    # that is stale by then (it would reset the tree's child counts); publish here instead.
    translation.save_target(user=user, publish=False)
    translated = instance.get_translation(locale)
    translated.get_latest_revision().publish(user=user)
    return translated


def object_translation_ensure(*, instance, language_code: str, strings: dict[str, str]):
    """``object_translate`` unless a published translation exists already.

    For content loaded more than once (the demo): a repeated load then adds no revisions and
    takes seconds instead of a minute. Wording changed in the loader does not reach existing
    translations; a fresh database gets it.
    """
    existing = instance.get_translation_or_none(Locale.objects.get(language_code=language_code))
    if existing is not None and getattr(existing, "live", True):
        return existing
    return object_translate(instance=instance, language_code=language_code, strings=strings)
