"""What the bench scripts share: a PostgreSQL database of their own, migrated, with the demo city
and generated matters; Django set up on it; percentiles.

Bench databases are named minyi_bench* and never "test" or "test_*" (the test suites' own)."""

import http.client
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


class GunicornServer:
    """config.wsgi under gunicorn (gthread), as production runs it, answering `ready_path` with 200
    before the clock starts; stopped with its whole process group."""

    def __init__(self, environment, *, port, workers, threads, log, ready_path):
        self.port = port
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
            "--timeout", "60", "--keep-alive", "30", "--backlog", "512", "--log-level", "warning",
        ]  # fmt: skip
        # The real settings serve hashed static files: the manifest must exist, as after `make demo`.
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped at start; see {log.name}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", ready_path)
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer on port {port}; see {log.name}")

    def stop(self):
        import signal

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Connection:
    """A keep-alive connection that sends again when the server had closed it while idle."""

    def __init__(self, port):
        self.port = port
        self.connection = None
        self.reconnects = 0

    def send(self, method, path, body=None, headers=None):
        for attempt in range(3):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                return
            except (ConnectionResetError, BrokenPipeError, http.client.CannotSendRequest):
                self.close()
                self.reconnects += 1
                if attempt == 2:
                    raise

    def receive(self):
        try:
            response = self.connection.getresponse()
            return response.status, response.getheaders(), response.read().decode(errors="replace")
        except (http.client.RemoteDisconnected, ConnectionResetError):
            self.close()
            raise

    def request(self, method, path, body=None, headers=None):
        for attempt in range(3):
            self.send(method, path, body, headers)
            try:
                return self.receive()
            except (http.client.RemoteDisconnected, ConnectionResetError):
                # An idle keep-alive connection the server closed just as we wrote: nothing was
                # handled, send again. (A cast sent twice this way would show as a refusal without
                # a receipt, which the checks report.)
                self.reconnects += 1
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def timed_run(threads, start):
    """Start `threads` (each waits at the barrier `start` with this one), release them together and
    return the seconds until the last has finished."""
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began
