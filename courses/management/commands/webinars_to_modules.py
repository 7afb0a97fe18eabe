"""Turns several webinars into draft modules of a course at once.

    manage.py webinars_to_modules --course 42 --event 7 --event 9
    manage.py webinars_to_modules --course /courses/caring-for-collections/ --all-recorded

Safe to repeat: a webinar already turned into a module of the course is skipped. Each webinar
is created in its own transaction; one that fails is reported and the others carry on.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cms.events.models import EventKind, EventPage

from ...models import CoursePage
from ...services.authoring import ModuleAlreadyExists, module_create_from_event


class Command(BaseCommand):
    help = "Create draft course modules from webinar recordings (skips ones already created)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--course",
            required=True,
            help="The course: its page id or URL path (e.g. /courses/caring-for-collections/).",
        )
        parser.add_argument(
            "--event",
            type=int,
            action="append",
            default=[],
            dest="events",
            help="A webinar's page id; repeat for several.",
        )
        parser.add_argument(
            "--all-recorded",
            action="store_true",
            help="Every webinar with a recording in the course's language.",
        )
        parser.add_argument(
            "--user",
            help="E-mail of the editor the drafts are created by (default: the first superuser).",
        )

    def handle(self, *args, course, events, all_recorded, user, **options):
        if not events and not all_recorded:
            raise CommandError("Give --event ID (one or more) or --all-recorded.")
        course_page = self._course(course)
        editor = self._user(user)
        if not course_page.permissions_for_user(editor).can_add_subpage():
            raise CommandError(f"{editor} may not add modules to {course_page.title!r}.")
        webinars = self._events(events, all_recorded=all_recorded, course=course_page)

        counts = {"created": 0, "skipped": 0, "failed": 0}
        for event_id, event in webinars:
            label = f"#{event_id} {event.title}" if event else f"#{event_id}"
            if event is None:
                counts["failed"] += 1
                self.stderr.write(f"failed   {label}: no such webinar")
                continue
            try:
                created = module_create_from_event(event=event, course=course_page, user=editor)
            except ModuleAlreadyExists as error:
                counts["skipped"] += 1
                self.stdout.write(f"skipped  {label}: already module #{error.module.pk}")
            except ValidationError as error:
                counts["failed"] += 1
                self.stderr.write(f"failed   {label}: {' '.join(error.messages)}")
            except Exception as error:  # one webinar must not stop the others
                counts["failed"] += 1
                self.stderr.write(f"failed   {label}: {error!r}")
            else:
                counts["created"] += 1
                module = created.module
                self.stdout.write(
                    f"created  {label}: draft module #{module.pk} "
                    f"({len(module.chapters.all())} chapters)"
                )
                for problem in created.problems:
                    self.stdout.write(f"         warning: {problem}")
        self.stdout.write("{created} created, {skipped} skipped, {failed} failed".format(**counts))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} webinar(s) could not be turned into modules.")

    def _course(self, value: str) -> CoursePage:
        if value.isdigit():
            page = CoursePage.objects.filter(pk=int(value)).first()
            if page is None:
                raise CommandError(f"No course {value!r}.")
            return page
        parts = [part for part in value.strip("/").split("/") if part]
        courses = CoursePage.objects.all()
        if parts and parts[0] in dict(settings.LANGUAGES):
            courses = courses.filter(locale__language_code=parts.pop(0))
        # url_path starts with the home page's slug, which public URLs leave out.
        matches = list(courses.filter(url_path__endswith="/" + "/".join(parts) + "/")[:2])
        if len(matches) != 1:
            raise CommandError(
                f"No course {value!r}." if not matches else f"{value!r} is ambiguous; use the id."
            )
        return matches[0]

    def _user(self, email: str | None):
        users = get_user_model().objects.filter(is_active=True)
        found = (
            users.filter(email__iexact=email).first()
            if email
            else (users.filter(is_superuser=True).order_by("pk").first())
        )
        if found is None:
            raise CommandError(
                f"No active user {email!r}." if email else "No superuser; give --user EMAIL."
            )
        return found

    def _events(self, ids: list[int], *, all_recorded: bool, course: CoursePage):
        found = {event.pk: event for event in EventPage.objects.filter(pk__in=ids)}
        webinars = [(pk, found.get(pk)) for pk in dict.fromkeys(ids)]
        if all_recorded:
            recorded = (
                EventPage.objects.live()
                .filter(event_kind=EventKind.WEBINAR, locale=course.locale)
                .filter(Q(recording_file__isnull=False) | ~Q(recording_url=""))
                .exclude(pk__in=ids)
                .order_by("path")
            )
            webinars += [(event.pk, event) for event in recorded]
        return webinars
