"""Public submissions under load: 32 concurrent clients posting the citizen's H5 form (/o/new/) to
gunicorn, on PostgreSQL and on SQLite, then counting the matters: none lost, none duplicated.

    .venv/bin/python bench/submission_load.py [--backends postgres,sqlite] [--submissions 3000] [--clients 32]
                                              [--workers 4] [--threads 4] [--profile 200]

Each backend gets a fresh database of its own (PostgreSQL: minyi_bench_submit, with Redis db 13
as cache and queue as in production when Redis answers; SQLite: the embedded mode under
/tmp/bench-var/submit-sqlite), migrated, with the demo city. gunicorn runs config.wsgi with the
settings of bench/bench_settings.py (the real ones with the per-address and per-phone
submission limits raised: every client here is 127.0.0.1) as --workers processes of --threads
threads (gthread), on this machine's 2 cores together with the clients and the database.

Every client first opens the form (for its CSRF cookie and token), then posts opinions with a
unique idempotency key each. 4 % of them are sent again by the same client after the answer (a
retry after a timeout) and 2 % twice at once by two clients (a double tap on two connections):
both must answer with the same tracking code. A warm-up of two posts per client (loading jieba's
dictionary in every worker) is counted but not timed. Afterwards the database must hold exactly
one matter per key sent.

--profile N then runs N submissions in this process under cProfile (Django's test client, the
same settings and PostgreSQL database) and lists the SQL statements of one submission.
"""

import argparse
import os
import queue
import random
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup  # noqa: E402

FORM_PATH = "/o/new/"
SENT_PATH = re.compile(r"/o/([A-Z0-9]+)/sent/")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POSTGRES_DATABASE = "minyi_bench_submit"
SQLITE_VAR_DIR = "/tmp/bench-var/submit-sqlite"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SEQUENTIAL_RETRIES, CONCURRENT_DUPLICATES = 0.04, 0.02

PROBLEMS = (
    "路灯不亮，晚上出行很不方便", "有个井盖缺失，存在安全隐患", "一下雨道路就积水，车辆过不去", "夜间施工噪音扰民，居民无法休息",
    "老旧小区想加装电梯，审批手续不清楚", "附近小学学位紧张，孩子上学要跑很远", "医保报销手续繁琐，跑了好几趟",
    "垃圾桶满了没人清运，气味很大", "红绿灯故障，路口车辆乱成一团", "楼下餐馆油烟扰民，窗户都不敢开",
)
SPOTS = ("门口", "东侧路口", "菜市场旁", "小学附近", "公交站附近")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--submissions", type=int, default=3000, help="Distinct opinions per backend (duplicates come on top).")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--profile", type=int, default=0, help="Then profile this many submissions in-process (PostgreSQL).")
    parser.add_argument("--phones", type=float, default=0.3, help="Share of submissions with a phone number (default 0.3).")
    parser.add_argument("--no-redis", action="store_true", help="PostgreSQL with the file cache and the SQLite queue.")
    parser.add_argument("--profile-only", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.profile_only:
        profile(arguments.profile, arguments.phones)
        return
    results = []
    for backend in [name.strip() for name in arguments.backends.split(",") if name.strip()]:
        results.append(run_backend(backend, arguments))
    print()
    print(_setup.load_line())
    print(f"{'backend':<34}{'posts':>7}{'req/s':>8}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}{'max ms':>8}{'errors':>8}"
          f"{'keys':>7}{'matters':>9}{'lost':>6}{'dup':>5}")
    for result in results:
        print(f"{result['label']:<34}{result['posts']:>7}{result['rate']:>8.0f}{result['p50']:>8.0f}{result['p90']:>8.0f}"
              f"{result['p99']:>8.0f}{result['max']:>8.0f}{result['errors']:>8}{result['keys']:>7}{result['matters']:>9}"
              f"{result['lost']:>6}{result['duplicated']:>5}")
    if arguments.profile:
        environment = postgres_environment(arguments)
        subprocess.run([sys.executable, __file__, "--profile-only", "--profile", str(arguments.profile), "--phones", str(arguments.phones)],
                       cwd=_setup.ROOT, env=environment, check=True)


# --- the databases and the server ----------------------------------------------------------------


def redis_available():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


def postgres_environment(arguments):
    extra = {"DJANGO_SETTINGS_MODULE": "bench.bench_settings"}
    if not arguments.no_redis and redis_available():
        extra.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="minyi-bench", HUEY_NAME="minyi-bench")
    return _setup.environment(_setup.database_url(POSTGRES_DATABASE), **extra)


def prepare(backend, arguments):
    """(environment for gunicorn, a function counting this run's matters, a label)."""
    if backend == "postgres":
        _setup.create_database(POSTGRES_DATABASE, drop=True)
        url = _setup.database_url(POSTGRES_DATABASE)
        _setup.manage("migrate", "-v0", url=url)
        _setup.manage("load_demo", url=url, quiet=True)
        environment = postgres_environment(arguments)
        if "REDIS_URL" in environment:
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
        label = f"PostgreSQL{' + Redis' if 'REDIS_URL' in environment else ''}"
        return environment, postgres_counter(url), label
    if backend == "sqlite":
        var_dir = Path(SQLITE_VAR_DIR)
        for leftover in var_dir.glob("*.sqlite3*"):
            leftover.unlink()
        url = f"sqlite:///{var_dir}/minyi.sqlite3"
        _setup.manage("migrate", "-v0", url=url, var_dir=str(var_dir))
        _setup.manage("load_demo", url=url, var_dir=str(var_dir), quiet=True)
        environment = _setup.environment(url, str(var_dir), DJANGO_SETTINGS_MODULE="bench.bench_settings")
        return environment, sqlite_counter(var_dir / "minyi.sqlite3"), "SQLite (embedded)"
    sys.exit(f"unknown backend {backend!r}: postgres or sqlite")


def villages(environment):
    """Village and community codes of the demo city, read from the database the server uses."""
    query = "SELECT code FROM regions_region WHERE level = 5 AND code LIKE '4208%' AND is_active ORDER BY code"
    url = environment["DATABASE_URL"]
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return [row[0] for row in connection.execute(query)]
    import psycopg

    with psycopg.connect(url) as connection:
        return [row[0] for row in connection.execute(query)]


ROWS_QUERY = (
    "SELECT o.idempotency_key, o.address, m.tracking_code FROM opinions_opinion o JOIN matters_matter m ON m.id = o.matter_id "
    "WHERE o.address LIKE %s"
)


def postgres_counter(url):
    def count(run):
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute(ROWS_QUERY, [f"压测{run}-%"]).fetchall()

    return count


def sqlite_counter(path):
    def count(run):
        import sqlite3

        with sqlite3.connect(path) as connection:
            return connection.execute(ROWS_QUERY.replace("%s", "?"), [f"压测{run}-%"]).fetchall()

    return count


# --- the clients ---------------------------------------------------------------------------------


class Client:
    """One browser: a keep-alive connection and a CSRF cookie; no session cookie kept between
    submissions (each one is a different citizen)."""

    def __init__(self, port):
        self.port = port
        self.connection = _setup.Connection(port)
        status, headers, body = self.request("GET", FORM_PATH)
        cookie = next((value.split(";")[0] for name, value in headers if name.lower() == "set-cookie" and value.startswith("csrftoken=")), "")
        token = CSRF_INPUT.search(body)
        if status != 200 or not cookie or not token:
            raise RuntimeError(f"the form did not give a CSRF cookie and token (HTTP {status})")
        self.cookie, self.token = cookie, token.group(1)

    def request(self, method, path, body=None, headers=None):
        return self.connection.request(method, path, body, headers)

    def submit(self, fields):
        body = urlencode({**fields, "csrfmiddlewaretoken": self.token})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        started = time.perf_counter()
        status, headers, answer = self.request("POST", FORM_PATH, body=body, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        location = next((value for name, value in headers if name.lower() == "location"), "")
        code = SENT_PATH.search(location)
        return elapsed, status, code.group(1) if code else None, answer


def jobs_for(run, count, codes, phones, rng):
    """(key, form fields, sequential retry?) for each distinct opinion, concurrent duplicates placed
    next to each other so that two clients take them at once."""
    jobs = []
    for number in range(count):
        key = f"{run}{number:06d}{uuid.uuid4().hex[:8]}"
        fields = {
            "form_type": rng.choice(("opinion", "snapshot")),
            "text": f"{rng.choice(SPOTS)}{rng.choice(PROBLEMS)}，已经一周了。希望有关部门尽快处理。",
            "region_code": rng.choice(codes),
            "address": f"压测{run}-{number}",
            "citizen_name": rng.choice(("王芳", "李强", "")),
            "phone": f"139{rng.randrange(10**8):08d}" if rng.random() < phones else "",
            "consent": "on",
            "idempotency_key": key,
        }
        jobs.append((key, fields, rng.random() < SEQUENTIAL_RETRIES))
        if rng.random() < CONCURRENT_DUPLICATES:
            jobs.append((key, fields, False))
    return jobs


def fire(clients, jobs):
    """Run the jobs on the clients' threads; returns [(key, ms, status, code, retry?)] and the seconds."""
    work = queue.SimpleQueue()
    for job in jobs:
        work.put(job)
    results, lock, errors = [], threading.Lock(), []
    start = threading.Barrier(len(clients) + 1)

    def worker(client):
        start.wait()
        while True:
            try:
                key, fields, retry = work.get_nowait()
            except queue.Empty:
                return
            for attempt in range(2 if retry else 1):
                try:
                    elapsed, status, code, answer = client.submit(fields)
                except OSError as error:
                    elapsed, status, code, answer = 0.0, 0, None, str(error)
                with lock:
                    results.append((key, elapsed, status, code, attempt > 0))
                    if code is None and len(errors) < 3:
                        errors.append((status, answer[:300]))

    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    return results, _setup.timed_run(threads, start), errors


def run_backend(backend, arguments):
    environment, count_matters, label = prepare(backend, arguments)
    label = f"{label}, {arguments.workers}×{arguments.threads} gthread"
    run = uuid.uuid4().hex[:6]
    rng = random.Random(run)
    codes = villages(environment)
    log_path = Path(_setup.DEFAULT_VAR_DIR) / f"gunicorn-{backend}.log"
    with log_path.open("w") as log:
        server = _setup.GunicornServer(environment, port=arguments.port, workers=arguments.workers, threads=arguments.threads, log=log, ready_path=FORM_PATH)
        try:
            clients = [Client(server.port) for _i in range(arguments.clients)]
            warm_up = jobs_for(run + "w", 2 * arguments.clients, codes, arguments.phones, rng)
            fire(clients, [(key, fields, False) for key, fields, _retry in warm_up])
            jobs = jobs_for(run, arguments.submissions, codes, arguments.phones, rng)
            print(f"{label}: {len(jobs):,} posts of {arguments.submissions:,} opinions from {arguments.clients} clients …", flush=True)
            cpu_started = time.process_time()
            results, seconds, errors = fire(clients, jobs)
            client_cpu = time.process_time() - cpu_started
        finally:
            server.stop()
    timings = [ms for _key, ms, status, code, _retry in results if code]
    codes_by_key = {}
    for key, _ms, _status, code, _retry in results:
        if code:
            codes_by_key.setdefault(key, set()).add(code)
    answered = {key for key, found in codes_by_key.items() if found}
    split_answers = sum(1 for found in codes_by_key.values() if len(found) > 1)
    stored = count_matters(run)
    matters, stored_codes = len(stored), {key: code for key, _address, code in stored}
    distinct_opinions = len({address for _key, address, _code in stored})
    # Lost: answered with a tracking code, but not stored under it.
    lost = sum(1 for key, found in codes_by_key.items() if stored_codes.get(key) not in found)
    warm_matters = len(count_matters(run + "w"))
    keys = len({key for key, _fields, _retry in jobs})
    for status, text in errors:
        print(f"  error HTTP {status}: {text!r}")
    if split_answers:
        print(f"  {split_answers} keys were answered with two different tracking codes")
    print(f"  {len(results):,} posts in {seconds:.1f} s; {len(answered):,} of {keys:,} keys answered; {matters:,} matters "
          f"(+{warm_matters} from the warm-up); reconnects {sum(c.connection.reconnects for c in clients)}; the clients used "
          f"{client_cpu:.1f} s CPU ({client_cpu / seconds:.0%} of one core); log {log_path}")
    return {
        "label": label, "posts": len(results), "rate": len(results) / seconds, "p50": _setup.percentile(timings, 0.5),
        "p90": _setup.percentile(timings, 0.9), "p99": _setup.percentile(timings, 0.99), "max": max(timings, default=0),
        "errors": len(results) - len(timings), "keys": keys, "matters": matters,
        "lost": lost, "duplicated": matters - distinct_opinions + split_answers,
    }


# --- where a submission's time goes ------------------------------------------------------------------


def profile(count, phones):
    import cProfile
    import io
    import pstats

    sys.path.insert(0, str(_setup.ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client as TestClient

    codes = villages(os.environ)
    rng = random.Random(1)
    run = uuid.uuid4().hex[:6]
    jobs = jobs_for(run, 2 * count + 11, codes, phones, rng)
    browser = TestClient()

    def post(fields):
        browser.cookies.clear()
        response = browser.post(FORM_PATH, fields)
        if response.status_code != 302:
            raise RuntimeError(f"HTTP {response.status_code}: {response.content[:300]!r}")

    for _key, fields, _retry in jobs[:10]:
        post(fields)  # warm-up: jieba's dictionary, templates, connections
    # (CaptureQueriesContext would lose them: Django empties its query log when a request starts.)
    statements = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(record):
        post(jobs[10][1])
    started, cpu_started = time.perf_counter(), time.process_time()
    for _key, fields, _retry in jobs[11 : 11 + count]:
        post(fields)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"\n{count} submissions in-process (no HTTP, one thread): {seconds / count * 1000:.1f} ms each, "
          f"of which {cpu / count * 1000:.1f} ms CPU in this process ({_setup.load_line()})")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _key, fields, _retry in jobs[11 + count :]:
        post(fields)
    profiler.disable()
    seconds = time.perf_counter() - started
    print(f"{count} more under cProfile: {seconds / count * 1000:.1f} ms each")
    print(f"\nSQL of one submission: {len(statements)} statements")
    for milliseconds, sql in statements:
        print(f"  {milliseconds:6.2f} ms  {sql[:150]}")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
        print(out.getvalue())


if __name__ == "__main__":
    socket.setdefaulttimeout(60)
    main()
