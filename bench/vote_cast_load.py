"""Electronic casting under load: 1,000 members of a congress cast their phone ballots in a
differential vote (80 candidates → 10 places) at once, through gunicorn, on PostgreSQL and on SQLite;
then the vote is closed and counted, and the box must hold exactly one counted ballot per member.

    .venv/bin/python bench/vote_cast_load.py [--backends postgres,sqlite] [--members 1000] [--clients 32]
                                             [--workers 4] [--threads 4] [--open-first] [--profile 200]

Each backend gets a fresh database of its own (PostgreSQL: minyi_bench_vote, with Redis db 13 as
cache and queue as in production when Redis answers; SQLite: the embedded mode under
/tmp/bench-var/vote-sqlite), migrated. Set up in a subprocess through the services, not timed: a city
congress with its 9th term and a session, --members representatives with current mandates, an account
each (role REPRESENTATIVE), a staff member, two tellers, and a secret differential vote of 80 candidates
for 10 places, opened (its electorate fixed). The settings are bench/vote_settings.py: the real ones
with the submission limits raised (bench/bench_settings.py), the per-address sign-in limit raised
(every member signs in from 127.0.0.1), and MD5 first among the password hashers (Argon2 took 0.8 s
a password here: 13 minutes for 1,000 accounts and as long to sign them in; it is not part of casting).

gunicorn runs config.wsgi as --workers processes of --threads threads (gthread) on this machine's 2
cores, together with the clients and the database. Then, not timed: every member signs in
(POST /accounts/login/, keeping the session and CSRF cookies) and checks in (POST /rep/votes/<pk>/,
action=check_in). Timed: from --clients threads (http.client, keep-alive) every member opens the ballot
(GET /rep/votes/<pk>/, for the CSRF token) and casts (POST action=cast with 0–10 `mark` fields). The
clock covers both requests of all members (with --open-first the pages are opened before the clock,
which then covers the casts only); latencies are those of the POSTs. A ballot is accepted when the
answer (200) shows `data-testid="receipt"`. 2 % of members send their POST twice at once on two
connections (a double tap) and 2 % send it again after the answer (a retry): the second must be refused
(400, "already voted" in `data-testid="ballot-error"`).

Afterwards, in a subprocess, not timed: the vote is closed and counted with the services, and checked:
ballots in the box == members == electors who voted "electronic"; one receipt per member and each
`receipt_counted`; no two ballots share a receipt; the count's votes per candidate equal those of the
accepted ballots as the clients sent them. Then `tally.tally` over the box (median of 20 runs) and
`services.count_vote` (shuffle, tally, audit file) once are timed. Exits non-zero on any loss or duplicate.
Before closing it also prints, as a note and not a check, how many ballots of the open box a reader of
the database could join to the member who cast them (see bench/README.md).

--profile N then, per backend, opens a second vote for the same members and measures in-process
(Django's test client, the same settings and database, one thread) the milliseconds and CPU of the
ballot page and of the cast over N members each, of `services.cast` alone and of the mobile menu's
badges, lists the SQL statements of one cast, and profiles N more casts with cProfile (3N + 11 members).
"""

import argparse
import json
import os
import queue
import random
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup  # noqa: E402

POSTGRES_DATABASE = "minyi_bench_vote"
SQLITE_VAR_DIR = "/tmp/bench-var/vote-sqlite"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SETTINGS = "bench.vote_settings"
LOGIN_PATH = "/accounts/login/"
PASSWORD = "Bench-Vote-2026!"
STAFF_USERNAME = "vote_bench_staff"
DOUBLE_TAPS, RETRIES = 0.02, 0.02
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'data-testid="receipt">\s*([A-Z0-9-]+)\s*<')
BALLOT_ERROR = re.compile(r'data-testid="ballot-error">(.*?)</div>\s*</div>', re.S)
ALREADY_VOTED = ("already voted", "已经投过票", "已投过票", "已经投票", "已投票")
TAG = re.compile(r"<[^>]+>")

# 8 places × 10 projects = the 80 candidates of a city's livelihood projects vote (民生实事项目票决).
PLACES = ("东宝区", "掇刀区", "漳河新区", "高新区", "京山市", "沙洋县", "钟祥市", "屈家岭管理区")
PROJECTS = (
    "老旧小区改造", "农村饮水安全巩固提升", "城区公厕新建改建", "中小学校舍改扩建", "社区养老服务中心建设", "背街小巷路面硬化",
    "农贸市场升级改造", "公办幼儿园扩容", "城乡公交线路延伸", "河道综合治理",
)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument("--open-first", action="store_true", help="Open every ballot page before the clock starts: time the casts only.")
    parser.add_argument("--profile", type=int, default=0, help="Then profile this many casts in-process on each backend.")
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
    clock = "casts only" if arguments.open_first else "open + cast"
    print(f"{'backend':<36}{'ballots':>8}{'wall s':>8}{'ballots/s':>10}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
          f"{'refused':>8}{'errors':>7}{'count s':>8}{'tally ms':>9}  checks ({clock})")
    for r in results:
        print(f"{r['label']:<36}{r['accepted']:>8}{r['seconds']:>8.1f}{r['rate']:>10.0f}{r['p50']:>8.0f}{r['p95']:>8.0f}{r['p99']:>8.0f}"
              f"{r['max']:>8.0f}{r['refused']:>8}{r['errors']:>7}{r['count_seconds']:>8.2f}{r['tally_ms']:>9.1f}  "
              f"{'OK' if r['ok'] else 'FAIL'}")
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
            extra.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="minyi-bench-vote", HUEY_NAME="minyi-bench-vote")
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
               "--profile", str(arguments.profile), "--seed", str(arguments.seed)]
    return subprocess.run(command, cwd=_setup.ROOT, env=environment, check=False).returncode


# --- the members' phones -------------------------------------------------------------------------


class Member:
    """One representative's phone: the cookies of their browser, their ballot, what they were answered."""

    def __init__(self, username, marks, mode):
        self.username, self.marks, self.mode = username, marks, mode  # mode: once, double (tap), retry
        self.cookies = {}
        self.token = None
        self.receipts, self.refusals, self.errors = [], [], []

    def headers(self, form=False):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if form:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def keep_cookies(self, headers):
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            key, _equals, rest = value.partition("=")
            cookie_value = rest.split(";")[0]
            if cookie_value in ("", '""') or "max-age=0" in value.lower():
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = cookie_value

    def get(self, connection, path):
        status, headers, body = connection.request("GET", path, headers=self.headers())
        self.keep_cookies(headers)
        token = CSRF_INPUT.search(body)
        if token:
            self.token = token.group(1)
        return status, headers, body

    def post(self, connection, path, fields):
        body = urlencode([("csrfmiddlewaretoken", self.token or ""), *fields])
        status, headers, answer = connection.request("POST", path, body=body, headers=self.headers(form=True))
        self.keep_cookies(headers)
        return status, headers, answer

    def sign_in_and_check_in(self, connection, vote_path):
        status, _headers, _body = self.get(connection, LOGIN_PATH)
        if status != 200 or "csrftoken" not in self.cookies:
            raise RuntimeError(f"{self.username}: the sign-in page answered HTTP {status}")
        status, headers, body = self.post(connection, LOGIN_PATH, [("username", self.username), ("password", PASSWORD)])
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username}: sign-in answered HTTP {status}: {text_of(body)[:200]!r}")
        status, _headers, body = self.get(connection, vote_path)
        if status != 200 or 'data-testid="check-in"' not in body:
            raise RuntimeError(f"{self.username}: the ballot page before check-in answered HTTP {status}: {text_of(body)[:200]!r}")
        status, headers, body = self.post(connection, vote_path, [("action", "check_in")])
        if status != 302:
            raise RuntimeError(f"{self.username}: check-in answered HTTP {status}: {text_of(body)[:200]!r}")

    def cast_fields(self):
        return [("action", "cast"), *(("mark", str(number)) for number in self.marks)]

    def judge(self, status, body, milliseconds, answers):
        """Sort an answer to a cast: a receipt, an "already voted" refusal, or an error."""
        receipt = RECEIPT.search(body)
        box = BALLOT_ERROR.search(body)
        if status == 200 and receipt:
            self.receipts.append(receipt.group(1))
            kind = "accepted"
        elif status == 400 and box and any(marker in text_of(box.group(1)) for marker in ALREADY_VOTED):
            self.refusals.append(text_of(box.group(1)))
            kind = "refused"
        else:
            self.errors.append((status, text_of(box.group(1)) if box else text_of(body)[:300]))
            kind = "error"
        answers.append((milliseconds, kind))


def text_of(html):
    return " ".join(TAG.sub(" ", html).split())


def run_threads(count, work, task):
    """Run `task(worker_number, item)` over the queue `work` from `count` threads started together;
    returns the seconds from the start to the last thread's end."""
    start = threading.Barrier(count + 1)
    failures = []

    def worker(number):
        start.wait()
        while True:
            try:
                item = work.get_nowait()
            except queue.Empty:
                return
            try:
                task(number, item)
            except Exception as error:  # noqa: BLE001 - one member's failure is reported, the others go on
                failures.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(count)]
    return _setup.timed_run(threads, start), failures


def queue_of(items):
    work = queue.SimpleQueue()
    for item in items:
        work.put(item)
    return work


def cast_all(members, connections, vote_path, port, open_first):
    """The timed part: every member opens the ballot (unless it is open already) and casts it."""
    answers, gets, lock = [], [], threading.Lock()

    def cast(number, member):
        connection = connections[number]
        if not open_first:
            started = time.perf_counter()
            member.get(connection, vote_path)
            with lock:
                gets.append((time.perf_counter() - started) * 1000)
        fields = member.cast_fields()
        body = urlencode([("csrfmiddlewaretoken", member.token or ""), *fields])
        if member.mode == "double":
            # The same POST on two connections, both sent before either answer is read.
            second = _setup.Connection(port)
            started = time.perf_counter()
            connection.send("POST", vote_path, body, member.headers(form=True))
            second.send("POST", vote_path, body, member.headers(form=True))
            replies = []
            for sender in (connection, second):
                status, headers, answer = sender.receive()
                replies.append((status, answer, (time.perf_counter() - started) * 1000))
                member.keep_cookies(headers)
            second.close()
        else:
            replies = []
            for _attempt in range(2 if member.mode == "retry" else 1):
                started = time.perf_counter()
                status, _headers, answer = member.post(connection, vote_path, fields)
                replies.append((status, answer, (time.perf_counter() - started) * 1000))
        with lock:
            for status, answer, milliseconds in replies:
                member.judge(status, answer, milliseconds, answers)

    if open_first:
        run_threads(len(connections), queue_of(members), lambda number, member: member.get(connections[number], vote_path))
    seconds, failures = run_threads(len(connections), queue_of(members), cast)
    return answers, gets, seconds, failures


def run_backend(backend, arguments):
    environment, label = prepare(backend, arguments)
    label = f"{label}, {arguments.workers}×{arguments.threads} gthread"
    state_path = Path(environment["MINYI_VAR_DIR"]) / f"vote-cast-{backend}.json"
    started = time.monotonic()
    if phase("setup", environment, arguments, state_path):
        sys.exit(f"{label}: the setup failed")
    state = json.loads(state_path.read_text())
    print(f"{label}: {arguments.members:,} members, vote {state['vote']} opened with {state['electorate']:,} electors "
          f"(setup {time.monotonic() - started:.0f} s)", flush=True)
    vote_path = f"/rep/votes/{state['vote']}/"
    rng = random.Random(arguments.seed)
    favourites = set(rng.sample(range(1, state["candidates"] + 1), state["places"] + 2))
    members = []
    for username in state["usernames"]:
        roll = rng.random()
        mode = "double" if roll < DOUBLE_TAPS else "retry" if roll < DOUBLE_TAPS + RETRIES else "once"
        members.append(Member(username, ballot_marks(rng, state["candidates"], state["places"], favourites), mode))
    rng.shuffle(members)  # the order they press "cast" is not the order of the list
    log_path = Path(_setup.DEFAULT_VAR_DIR) / f"gunicorn-vote-{backend}.log"
    with log_path.open("w") as log:
        server = _setup.GunicornServer(environment, port=arguments.port, workers=arguments.workers, threads=arguments.threads, log=log, ready_path=LOGIN_PATH)
        try:
            connections = [_setup.Connection(server.port) for _n in range(arguments.clients)]
            started = time.perf_counter()
            seconds, failures = run_threads(
                arguments.clients, queue_of(members), lambda number, member: member.sign_in_and_check_in(connections[number], vote_path)
            )
            if failures:
                for failure in failures[:5]:
                    print(f"  {failure}")
                sys.exit(f"{label}: {len(failures)} members could not sign in and check in; see {log_path}")
            print(f"  {len(members):,} members signed in and checked in in {seconds:.1f} s (not timed)", flush=True)
            cpu_started = time.process_time()
            answers, gets, seconds, failures = cast_all(members, connections, vote_path, server.port, arguments.open_first)
            client_cpu = time.process_time() - cpu_started
        finally:
            server.stop()
    accepted = sum(1 for _ms, kind in answers if kind == "accepted")
    refused = sum(1 for _ms, kind in answers if kind == "refused")
    timings = [ms for ms, _kind in answers]
    reconnects = sum(c.reconnects for c in connections)
    print(f"  timed ({'casts only: ballots opened before the clock' if arguments.open_first else 'each member opens the ballot, then casts'}): "
          f"{len(answers):,} POSTs from {arguments.clients} clients in {seconds:.2f} s: {accepted:,} ballots accepted "
          f"({accepted / seconds:.0f}/s), {refused} second sendings refused as already voted, "
          f"{len(answers) - accepted - refused} other answers; POST p50 {_setup.percentile(timings, 0.5):.0f} ms, "
          f"p95 {_setup.percentile(timings, 0.95):.0f} ms, p99 {_setup.percentile(timings, 0.99):.0f} ms, max {max(timings, default=0):.0f} ms")
    if gets:
        print(f"  ballot page GET p50 {_setup.percentile(gets, 0.5):.0f} ms, p99 {_setup.percentile(gets, 0.99):.0f} ms "
              f"(in the wall time, not in the POST latencies)")
    print(f"  the clients used {client_cpu:.1f} s CPU ({client_cpu / seconds:.0%} of one core); reconnects {reconnects}; log {log_path}")
    for failure in failures[:5]:
        print(f"  client failure: {failure}")
    errors = [(m.username, status, text) for m in members for status, text in m.errors]
    for username, status, text in errors[:5]:
        print(f"  {username}: HTTP {status}: {text[:200]!r}")

    state["sent"] = [
        {"username": m.username, "marks": m.marks, "mode": m.mode, "receipts": m.receipts, "refusals": len(m.refusals), "errors": len(m.errors)}
        for m in members
    ]
    state_path.write_text(json.dumps(state, ensure_ascii=False))
    checks = phase("check", environment, arguments, state_path)
    verdict = json.loads(state_path.read_text()).get("verdict", {})
    if arguments.profile:
        phase("profile", environment, arguments, state_path)
    return {
        "label": label, "accepted": accepted, "seconds": seconds, "rate": accepted / seconds, "refused": refused,
        "errors": len(answers) - accepted - refused + len(failures), "p50": _setup.percentile(timings, 0.5),
        "p95": _setup.percentile(timings, 0.95), "p99": _setup.percentile(timings, 0.99), "max": max(timings, default=0),
        "count_seconds": verdict.get("count_seconds", float("nan")), "tally_ms": verdict.get("tally_ms", float("nan")),
        "ok": checks == 0 and not failures and accepted == len(members),
    }


def ballot_marks(rng, candidates, places, favourites=()):
    """Most members mark all places, some fewer, a few none (a blank ballot counts as cast); the
    favourites are marked far more often, so that some candidates pass the threshold."""
    count = places if rng.random() < 0.7 else rng.randint(0, places - 1)
    numbers = range(1, candidates + 1)
    weights = [20 if number in favourites else 1 for number in numbers]
    chosen = set()
    while len(chosen) < count:
        chosen.add(rng.choices(numbers, weights)[0])
    return sorted(chosen)


# --- in-process phases (Django set up on the backend's database) -----------------------------------


def setup_phase(arguments):
    import datetime

    from django.utils import timezone

    from minyi.accounts.models import Role
    from minyi.organisations.models import Congress, Session, Term
    from minyi.regions.models import Level
    from minyi.representatives.models import Mandate, Representative
    from minyi.testing import person, region
    from minyi.voting import services
    from minyi.voting.models import Body, Kind

    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    today = timezone.localdate()
    province = region("420000000000", "湖北省", Level.PROVINCE)
    city = region("420800000000", "荆门市", Level.CITY, province)
    congress = Congress.objects.create(region=city, name="荆门市人民代表大会")
    term = Term.objects.create(congress=congress, number=9, start=today - datetime.timedelta(days=3 * 365), end=today + datetime.timedelta(days=2 * 365))
    session = Session.objects.create(term=term, number=6, start=today, end=today + datetime.timedelta(days=3))
    staff = person(STAFF_USERNAME, Role.CONGRESS_STAFF, congress=congress, full_name="王晓梅", password=PASSWORD)
    tellers = [person(f"vote_bench_teller_{n}", Role.CONGRESS_STAFF, congress=congress, full_name=name, password=PASSWORD)
               for n, name in ((1, "计票人甲"), (2, "计票人乙"))]
    started = time.perf_counter()
    usernames, representatives = [], []
    for number in range(1, arguments.members + 1):
        name = f"{surnames[number % len(surnames)]}代表{number:04d}"
        representative = Representative.objects.create(name=name, public_code=f"VB{number:05d}")
        username = f"member{number:04d}"
        person(username, Role.REPRESENTATIVE, representative=representative, full_name=name, password=PASSWORD)
        usernames.append(username)
        representatives.append(representative)
    Mandate.objects.bulk_create(
        Mandate(representative=representative, level="city", congress=congress, term=term, start=term.start) for representative in representatives
    )
    print(f"  {arguments.members:,} representatives with accounts in {time.perf_counter() - started:.1f} s", flush=True)
    candidates = [(f"{place}{project}", f"{place}{project}：计划投资{(n * 37) % 90 + 10}00万元，年内完工。", f"项目-{n:03d}")
                  for n, (place, project) in enumerate(((p, q) for q in PROJECTS for p in PLACES), start=1)]
    vote = services.create_vote(
        staff, congress=congress, title=f"{today.year + 1}年民生实事项目票决", kind=Kind.DIFFERENTIAL, body=Body.SESSION,
        session=session, places=10, options=candidates,
    )
    services.set_tellers(staff, vote, tellers)
    vote = services.open_vote(staff, vote)
    Path(arguments.state).write_text(json.dumps({
        "vote": vote.pk, "electorate": vote.electorate_size, "usernames": usernames, "candidates": len(candidates), "places": vote.places,
    }))


def check_phase(arguments):
    import statistics

    from django.db import connection

    from minyi.accounts.models import User
    from minyi.voting import services, tally
    from minyi.voting.models import Elector, Vote

    state = json.loads(Path(arguments.state).read_text())
    sent = state["sent"]
    vote = Vote.objects.get(pk=state["vote"])
    staff = User.objects.get(username=STAFF_USERNAME)
    failures = []

    def check(ok, text):
        print(f"  {'OK  ' if ok else 'FAIL'} {text}")
        if not ok:
            failures.append(text)

    members = len(sent)
    electronic = vote.electors.filter(method=Elector.Method.ELECTRONIC).count()
    present = vote.electors.exclude(attendance="").count()
    linked = ballots_linked_to_members(vote, sent)
    print(f"  note (secrecy, not a check of the bench): before closing, {linked:,} of {vote.ballots.count():,} ballots could be joined "
          f"to the member who cast them ({LINK_METHOD[connection.vendor]}), and carried exactly the marks that member sent")
    started = time.perf_counter()
    vote = services.close_vote(staff, vote)
    close_seconds = time.perf_counter() - started
    started = time.perf_counter()
    vote = services.count_vote(staff, vote)
    count_seconds = time.perf_counter() - started
    ballots = vote.ballots.count()
    receipts = [code for row in sent for code in row["receipts"]]
    check(present == members, f"{present:,} of {members:,} members present (checked in)")
    check(ballots == members, f"{ballots:,} ballots in the box for {members:,} members")
    check(electronic == members, f"{electronic:,} electors voted electronic")
    check(vote.result["cast"] == members, f"the count has {vote.result['cast']:,} ballots cast")
    one_each = sum(1 for row in sent if len(row["receipts"]) == 1)
    check(one_each == members, f"{one_each:,} members got exactly one receipt "
          f"({sum(1 for row in sent if not row['receipts'])} none, {sum(1 for row in sent if len(row['receipts']) > 1)} two or more)")
    digests = vote.ballots.values("receipt_digest").distinct().count()
    check(digests == ballots, f"{digests:,} distinct receipt digests among {ballots:,} ballots (no member has two ballots)")
    counted = sum(1 for code in receipts if services.receipt_counted(vote, code))
    check(counted == len(receipts), f"{counted:,} of {len(receipts):,} receipts counted")
    expected = {}
    for row in sent:
        if row["receipts"]:
            for number in row["marks"]:
                expected[str(number)] = expected.get(str(number), 0) + 1
    got = {number: votes for number, votes in vote.result["counts"].items() if votes}
    check(got == expected, f"votes per candidate equal those of the accepted ballots as sent ({sum(expected.values()):,} marks)")
    refusals = sum(row["refusals"] for row in sent)
    second_sendings = sum(1 for row in sent if row["mode"] != "once")
    check(refusals == second_sendings, f"{refusals} of {second_sendings} second sendings refused as already voted")

    options = list(vote.options.values_list("position", flat=True))
    box = [list(marks) for marks in vote.ballots.values_list("marks", flat=True)]
    runs = []
    for _run in range(20):
        started = time.perf_counter()
        result = tally.tally(vote.rules(), options, box)
        runs.append(time.perf_counter() - started)
    tally_ms = statistics.median(runs) * 1000
    print(f"  close_vote {close_seconds * 1000:.0f} ms (shuffle of the box); count_vote {count_seconds * 1000:.0f} ms (shuffle again, tally, "
          f"audit file); tally.tally alone over the {len(box):,} ballots: median {tally_ms:.1f} ms, slowest {max(runs) * 1000:.1f} ms of 20")
    print(f"  result: valid {result.valid}, blank {result.blank}, invalid {result.invalid}; chosen {list(result.chosen)}, "
          f"tied {list(result.tied)}, open places {result.open_places}")
    state["verdict"] = {"failures": failures, "count_seconds": count_seconds, "close_seconds": close_seconds, "tally_ms": tally_ms}
    Path(arguments.state).write_text(json.dumps(state, ensure_ascii=False))
    if failures:
        sys.exit(1)


LINK_METHOD = {
    "postgresql": "the ballot row's xmin equals that of the audit entry of its elector's 'voted electronic' change, whose actor is the member",
    "sqlite": "the n-th ballot by rowid paired with the n-th audit entry of an elector's 'voted electronic' change, whose actor is the member",
}


def ballots_linked_to_members(vote, sent):
    """While the box is open: how many ballots a reader of the database can attribute, checked
    against the marks each member's client actually sent."""
    from django.db import connection

    from minyi.accounts.models import User

    marks_of = {row["username"]: row["marks"] for row in sent if row["receipts"]}
    username_of = dict(User.objects.values_list("pk", "username"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT b.marks::text, a.actor_id FROM voting_ballot b JOIN audit_auditentry a ON a.xmin = b.xmin "
                "WHERE b.vote_id = %s AND a.object_type = 'voting.elector' AND a.changes ? 'method'", [vote.pk],
            )
            pairs = cursor.fetchall()
        else:
            cursor.execute("SELECT marks FROM voting_ballot WHERE vote_id = %s ORDER BY rowid", [vote.pk])
            box = [row[0] for row in cursor.fetchall()]
            electors = {str(pk) for pk in vote.electors.values_list("pk", flat=True)}
            cursor.execute(
                "SELECT object_id, actor_id FROM audit_auditentry WHERE object_type = 'voting.elector' "
                "AND json_extract(changes, '$.method') IS NOT NULL ORDER BY id"
            )
            actors = [actor for object_id, actor in cursor.fetchall() if object_id in electors]
            pairs = list(zip(box, actors))
    return sum(1 for marks, actor in pairs if json.loads(marks) == marks_of.get(username_of.get(actor)))


def profile_phase(arguments):
    """Where one member's time goes, in-process and in one thread: the ballot page (GET), the cast
    (POST), and inside the cast the service alone and the menu's badges; then cProfile over casts."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client as TestClient

    from minyi.accounts import access
    from minyi.accounts.models import User
    from minyi.core import navigation
    from minyi.voting import services
    from minyi.voting.models import Body, Kind, Vote

    state = json.loads(Path(arguments.state).read_text())
    count = arguments.profile
    needed = 3 * count + 11
    if needed > len(state["usernames"]):
        sys.exit(f"--profile {count} needs {needed} members")
    first = Vote.objects.get(pk=state["vote"])
    staff = User.objects.get(username=STAFF_USERNAME)
    vote = services.create_vote(
        staff, congress=first.congress, title="民生实事项目票决（剖析）", kind=Kind.DIFFERENTIAL, body=Body.SESSION, session=first.session,
        places=first.places, options=[(o.label, o.description, o.reference) for o in first.options.all()],
    )
    vote = services.open_vote(staff, vote)
    users = list(User.objects.filter(username__in=state["usernames"][:needed]).order_by("username"))
    for user in users:
        services.check_in(user, vote)
    rng = random.Random(arguments.seed)
    path = f"/rep/votes/{vote.pk}/"
    browser = TestClient()

    def marks():
        return ballot_marks(rng, state["candidates"], state["places"])

    def sign_in(user):
        browser.logout()
        browser.force_login(user)

    def open_ballot(_user):
        response = browser.get(path)
        if response.status_code != 200 or b'data-testid="ballot"' not in response.content:
            raise RuntimeError(f"HTTP {response.status_code}: {response.content[:300]!r}")

    def cast(_user):
        response = browser.post(path, {"action": "cast", "mark": marks()})
        if response.status_code != 200 or b'data-testid="receipt"' not in response.content:
            raise RuntimeError(f"HTTP {response.status_code}: {response.content[:300]!r}")

    def cast_service(user):
        services.cast(user, vote, marks())

    def badges(user):
        navigation.entries_for(access.actor_for(user), "mobile", path)

    def per_call(steps, group):
        """Milliseconds of wall time and of this process's CPU per call of each step, the steps run
        one after the other for each member of `group` (signed in first, not timed)."""
        seconds, cpu = [0.0] * len(steps), [0.0] * len(steps)
        for user in group:
            sign_in(user)
            for number, step in enumerate(steps):
                access.forget(user)  # as in a new request: the member's roles are read again
                started, cpu_started = time.perf_counter(), time.process_time()
                step(user)
                seconds[number] += time.perf_counter() - started
                cpu[number] += time.process_time() - cpu_started
        return [(s / len(group) * 1000, c / len(group) * 1000) for s, c in zip(seconds, cpu)]

    for user in users[:10]:  # warm-up: templates, connections, translations
        sign_in(user)
        open_ballot(user)
        cast(user)
    statements = {"GET": [], "POST": []}
    for method, step in (("GET", open_ballot), ("POST", cast)):
        def record(execute, sql, params, many, context, method=method):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statements[method].append(((time.perf_counter() - started) * 1000, sql))

        if method == "GET":
            sign_in(users[10])
        with connection.execute_wrapper(record):
            step(users[10])

    page, answer, menu = per_call((open_ballot, cast, badges), users[11 : 11 + count])
    [service] = per_call((cast_service,), users[11 + count : 11 + 2 * count])
    print(f"\n{connection.vendor}, in-process (Django's test client, no HTTP, one thread; {_setup.load_line()}), ms per call, wall / CPU:")
    print(f"  ballot page GET {page[0]:.1f} / {page[1]:.1f}: {len(statements['GET'])} SQL statements, {sum(ms for ms, _s in statements['GET']):.1f} ms in them")
    print(f"  cast POST       {answer[0]:.1f} / {answer[1]:.1f}: {len(statements['POST'])} SQL statements, {sum(ms for ms, _s in statements['POST']):.1f} ms in them")
    print(f"    of which services.cast alone (called directly) {service[0]:.1f} / {service[1]:.1f}")
    print(f"    and the mobile menu's badges (navigation.entries_for, on every page) {menu[0]:.1f} / {menu[1]:.1f}")
    print(f"\nSQL of one cast (the POST, from the session to the rendered receipt): {len(statements['POST'])} statements")
    for milliseconds, sql in statements["POST"]:
        print(f"  {milliseconds:6.2f} ms  {sql[:160]}")
    profiler = cProfile.Profile()
    seconds = 0.0
    for user in users[11 + 2 * count : 11 + 3 * count]:
        sign_in(user)
        access.forget(user)
        started = time.perf_counter()
        profiler.enable()
        cast(user)
        profiler.disable()
        seconds += time.perf_counter() - started
    print(f"\n{count} more casts under cProfile: {seconds / count * 1000:.1f} ms each")
    for order, restriction in (("cumulative", r"minyi/|django/(template/loader|db/models/sql/compiler.py:.*execute_sql|contrib/sessions)"),
                               ("cumulative", ""), ("tottime", "")):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(order)
        stats.print_stats(restriction, 40) if restriction else stats.print_stats(30)
        print(out.getvalue())


if __name__ == "__main__":
    socket.setdefaulttimeout(60)
    main()
