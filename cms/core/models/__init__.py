"""Models every content app builds on: base pages, the section index and the shared taxonomy."""

from .base_page import BasePage, TaggedPage, keywords_field
from .content_page import ContentPage
from .index_page import IndexPage
from .taxonomy import Audience, Licence, Theme

__all__ = [
    "Audience",
    "BasePage",
    "ContentPage",
    "IndexPage",
    "Licence",
    "TaggedPage",
    "Theme",
    "keywords_field",
]
