"""Checking in to one activity under load: 500 representatives scan the activity's code (履职码) on
their phones at once, through gunicorn, on PostgreSQL and on SQLite; afterwards the activity must hold
exactly one confirmed attendance per representative.

    .venv/bin/python bench/duty_checkin_load.py [--backends postgres,sqlite] [--members 500] [--clients 32]
                                                [--workers 4] [--threads 4] [--radius 300] [--profile 50]

Each backend gets a fresh database of its own (PostgreSQL: minyi_bench_duty, with Redis db 13 as cache
and queue as in production when Redis answers; SQLite: the embedded mode under
/tmp/bench-var/duty-sqlite), migrated. Set up in a subprocess through the services, not timed: a city
congress with its 9th term, --members representatives with current mandates and an account each (role
REPRESENTATIVE), a staff member, and one inspection activity (视察) created by the staff with
`services.create_activity`: started 10 minutes ago, 3 hours long, a place with its position and
--radius metres, every representative invited. The settings are bench/vote_settings.py (the vote
bench's: MD5 first among the password hashers, the per-address sign-in limit raised).

Not timed: every representative signs in (POST /accounts/login/). Timed: from --clients threads
(http.client, keep-alive) every representative opens the check-in page the QR code leads to
(GET /duty/c/<code>/, for the CSRF token) and checks in (POST with `latitude` and `longitude`, a
position within about 150 m of the place: inside the radius, so the attendance is confirmed at once).
The clock covers both requests of all representatives; latencies are those of the POSTs. A check-in is
accepted when the answer (200) shows `data-testid="checked-in"` without `data-testid="already-recorded"`.
2 % of representatives send their POST twice at once on two connections (a double tap) and 2 % send it
again after the answer (a retry): the second answer must say "already recorded" over the same record.

Afterwards, in a subprocess, not timed: the activity holds exactly --members attendances, each
confirmed and by code, one per representative, every invited representative among them; the archive
(`archive.counts`, the one place deeds are counted) gives each of them exactly one inspection that day;
the clients' answers agree (one acceptance per representative, every second sending answered as
already recorded). Exits non-zero on any loss or duplicate.

--profile N then, per backend, creates a second activity and measures in-process (Django's test
client, the same settings and database, one thread) the check-in page and the check-in over N
representatives: milliseconds, CPU and the SQL statements of one check-in.
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup  # noqa: E402
from vote_cast_load import Member, queue_of, run_threads, text_of  # noqa: E402

POSTGRES_DATABASE = "minyi_bench_duty"
SQLITE_VAR_DIR = "/tmp/bench-var/duty-sqlite"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SETTINGS = "bench.vote_settings"
LOGIN_PATH = "/accounts/login/"
PASSWORD = "Bench-Duty-2026!"
STAFF_USERNAME = "duty_bench_staff"
DOUBLE_TAPS, RETRIES = 0.02, 0.02
# 荆门市民之家 (the place of the inspection): the phones send positions within about 150 m of it.
PLACE_LATITUDE, PLACE_LONGITUDE = 31.035420, 112.199650
CHECKED_IN, ALREADY, PENDING, REFUSED = ('data-testid="checked-in"', 'data-testid="already-recorded"',
                                         'data-testid="checkin-pending"', 'data-testid="checkin-refused"')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--radius", type=int, default=300, help="Metres around the place within which a check-in is confirmed at once.")
    parser.add_argument("--port", type=int, default=8192)
    parser.add_argument("--profile", type=int, default=0, help="Then measure this many check-ins in-process on each backend.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-redis", action="store_true", help="PostgreSQL with the file cache and the SQLite queue.")
    parser.add_argument("--phase", choices=("setup", "check", "profile"), help=argparse.SUPPRESS)
    parser.add_argument("--state", help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.phase:
        # Not _setup.setup_django: that sets the real settings, and the phases need the bench's.
        sys.path.insert(0, str(_setup.ROOT))
        import django

        django.setup()
        {"setup": setup_phase, "check": check_phase, "profile": profile_phase}[arguments.phase](arguments)
        return
    results = [run_backend(backend, arguments) for backend in [b.strip() for b in arguments.backends.split(",") if b.strip()]]
    print()
    print(_setup.load_line())
    print(f"{'backend':<36}{'members':>8}{'wall s':>8}{'/s':>6}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
          f"{'GET p50':>8}{'again':>7}{'errors':>7}  checks (target: all within 60 s)")
    for r in results:
        print(f"{r['label']:<36}{r['accepted']:>8}{r['seconds']:>8.1f}{r['rate']:>6.0f}{r['p50']:>8.0f}{r['p95']:>8.0f}{r['p99']:>8.0f}"
              f"{r['max']:>8.0f}{r['get_p50']:>8.0f}{r['again']:>7}{r['errors']:>7}  "
              f"{'OK' if r['ok'] else 'FAIL'}{'' if r['seconds'] <= 60 else ' (over 60 s)'}")
    if not all(r["ok"] for r in results):
        sys.exit(1)


# --- the databases and the server ----------------------------------------------------------------


def redis_available():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


def prepare(backend, arguments):
    """A fresh migrated database: (environment for the subprocesses and gunicorn, a label)."""
    if backend == "postgres":
        _setup.create_database(POSTGRES_DATABASE, drop=True)
        url = _setup.database_url(POSTGRES_DATABASE)
        _setup.manage("migrate", "-v0", url=url)
        extra = {"DJANGO_SETTINGS_MODULE": SETTINGS}
        if not arguments.no_redis and redis_available():
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
            extra.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="minyi-bench-duty", HUEY_NAME="minyi-bench-duty")
        environment = _setup.environment(url, **extra)
        return environment, f"PostgreSQL{' + Redis' if 'REDIS_URL' in environment else ''}"
    if backend == "sqlite":
        var_dir = Path(SQLITE_VAR_DIR)
        var_dir.mkdir(parents=True, exist_ok=True)
        for leftover in var_dir.glob("*.sqlite3*"):
            leftover.unlink()
        url = f"sqlite:///{var_dir}/minyi.sqlite3"
        _setup.manage("migrate", "-v0", url=url, var_dir=str(var_dir))
        return _setup.environment(url, str(var_dir), DJANGO_SETTINGS_MODULE=SETTINGS), "SQLite (embedded)"
    sys.exit(f"unknown backend {backend!r}: postgres or sqlite")


def phase(name, environment, arguments, state_path):
    """Run a Django phase of this script in its own process (the settings are fixed once Django is set up)."""
    command = [_setup.PYTHON, __file__, "--phase", name, "--state", str(state_path), "--members", str(arguments.members),
               "--radius", str(arguments.radius), "--profile", str(arguments.profile), "--seed", str(arguments.seed)]
    return subprocess.run(command, cwd=_setup.ROOT, env=environment, check=False).returncode


# --- the representatives' phones -----------------------------------------------------------------


class Phone(Member):
    """One representative's phone: their browser's cookies, the position it sends, what it was answered."""

    def __init__(self, username, position, mode):
        super().__init__(username, marks=None, mode=mode)  # mode: once, double (tap), retry
        self.position = position
        self.accepted, self.again = 0, 0

    def sign_in(self, connection):
        status, _headers, _body = self.get(connection, LOGIN_PATH)
        if status != 200 or "csrftoken" not in self.cookies:
            raise RuntimeError(f"{self.username}: the sign-in page answered HTTP {status}")
        status, _headers, body = self.post(connection, LOGIN_PATH, [("username", self.username), ("password", PASSWORD)])
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username}: sign-in answered HTTP {status}: {text_of(body)[:200]!r}")

    def fields(self):
        return [("latitude", f"{self.position[0]:.6f}"), ("longitude", f"{self.position[1]:.6f}")]

    def judge_answer(self, status, body, milliseconds, answers):
        """Sort an answer: a new confirmed check-in, the same record again, or an error."""
        if status == 200 and CHECKED_IN in body and ALREADY not in body:
            self.accepted += 1
            kind = "accepted"
        elif status == 200 and CHECKED_IN in body and ALREADY in body:
            self.again += 1
            kind = "again"
        else:
            why = "waiting for staff" if PENDING in body else "refused" if REFUSED in body else "no check-in shown"
            self.errors.append((status, f"{why}: {text_of(body)[:300]}"))
            kind = "error"
        answers.append((milliseconds, kind))


def check_in_all(phones, connections, path, port):
    """The timed part: every representative opens the check-in page and checks in."""
    answers, gets, lock = [], [], threading.Lock()

    def check_in(number, phone):
        connection = connections[number]
        started = time.perf_counter()
        status, _headers, body = phone.get(connection, path)
        with lock:
            gets.append((time.perf_counter() - started) * 1000)
        if status != 200 or 'data-testid="check-in"' not in body:
            raise RuntimeError(f"{phone.username}: the check-in page answered HTTP {status}: {text_of(body)[:200]!r}")
        fields = phone.fields()
        if phone.mode == "double":
            # The same POST on two connections, both sent before either answer is read.
            body = urlencode([("csrfmiddlewaretoken", phone.token or ""), *fields])
            second = _setup.Connection(port)
            started = time.perf_counter()
            connection.send("POST", path, body, phone.headers(form=True))
            second.send("POST", path, body, phone.headers(form=True))
            replies = []
            for sender in (connection, second):
                status, headers, answer = sender.receive()
                replies.append((status, answer, (time.perf_counter() - started) * 1000))
                phone.keep_cookies(headers)
            second.close()
        else:
            replies = []
            for _attempt in range(2 if phone.mode == "retry" else 1):
                started = time.perf_counter()
                status, _headers, answer = phone.post(connection, path, fields)
                replies.append((status, answer, (time.perf_counter() - started) * 1000))
        with lock:
            for status, answer, milliseconds in replies:
                phone.judge_answer(status, answer, milliseconds, answers)

    seconds, failures = run_threads(len(connections), queue_of(phones), check_in)
    return answers, gets, seconds, failures


def near(rng, latitude, longitude):
    """A position at most about 150 m from the place (0.0009° of latitude ≈ 100 m; of longitude at 31° ≈ 86 m)."""
    return latitude + rng.uniform(-0.0009, 0.0009), longitude + rng.uniform(-0.001, 0.001)


def run_backend(backend, arguments):
    environment, label = prepare(backend, arguments)
    label = f"{label}, {arguments.workers}×{arguments.threads} gthread"
    state_path = Path(environment["MINYI_VAR_DIR"]) / f"duty-checkin-{backend}.json"
    started = time.monotonic()
    if phase("setup", environment, arguments, state_path):
        sys.exit(f"{label}: the setup failed")
    state = json.loads(state_path.read_text())
    print(f"{label}: {arguments.members:,} representatives invited to activity {state['activity']} "
          f"(radius {arguments.radius} m; setup {time.monotonic() - started:.0f} s)", flush=True)
    path = f"/duty/c/{state['code']}/"
    rng = random.Random(arguments.seed)
    phones = []
    for username in state["usernames"]:
        roll = rng.random()
        mode = "double" if roll < DOUBLE_TAPS else "retry" if roll < DOUBLE_TAPS + RETRIES else "once"
        phones.append(Phone(username, near(rng, PLACE_LATITUDE, PLACE_LONGITUDE), mode))
    rng.shuffle(phones)  # the order they scan is not the order of the list
    log_path = Path(_setup.DEFAULT_VAR_DIR) / f"gunicorn-duty-{backend}.log"
    with log_path.open("w") as log:
        server = _setup.GunicornServer(environment, port=arguments.port, workers=arguments.workers, threads=arguments.threads, log=log, ready_path=LOGIN_PATH)
        try:
            connections = [_setup.Connection(server.port) for _n in range(arguments.clients)]
            seconds, failures = run_threads(arguments.clients, queue_of(phones), lambda number, phone: phone.sign_in(connections[number]))
            if failures:
                for failure in failures[:5]:
                    print(f"  {failure}")
                sys.exit(f"{label}: {len(failures)} representatives could not sign in; see {log_path}")
            print(f"  {len(phones):,} representatives signed in in {seconds:.1f} s (not timed)", flush=True)
            print(f"  the clock starts ({_setup.load_line()})", flush=True)
            cpu_started = time.process_time()
            answers, gets, seconds, failures = check_in_all(phones, connections, path, server.port)
            client_cpu = time.process_time() - cpu_started
        finally:
            server.stop()
    accepted = sum(1 for _ms, kind in answers if kind == "accepted")
    again = sum(1 for _ms, kind in answers if kind == "again")
    timings = [ms for ms, _kind in answers]
    reconnects = sum(c.reconnects for c in connections)
    print(f"  timed (each representative opens the check-in page, then checks in): {len(answers):,} POSTs from {arguments.clients} clients "
          f"in {seconds:.2f} s: {accepted:,} check-ins accepted ({accepted / seconds:.0f}/s), {again} second sendings answered "
          f"'already recorded', {len(answers) - accepted - again} other answers; POST p50 {_setup.percentile(timings, 0.5):.0f} ms, "
          f"p95 {_setup.percentile(timings, 0.95):.0f} ms, p99 {_setup.percentile(timings, 0.99):.0f} ms, max {max(timings, default=0):.0f} ms")
    print(f"  check-in page GET p50 {_setup.percentile(gets, 0.5):.0f} ms, p95 {_setup.percentile(gets, 0.95):.0f} ms, "
          f"p99 {_setup.percentile(gets, 0.99):.0f} ms (in the wall time, not in the POST latencies)")
    print(f"  the clients used {client_cpu:.1f} s CPU ({client_cpu / seconds:.0%} of one core); reconnects {reconnects}; log {log_path}")
    for failure in failures[:5]:
        print(f"  client failure: {failure}")
    errors = [(p.username, status, text) for p in phones for status, text in p.errors]
    for username, status, text in errors[:5]:
        print(f"  {username}: HTTP {status}: {text[:200]!r}")

    state["sent"] = [{"username": p.username, "mode": p.mode, "accepted": p.accepted, "again": p.again, "errors": len(p.errors)} for p in phones]
    state_path.write_text(json.dumps(state, ensure_ascii=False))
    checks = phase("check", environment, arguments, state_path)
    if arguments.profile:
        phase("profile", environment, arguments, state_path)
    return {
        "label": label, "accepted": accepted, "seconds": seconds, "rate": accepted / seconds, "again": again,
        "errors": len(answers) - accepted - again + len(failures), "p50": _setup.percentile(timings, 0.5),
        "p95": _setup.percentile(timings, 0.95), "p99": _setup.percentile(timings, 0.99), "max": max(timings, default=0),
        "get_p50": _setup.percentile(gets, 0.5), "ok": checks == 0 and not failures and accepted == len(phones),
    }


# --- in-process phases (Django set up on the backend's database) -----------------------------------


def setup_phase(arguments):
    import datetime
    import decimal

    from django.utils import timezone

    from minyi.accounts.models import Role
    from minyi.duty import services
    from minyi.duty.models import Activity
    from minyi.organisations.models import Congress, Term
    from minyi.regions.models import Level
    from minyi.representatives.models import Mandate, Representative
    from minyi.testing import person, region

    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    today = timezone.localdate()
    province = region("420000000000", "湖北省", Level.PROVINCE)
    city = region("420800000000", "荆门市", Level.CITY, province)
    congress = Congress.objects.create(region=city, name="荆门市人民代表大会")
    term = Term.objects.create(congress=congress, number=9, start=today - datetime.timedelta(days=3 * 365), end=today + datetime.timedelta(days=2 * 365))
    staff = person(STAFF_USERNAME, Role.CONGRESS_STAFF, congress=congress, full_name="王晓梅", password=PASSWORD)
    started = time.perf_counter()
    usernames, representatives = [], []
    for number in range(1, arguments.members + 1):
        name = f"{surnames[number % len(surnames)]}代表{number:04d}"
        representative = Representative.objects.create(name=name, public_code=f"DB{number:05d}")
        username = f"rep{number:04d}"
        person(username, Role.REPRESENTATIVE, representative=representative, full_name=name, password=PASSWORD)
        usernames.append(username)
        representatives.append(representative)
    Mandate.objects.bulk_create(
        Mandate(representative=representative, level="city", congress=congress, term=term, start=term.start) for representative in representatives
    )
    print(f"  {arguments.members:,} representatives with accounts in {time.perf_counter() - started:.1f} s", flush=True)
    now = timezone.now()
    activity = services.create_activity(
        staff, congress=congress, kind=Activity.Kind.INSPECTION, title="视察中心城区老旧小区改造工作", organiser="城建环资工委",
        place="荆门市民之家", starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(hours=3),
        latitude=decimal.Decimal(f"{PLACE_LATITUDE:.6f}"), longitude=decimal.Decimal(f"{PLACE_LONGITUDE:.6f}"), radius_m=arguments.radius,
        invited=representatives,
    )
    Path(arguments.state).write_text(json.dumps({"activity": activity.pk, "code": activity.code, "usernames": usernames}))


def check_phase(arguments):
    from django.db.models import Count
    from django.utils import timezone

    from minyi.duty import archive
    from minyi.duty.models import Activity, Attendance, Measure

    state = json.loads(Path(arguments.state).read_text())
    sent = state["sent"]
    activity = Activity.objects.get(pk=state["activity"])
    failures = []

    def check(ok, text):
        print(f"  {'OK  ' if ok else 'FAIL'} {text}")
        if not ok:
            failures.append(text)

    members = len(sent)
    rows = Attendance.objects.filter(activity=activity)
    total = rows.count()
    confirmed = rows.filter(state=Attendance.State.CONFIRMED, how=Attendance.How.CODE, unplanned_reason="").count()
    distinct = rows.values("representative_id").distinct().count()
    twice = rows.values("representative_id").annotate(n=Count("id")).filter(n__gt=1).count()
    invited = set(activity.invitations.values_list("representative_id", flat=True))
    present = set(rows.values_list("representative_id", flat=True))
    check(total == members, f"{total:,} attendance rows for {members:,} representatives")
    check(confirmed == members, f"{confirmed:,} confirmed at once, by code, none waiting for staff")
    check(distinct == total and twice == 0, f"{distinct:,} distinct representatives among {total:,} rows ({twice} with two or more)")
    check(present == invited, f"every one of the {len(invited):,} invited representatives recorded, nobody else "
          f"({len(invited - present)} missing, {len(present - invited)} uninvited)")
    day = timezone.localdate(activity.starts_at)
    counted = archive.counts(invited, day, day)
    once = sum(1 for rep in invited if counted[rep][Measure.INSPECTION] == 1)
    check(once == len(invited), f"the archive counts one inspection that day for {once:,} of {len(invited):,} representatives "
          f"({sum(1 for rep in invited if counted[rep][Measure.INSPECTION] > 1)} more than one)")
    one_each = sum(1 for row in sent if row["accepted"] == 1)
    check(one_each == members, f"{one_each:,} representatives were answered 'checked in' exactly once "
          f"({sum(1 for row in sent if row['accepted'] == 0)} never, {sum(1 for row in sent if row['accepted'] > 1)} twice or more)")
    second_sendings = sum(1 for row in sent if row["mode"] != "once")
    again = sum(row["again"] for row in sent)
    check(again == second_sendings, f"{again} of {second_sendings} second sendings answered 'already recorded' over the same record")
    check(sum(row["errors"] for row in sent) == 0, f"{sum(row['errors'] for row in sent)} other answers")
    if failures:
        sys.exit(1)


def profile_phase(arguments):
    """Where one check-in's time goes, in-process and in one thread: the page (GET) and the check-in (POST)."""
    import datetime

    from django.db import connection
    from django.test import Client as TestClient
    from django.utils import timezone

    from minyi.accounts import access
    from minyi.accounts.models import User
    from minyi.duty import services
    from minyi.duty.models import Activity
    from minyi.representatives.models import Representative

    state = json.loads(Path(arguments.state).read_text())
    count = arguments.profile
    if count + 6 > len(state["usernames"]):
        sys.exit(f"--profile {count} needs {count + 6} representatives")
    first = Activity.objects.get(pk=state["activity"])
    staff = User.objects.get(username=STAFF_USERNAME)
    users = list(User.objects.filter(username__in=state["usernames"][: count + 6]).order_by("username"))
    now = timezone.now()
    representatives = Representative.objects.filter(pk__in={rep for user in users for rep in access.actor_for(user).representative_ids})
    activity = services.create_activity(
        staff, congress=first.congress, kind=Activity.Kind.RESEARCH, title="调研农村饮水安全（剖析）", organiser=first.organiser,
        place=first.place, starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=2),
        latitude=first.latitude, longitude=first.longitude, radius_m=first.radius_m, invited=list(representatives),
    )
    path = f"/duty/c/{activity.code}/"
    browser = TestClient()
    rng = random.Random(arguments.seed)
    fields = lambda: dict(zip(("latitude", "longitude"), (f"{v:.6f}" for v in near(rng, PLACE_LATITUDE, PLACE_LONGITUDE))))  # noqa: E731

    def open_page(_user):
        response = browser.get(path)
        if response.status_code != 200 or b'data-testid="check-in"' not in response.content:
            raise RuntimeError(f"HTTP {response.status_code}: {response.content[:300]!r}")

    def check_in(_user):
        response = browser.post(path, fields())
        if response.status_code != 200 or CHECKED_IN.encode() not in response.content or ALREADY.encode() in response.content:
            raise RuntimeError(f"HTTP {response.status_code}: {response.content[:300]!r}")

    for user in users[:5]:  # warm-up: templates, connections, translations
        browser.force_login(user)
        open_page(user)
        check_in(user)
    statements = {"GET": [], "POST": []}
    browser.force_login(users[5])
    for method, step in (("GET", open_page), ("POST", check_in)):
        def record(execute, sql, params, many, context, method=method):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statements[method].append(((time.perf_counter() - started) * 1000, sql))

        access.forget(users[5])
        with connection.execute_wrapper(record):
            step(users[5])
    totals = {"GET": [0.0, 0.0], "POST": [0.0, 0.0]}
    for user in users[6 : 6 + count]:
        browser.force_login(user)
        for method, step in (("GET", open_page), ("POST", check_in)):
            access.forget(user)  # as in a new request: the representative's roles are read again
            started, cpu_started = time.perf_counter(), time.process_time()
            step(user)
            totals[method][0] += time.perf_counter() - started
            totals[method][1] += time.process_time() - cpu_started
    print(f"\n{connection.vendor}, in-process (Django's test client, no HTTP, one thread; {_setup.load_line()}), ms per call over {count}, wall / CPU:")
    for method, label in (("GET", "check-in page GET"), ("POST", "check-in POST     ")):
        wall, cpu = (value / count * 1000 for value in totals[method])
        print(f"  {label} {wall:.1f} / {cpu:.1f}: {len(statements[method])} SQL statements, "
              f"{sum(ms for ms, _s in statements[method]):.1f} ms in them")
    print(f"\nSQL of one check-in (the POST, from the session to the rendered answer): {len(statements['POST'])} statements")
    for milliseconds, sql in statements["POST"]:
        print(f"  {milliseconds:6.2f} ms  {sql[:160]}")


if __name__ == "__main__":
    socket.setdefaulttimeout(60)
    main()
