"""Make the figures afresh from the matters (the worker does this nightly; run it after an
upgrade or a bulk import that bypassed the engine's services)."""

from django.core.management.base import BaseCommand

from minyi.figures.rebuild import rebuild


class Command(BaseCommand):
    help = "Rebuild every matter's facts and the figure cells from the matters."

    def handle(self, *args, **options):
        def progress(count):
            if count % 100000 == 0:
                self.stdout.write(f"  {count:,} matters", ending="\n")
                self.stdout.flush()

        result = rebuild(progress=progress if options["verbosity"] else None)
        self.stdout.write(f"{result['matters']:,} matters, {result['cells']:,} cells in {result['seconds']} s")
