import time

from django.core.management.base import BaseCommand

from minyi.demo import loader


class Command(BaseCommand):
    help = "Load (or refresh) the Jingmen demo city. Safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()
        loader.load(out=lambda message: self.stdout.write(f"    {message}") if options["verbosity"] > 1 else None)
        self.stdout.write(f"==> Demo data ready ({time.monotonic() - started:.1f} s)")
