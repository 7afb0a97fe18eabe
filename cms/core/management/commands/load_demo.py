from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each app that has demo content adds its loader here, in the order the content depends on.
DEMO_LOADERS = [
    "cms.core.demo.load",
    "cms.home.demo.load",
    "cms.home.demo_sections.load",
    "cms.home.demo.load_blocks",
    "cms.navigation.demo.load",
    "courses.demo.load",
    "partnerbourse.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo site: original example content in several languages. Safe to run again."

    def handle(self, *args, **options):
        # Each loader checks what exists before creating it, so a run that stopped half-way is
        # completed by the next one. (One outer transaction would delay wagtail-localize's
        # publishing of translations until the very end.)
        for path in DEMO_LOADERS:
            import_string(path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
