import time

from django.core.management.base import BaseCommand

from minyi.demo import loader
from minyi.demo.plan import SIZES


class Command(BaseCommand):
    help = (
        "Load (or refresh) the Jingmen demo city. Safe to run again: when the demo is already loaded "
        "from the same code and data this month, it returns at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="full",
            help="full: about 400 representatives (default); small: about 80, for tests.",
        )
        parser.add_argument("--force", action="store_true", help="Run the full pass even when the demo looks up to date.")

    def handle(self, *args, size="full", force=False, **options):
        started = time.monotonic()
        verbose = options["verbosity"] > 1
        created, updated = loader.load(
            out=lambda message: self.stdout.write(f"    {message}") if verbose else None, size=size, force=force
        )
        summary = f"{sum(created.values())} rows created, {sum(updated.values())} updated" if created or updated else "up to date"
        self.stdout.write(f"==> Demo data ready: {summary} ({time.monotonic() - started:.1f} s)")
