"""The HTML sitemap: every menu section with its pages, for people rather than crawlers."""

from django.shortcuts import render

from .selectors import sitemap_sections


def sitemap_page(request):
    return render(
        request, "navigation/sitemap_page.html", {"groups": sitemap_sections(request=request)}
    )
