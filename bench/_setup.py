"""What the bench scripts share: a PostgreSQL database of their own, migrated, with the demo city
and generated matters; Django set up on it; percentiles.

Bench databases are named minyi_bench* and never "test" or "test_*" (the test suites' own)."""

import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432")
DEFAULT_VAR_DIR = "/tmp/bench-var"


def database_url(name):
    if name == "test" or name.startswith("test_"):
        sys.exit(f"{name!r} belongs to the test suites; bench databases are called minyi_bench…")
    return f"{POSTGRES_SERVER}/{name}"


def admin_connection():
    import psycopg

    return psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=3)


def database_exists(name):
    with admin_connection() as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create_database(name, *, drop=False):
    with admin_connection() as admin:
        if drop:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(f'CREATE DATABASE "{name}"')


def manage(*arguments, url, var_dir=DEFAULT_VAR_DIR, quiet=False):
    """Run a manage.py command in its own process (settings are fixed once Django is set up)."""
    started = time.monotonic()
    completed = subprocess.run(
        [PYTHON, "manage.py", *map(str, arguments)], cwd=ROOT, env=environment(url, var_dir), check=False,
        capture_output=quiet, text=True,
    )
    if completed.returncode:
        sys.exit(f"manage.py {' '.join(map(str, arguments))} failed{': ' + completed.stderr[-2000:] if quiet else ''}")
    return time.monotonic() - started


def environment(url, var_dir=DEFAULT_VAR_DIR, **extra):
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DATABASE_URL=url, MINYI_VAR_DIR=var_dir, DJANGO_SETTINGS_MODULE="config.settings")
    env.pop("MINYI_TESTING", None)  # the bench measures the real settings, not the test ones
    env.update({name: str(value) for name, value in extra.items()})
    return env


def prepare(name, *, matters=0, generate_arguments=(), var_dir=DEFAULT_VAR_DIR, fresh=False):
    """A migrated PostgreSQL database `name` with the demo city and `matters` generated matters
    (generates only what is missing; `fresh` starts from an empty database)."""
    create_database(name, drop=fresh)
    url = database_url(name)
    manage("migrate", "-v0", url=url, var_dir=var_dir)
    manage("load_demo", url=url, var_dir=var_dir, quiet=True)
    missing = matters - count_matters(name)
    if missing > 0:
        print(f"generating {missing:,} matters in {name} …", flush=True)
        seconds = manage("generate_matters", missing, *generate_arguments, url=url, var_dir=var_dir)
        print(f"generated {missing:,} matters in {seconds:.0f} s", flush=True)
    return url


def count_matters(name):
    import psycopg

    with psycopg.connect(database_url(name), connect_timeout=3) as connection:
        return connection.execute("SELECT count(*) FROM matters_matter").fetchone()[0]


def setup_django(url, var_dir=DEFAULT_VAR_DIR):
    os.environ.update(environment(url, var_dir))
    os.environ.pop("MINYI_TESTING", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    # Nearest rank: the smallest value with at least `share` of the values at or below it.
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def load_line():
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
