"""The transcript of a module, as stored cues."""

from ..models import ModulePage, TranscriptCue


def transcript_languages(*, module: ModulePage) -> list[str]:
    return list(
        TranscriptCue.objects.filter(module=module)
        .order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )


def transcript_cues(*, module: ModulePage, language: str) -> list[TranscriptCue]:
    """The module's cues in the language, or in the first language it has captions in."""
    cues = list(TranscriptCue.objects.filter(module=module, language=language))
    if cues:
        return cues
    languages = transcript_languages(module=module)
    if not languages:
        return []
    return list(TranscriptCue.objects.filter(module=module, language=languages[0]))
