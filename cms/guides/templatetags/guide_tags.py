from django import template

from ..rules import titles_numbered

register = template.Library()


@register.filter
def numbered_titles(chapters) -> bool:
    """Whether every chapter's title starts with its number ("4. Usage")."""
    return titles_numbered(chapter.title for chapter in chapters)
