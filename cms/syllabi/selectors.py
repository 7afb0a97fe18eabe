"""Reads for training syllabi: the printable PDF copy of a syllabus."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

PDF_TEMPLATE = "syllabi/training_syllabus_pdf.html"
# Rendering takes a noticeable fraction of a second; a copy per published revision, language and
# host is kept for a while. Links to other pages may show a title changed within that time.
PDF_CACHE_SECONDS = 60 * 60


def syllabus_pdf_context(*, page, request) -> dict:
    """What the print template shows, with every link made absolute: paper has no base URL."""
    units = []
    for block in page.units:
        links = []
        for link in block.value["links"]:
            page_link = link["page"]
            url = page_link.get_full_url(request) if page_link is not None else link["url"]
            if url:
                links.append({"label": link["label"] or url, "url": url})
        units.append(
            {"title": block.value["title"], "topics": block.value["topics"], "links": links}
        )
    return {
        "page": page,
        "page_url": page.get_full_url(request),
        "learning_outcomes": [block.value for block in page.learning_outcomes],
        "units": units,
        "request": request,
    }


def syllabus_pdf_render(*, page, request) -> bytes:
    """The syllabus as a PDF, in the page's language, drawn from the print template."""
    base_url = request.build_absolute_uri("/")
    with translation.override(page.locale.language_code):
        html = render_to_string(PDF_TEMPLATE, syllabus_pdf_context(page=page, request=request))
    from cms.core.pdf import pdf_render  # imported here: slow, see cms.core.pdf

    return pdf_render(html=html, base_url=base_url)


def syllabus_pdf(*, page, request) -> bytes:
    """The PDF of the live syllabus, from the cache while its published revision is current."""
    key = ":".join(
        [
            "syllabus-pdf",
            str(page.pk),
            str(page.live_revision_id),
            page.locale.language_code,
            request.get_host(),
        ]
    )
    data = cache.get(key)
    if data is None:
        data = syllabus_pdf_render(page=page, request=request)
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data


def syllabus_pdf_filename(*, page) -> str:
    """A file name from the title, e.g. ``digitising-collections.pdf``; Greek titles keep Greek."""
    return f"{slugify(page.title, allow_unicode=True) or 'syllabus'}.pdf"
