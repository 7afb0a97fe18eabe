"""Render time of a certificate PDF, the work the "certificate PDFs" task does after each issue.

Why: the PDF is rendered once per certificate (by ``certificate_pdf_render_task`` after issue,
or on the first download when the worker has not got to it), and the issue's target is a
median of at most 300 ms per render on this machine.

How: a throw-away in-memory SQLite database with the test settings (migrated, about a minute),
a course whose certificate template has a logo and a signature image, and one issued
certificate; then ``--warmup`` renders that are not measured (fonts, templates, the image
renditions) and ``--renders`` measured calls of ``certificate_pdf_render`` (database reads,
template, QR code, WeasyPrint layout and PDF), each timed with ``time.perf_counter``. Also
measured: serving the stored copy (``certificate_pdf_get``), what every later download costs.

Run: ``uv run python benchmarks/certificate_pdf_benchmark.py [--renders 30] [--warmup 3]``.
It prints median, p95, min and max in milliseconds (wall clock, and CPU time, which stays
meaningful when other processes share the cores) and the load average, and exits 1 when the
wall-clock median is above ``--target`` (300 ms).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time

from benchmark_setup import django_setup, percentile, test_database_create


def build_certificate():
    from django.core.files.images import ImageFile

    from wagtail.images.models import Image
    from wagtail.models import Locale, Page, Site

    from PIL import Image as PILImage

    from cms.home.factories import HomePageFactory
    from cms.users.factories import UserFactory
    from courses.factories import (
        CertificateTemplateFactory,
        CourseIndexPageFactory,
        CoursePageFactory,
    )
    from courses.services.certificates import certificate_issue

    root = Page.get_first_root_node()
    for placeholder in Page.objects.filter(depth=2):
        placeholder.delete()
    home = HomePageFactory(parent=root, locale=Locale.objects.get(language_code="en"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)

    buffer = io.BytesIO()
    PILImage.new("RGB", (600, 180), "white").save(buffer, "PNG")
    signature = Image.objects.create(
        title="Signature", file=ImageFile(io.BytesIO(buffer.getvalue()), name="signature.png")
    )
    buffer = io.BytesIO()
    PILImage.new("RGBA", (1200, 300), (11, 61, 92, 255)).save(buffer, "PNG")
    logo = Image.objects.create(
        title="Logo", file=ImageFile(io.BytesIO(buffer.getvalue()), name="logo.png")
    )
    template = CertificateTemplateFactory(logo=logo, signature_image=signature, validity_months=24)
    index = CourseIndexPageFactory(parent=home, title="Courses", slug="courses")
    course = CoursePageFactory(
        parent=index,
        title="Preventive conservation for small museums",
        certificate_template=template,
    )
    learner = UserFactory(display_name="Maria-Eleni Papadopoulou")
    return certificate_issue(user=learner, course=course, language="el")


def measure(function, count: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each call. On a busy machine (other processes on the
    same cores) the wall-clock figure grows while the CPU figure stays close to the idle one."""
    wall, cpu = [], []
    for _ in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def report(label: str, timings: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, min {min(timings):.1f} ms, "
        f"max {max(timings):.1f} ms ({len(timings)} runs)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=30, help="measured renders (30)")
    parser.add_argument("--warmup", type=int, default=3, help="renders before measuring (3)")
    parser.add_argument("--target", type=float, default=300.0, help="median limit in ms (300)")
    args = parser.parse_args()

    print("Setting up a throw-away database (migrations take about a minute)…", flush=True)
    django_setup(sqlite_only=True)
    test_database_create()
    from courses.selectors.certificates import certificate_pdf_render
    from courses.services.certificates import certificate_pdf_get

    certificate = build_certificate()
    size = len(certificate_pdf_render(certificate=certificate))
    measure(lambda: certificate_pdf_render(certificate=certificate), args.warmup)  # not counted
    renders, renders_cpu = measure(
        lambda: certificate_pdf_render(certificate=certificate), args.renders
    )
    certificate_pdf_get(certificate=certificate)
    stored, _stored_cpu = measure(
        lambda: certificate_pdf_get(certificate=certificate), args.renders
    )

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine: {os.cpu_count()} CPUs, load average {load:.1f} (1 min) at the end")
    print(f"Certificate PDF: {size / 1024:.0f} KB, one A4 page, Greek learner name, QR code")
    report("Render (certificate_pdf_render), wall clock", renders)
    report("Render (certificate_pdf_render), CPU time", renders_cpu)
    report("Stored copy (certificate_pdf_get), wall clock", stored)
    median = statistics.median(renders)
    verdict = "OK" if median <= args.target else "TOO SLOW"
    print(f"Target: median render <= {args.target:.0f} ms: {verdict}")
    return 0 if median <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
