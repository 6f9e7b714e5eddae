from django.core.management.base import BaseCommand

from minyi.demo.logins import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins as a table (used by `make demo`)."

    def handle(self, *args, **options):
        width = max(len(login.username) for login in DEMO_LOGINS)
        for login in DEMO_LOGINS:
            self.stdout.write(f"    {login.username.ljust(width)}  {login.role} — {login.try_this}")
