"""The archive of one representative (一人一档) over five years of records, among 200 other
representatives with as many, on PostgreSQL and on SQLite: how long `archive.build` takes for one year
and for all five, and the archive pages that show it.

    .venv/bin/python bench/duty_archive.py [--backends postgres,sqlite] [--others 200] [--years 5] [--runs 20]
                                           [--citizen-opinions 20000] [--reuse] [--profile] [--explain]

Each backend gets a fresh database of its own (PostgreSQL: minyi_bench_archive, with Redis db 13 as
cache when Redis answers; SQLite: the embedded mode under /tmp/bench-var/archive-sqlite), migrated;
--reuse keeps a database already filled by an earlier run with the same --others and --years. The
records are written directly as rows (bulk_create, not timed; the services stamp everything "now",
and five years of services calls would take long), shaped as the services leave them. For each of the
--others + 1 representatives (city mandates from 1 January five years ago), per year:

- about 40 activities attended of every kind (two sessions of the congress with everyone invited,
  inspections, research, law-enforcement inspections, reception days at stations, trainings, contacts
  with voters, other), ~16 invited to each and ~94 % of them present (by code or by hand; a few
  attendances waiting for staff or not confirmed); a session missed now and then, some with approved
  leave; a report back to voters (its own meeting and a ReportBack row);
- 24–36 citizens' opinions received (matters of kind "opinion" with their Opinion row and 3–7 timeline
  events each), a quarter of them resolved on the spot (a `resolve_on_spot` event, then evaluated);
- 2–4 suggestions as lead and about 2 as co-signer (Signer rows, most confirmed; a few withdrawn),
  with 5–7 timeline events each and an evaluation for most of the closed ones;
- 10 votes of the congress with every representative an elector (Elector rows, ~95 % voted);
- 1–4 activities added by the representative (SelfReport), most confirmed;

plus --citizen-opinions opinions that went to no representative, so the matters and timeline tables
are not the representatives' alone. The one representative measured is the first.

Timed in-process (one thread; median, fastest and slowest of --runs runs after a warm-up, the median
of the process's CPU time; the SQL statements of one run): `archive.records` and `archive.build` for the last complete year and for all
years (1 January of the first year to today), `archive.counts` of every representative for that year
(the congress-wide statistics), and, when their URLs resolve (`duty:rep_archive`, `duty:desk_archive`),
the pages through Django's test client: the representative's phone archive (?year=YYYY and ?all=1)
and the staff's (same periods). --explain prints the plan of each statement of the all-years build
(its time and any table read whole); --profile adds cProfile of the all-years page.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup  # noqa: E402

POSTGRES_DATABASE = "minyi_bench_archive"
SQLITE_VAR_DIR = "/tmp/bench-var/archive-sqlite"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SETTINGS = "bench.vote_settings"
PASSWORD = "Bench-Archive-2026!"
REP_USERNAME, STAFF_USERNAME = "archive_bench_rep", "archive_bench_staff"
CODE_PREFIX = "AR"

PLACES = ("龙井社区", "象山街道代表联络站", "子陵铺镇人大代表之家", "掇刀区市民中心", "漳河新区管委会", "荆门高新区双创中心", "东宝工业园",
          "白庙街道代表联络站", "石桥驿镇政府", "荆门市民之家")
SUBJECTS = ("老旧小区改造", "农村饮水安全", "城区公厕建设", "中小学校舍改扩建", "社区养老服务", "背街小巷路面硬化", "农贸市场升级",
            "公办幼儿园扩容", "城乡公交延伸", "河道综合治理", "优化营商环境", "食品安全", "乡村振兴", "医保基金监管")
OPINION_PROBLEMS = ("路灯不亮", "井盖缺失", "道路积水", "噪音扰民", "小区加装电梯", "学位紧张", "医保报销", "垃圾清运不及时", "停车难",
                    "公交班次少", "自来水压力不足", "占道经营")
ORGANISERS = ("城建环资工委", "教科文卫工委", "财经工委", "法制工委", "代表工委", "监察和司法工委")
ACTIVITY_KINDS = (("inspection", 20), ("research", 20), ("law_enforcement", 8), ("reception", 20), ("training", 8), ("contact", 12), ("other", 7))
KIND_WORDS = {"inspection": "视察", "research": "调研", "law_enforcement": "执法检查", "reception": "代表接待日", "training": "履职培训",
              "contact": "联系选民", "other": "活动", "report_back": "述职", "session": "会议"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--others", type=int, default=200, help="Representatives besides the one measured, with as many records.")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--citizen-opinions", type=int, default=20000, help="Opinions that went to no representative.")
    parser.add_argument("--reuse", action="store_true", help="Keep a database filled by an earlier run instead of starting afresh.")
    parser.add_argument("--profile", action="store_true", help="cProfile of the representative's all-years page.")
    parser.add_argument("--explain", action="store_true", help="The plan of each statement of archive.build over all years.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--phase", choices=("run",), help=argparse.SUPPRESS)
    parser.add_argument("--state", help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.phase:
        sys.path.insert(0, str(_setup.ROOT))
        import django

        django.setup()
        run_phase(arguments)
        return
    results = []
    for backend in [b.strip() for b in arguments.backends.split(",") if b.strip()]:
        environment, label = prepare(backend, arguments)
        state_path = Path(environment["MINYI_VAR_DIR"]) / f"duty-archive-{backend}.json"
        state_path.unlink(missing_ok=True)
        print(f"\n{label}", flush=True)
        command = [_setup.PYTHON, __file__, "--phase", "run", "--state", str(state_path), *forwarded(arguments)]
        if subprocess.run(command, cwd=_setup.ROOT, env=environment, check=False).returncode:
            sys.exit(f"{label}: the run failed")
        results.append((label, json.loads(state_path.read_text())))
    print()
    print(_setup.load_line())
    print(f"{'backend':<22}{'what':<52}{'median ms':>10}{'min':>8}{'max':>8}{'CPU ms':>8}{'SQL':>5}{'SQL ms':>8}{'records':>8}")
    for label, rows in results:
        for row in rows:
            print(f"{label:<22}{row['what']:<52}{row['median']:>10.1f}{row['min']:>8.1f}{row['max']:>8.1f}{row['cpu']:>8.1f}{row['queries']:>5}{row['sql_ms']:>8.1f}{row['records']:>8}")


def forwarded(arguments):
    return ["--others", str(arguments.others), "--years", str(arguments.years), "--runs", str(arguments.runs),
            "--citizen-opinions", str(arguments.citizen_opinions), "--seed", str(arguments.seed),
            *(["--reuse"] if arguments.reuse else []), *(["--profile"] if arguments.profile else []),
            *(["--explain"] if arguments.explain else [])]


def redis_available():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


def prepare(backend, arguments):
    """A migrated database (fresh unless --reuse): (environment for the run, a label)."""
    if backend == "postgres":
        _setup.create_database(POSTGRES_DATABASE, drop=not arguments.reuse)
        url = _setup.database_url(POSTGRES_DATABASE)
        _setup.manage("migrate", "-v0", url=url)
        extra = {"DJANGO_SETTINGS_MODULE": SETTINGS}
        if not arguments.no_redis and redis_available():
            extra.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="minyi-bench-archive", HUEY_NAME="minyi-bench-archive")
        environment = _setup.environment(url, **extra)
        return environment, f"PostgreSQL{' + Redis' if 'REDIS_URL' in environment else ''}"
    if backend == "sqlite":
        var_dir = Path(SQLITE_VAR_DIR)
        var_dir.mkdir(parents=True, exist_ok=True)
        if not arguments.reuse:
            for leftover in var_dir.glob("*.sqlite3*"):
                leftover.unlink()
        url = f"sqlite:///{var_dir}/minyi.sqlite3"
        _setup.manage("migrate", "-v0", url=url, var_dir=str(var_dir))
        return _setup.environment(url, str(var_dir), DJANGO_SETTINGS_MODULE=SETTINGS), "SQLite (embedded)"
    sys.exit(f"unknown backend {backend!r}: postgres or sqlite")


# --- the records (in the run's process, Django set up on the backend's database) ---------------------


class Writer:
    """Rows gathered per model and written in batches, in an order that respects the foreign keys."""

    def __init__(self):
        self.rows = {}

    def add(self, row):
        self.rows.setdefault(type(row), []).append(row)

    def flush(self, *models):
        for model in models:
            rows = self.rows.pop(model, [])
            model.objects.bulk_create(rows, batch_size=2000)


def build_records(arguments, rng):
    import datetime
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    from minyi.accounts.models import Role
    from minyi.duty.models import Activity, Attendance, Invitation, LeaveRequest, ReportBack, SelfReport
    from minyi.matters.models import Channel, Evaluation, Matter, Rating, TimelineEvent
    from minyi.opinions.models import Opinion
    from minyi.organisations.models import Congress, Term
    from minyi.regions.models import Level
    from minyi.representatives.models import Mandate, Representative
    from minyi.suggestions.models import Signer, Suggestion
    from minyi.testing import person, region
    from minyi.voting.models import Body, Elector, Kind, Vote

    assert isinstance(rng, random.Random)
    zone = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate()
    first_year = today.year - arguments.years + 1
    province = region("420000000000", "湖北省", Level.PROVINCE)
    city = region("420800000000", "荆门市", Level.CITY, province)
    congress = Congress.objects.create(region=city, name="荆门市人民代表大会")
    term = Term.objects.create(congress=congress, number=9, start=datetime.date(first_year, 1, 1), end=datetime.date(first_year + 5, 12, 31))
    staff = person(STAFF_USERNAME, Role.CONGRESS_STAFF, congress=congress, full_name="王晓梅", password=PASSWORD)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    reps = Representative.objects.bulk_create(
        Representative(name="李春梅" if n == 0 else f"{surnames[n % len(surnames)]}代表{n:04d}", public_code=f"{CODE_PREFIX}{n:05d}")
        for n in range(arguments.others + 1)
    )
    person(REP_USERNAME, Role.REPRESENTATIVE, representative=reps[0], full_name=reps[0].name, password=PASSWORD)
    Mandate.objects.bulk_create(Mandate(representative=r, level="city", congress=congress, term=term, start=term.start) for r in reps)

    def moment(day, hour=9):
        return datetime.datetime.combine(day, datetime.time(hour, rng.choice((0, 0, 30))), zone)

    def random_day(year):
        last = min(datetime.date(year, 12, 31), today - datetime.timedelta(days=1))
        first = datetime.date(year, 1, 1)
        return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))

    def capped(at):
        return at if at < now else now - datetime.timedelta(minutes=rng.randrange(1, 600))

    counts = {}
    writer = Writer()

    def activities(year):
        """The year's activities with their invitations and attendances (and a report back for each)."""
        planned = []  # (activity, invited, kind)
        for number, month in enumerate((3, 11 if year < today.year else max(1, today.month - 1)), start=1):
            day = datetime.date(year, month, rng.randint(1, 20))
            planned.append((Activity(congress=congress, kind="session", title=f"荆门市第九届人民代表大会第{number + 2 * (year - first_year)}次会议",
                                     starts_at=moment(day, 8), ends_at=moment(day + datetime.timedelta(days=3), 12), place="荆门市民之家",
                                     organiser="市人大常委会办公室", created_by=staff), reps))
        group = min(16, len(reps))
        per_year = round(len(reps) * 37 / (group * 0.94))
        kinds, weights = zip(*ACTIVITY_KINDS)
        for _n in range(per_year):
            kind = rng.choices(kinds, weights)[0]
            day = random_day(year)
            place = rng.choice(PLACES)
            planned.append((Activity(congress=congress, kind=kind, title=f"{rng.choice(SUBJECTS)}{KIND_WORDS[kind]}", starts_at=moment(day),
                                     ends_at=moment(day, 12), place=place, organiser=rng.choice(ORGANISERS), public=rng.random() < 0.9,
                                     created_by=staff), rng.sample(reps, group)))
        for rep in reps:  # each gives a report back to the voters once a year
            day = random_day(year)
            planned.append((Activity(congress=congress, kind="report_back", title=f"{rep.name}向选民述职", starts_at=moment(day, 14),
                                     ends_at=moment(day, 17), place=rng.choice(PLACES), organiser="代表工委", created_by=staff), [rep]))
        made = Activity.objects.bulk_create([activity for activity, _invited in planned], batch_size=2000)
        for activity, (_planned, invited) in zip(made, planned):
            for rep in invited:
                writer.add(Invitation(activity=activity, representative=rep))
                roll = rng.random()
                if roll < (0.04 if activity.kind == "session" else 0.06) and activity.kind != "report_back":
                    if activity.kind == "session" and rng.random() < 0.5:
                        writer.add(LeaveRequest(activity=activity, representative=rep, reason="出差在外", state="approved",
                                                requested_at=activity.starts_at - datetime.timedelta(days=2), decided_by=staff,
                                                decided_at=activity.starts_at - datetime.timedelta(days=1)))
                    continue
                by_hand = rng.random() < 0.1
                state = rng.choices(("confirmed", "pending", "rejected"), (97, 2, 1))[0]
                writer.add(Attendance(activity=activity, representative=rep, how="hand" if by_hand else "code", state=state,
                                      unplanned_reason="" if state == "confirmed" else "scanned outside the activity's time",
                                      note="没有智能手机" if by_hand else "", at=activity.starts_at + datetime.timedelta(minutes=rng.randrange(-30, 20)),
                                      recorded_by=staff if by_hand else None))
            if activity.kind == "report_back":
                rep = invited[0]
                writer.add(ReportBack(representative=rep, congress=congress, year=year, title=f"{rep.name}{year}年度述职报告",
                                      text="一年来，本人认真履行代表职责……", summary={}, activity=activity, created_by=staff,
                                      created_at=activity.starts_at - datetime.timedelta(days=7)))
        writer.flush(Invitation, LeaveRequest, Attendance, ReportBack)
        counts["activities"] = counts.get("activities", 0) + len(made)

    def timeline(matter, steps):
        """Events every few days from the matter's creation, never past now."""
        at = matter.created_at
        status = ""
        for action, to_status in steps:
            writer.add(TimelineEvent(matter=matter, at=at, action=action, from_status=status, to_status=to_status,
                                     actor_label="人大代表" if action in ("open", "resolve_on_spot", "forward") else "工作人员"))
            status = to_status
            at = capped(at + datetime.timedelta(days=rng.uniform(0.5, 12)))
        return at

    def opinions(year):
        planned = []
        for rep in [*reps, *([None] * (arguments.citizen_opinions // arguments.years))]:
            for _n in range(rng.randint(24, 36) if rep is not None else 1):
                created = capped(moment(random_day(year), rng.randint(8, 20)))
                problem = rng.choice(OPINION_PROBLEMS)
                place = rng.choice(PLACES)
                on_spot = rep is not None and rng.random() < 0.25
                young = (now - created).days < 30
                if on_spot:
                    steps = [("open", "with_representative"), ("resolve_on_spot", "replied")] + ([] if young else [("evaluate", "closed")])
                else:
                    steps = [("open", "with_representative" if rep else "submitted"), *([("forward", "submitted")] if rep else []),
                             ("accept", "accepted"), ("assign", "assigned")]
                    steps += [("sign", "handling")] if young else [("sign", "handling"), ("reply", "replied"), ("evaluate", "closed")]
                matter = Matter(kind="opinion", title=f"{place}{problem}", text=f"{place}附近{problem}，已经有一段时间了，希望尽快解决。",
                                region_code=city.pk, channel=Channel.REPRESENTATIVE_ON_BEHALF if rep else Channel.H5, representative=rep,
                                owner_congress=congress, status=steps[-1][1], created_at=created)
                planned.append((matter, steps))
        made = Matter.objects.bulk_create([matter for matter, _steps in planned], batch_size=2000)
        for matter, (_planned, steps) in zip(made, planned):
            last = timeline(matter, steps)
            if matter.status == "closed":
                writer.add(Evaluation(matter=matter, rating=rng.choices(Rating.values, (70, 20, 10))[0], by_label="群众", at=last))
            writer.add(Opinion(matter=matter, citizen_name="张先生", consent_at=matter.created_at, publish_consent=rng.random() < 0.5))
        writer.flush(TimelineEvent, Evaluation, Opinion)
        counts["opinions"] = counts.get("opinions", 0) + len(made)

    number = [0]

    def suggestions(year):
        planned = []
        for rep in reps:
            for _n in range(rng.randint(2, 4)):
                created = capped(moment(random_day(year), rng.randint(8, 18)))
                young = (now - created).days < 120
                withdrawn = rng.random() < 0.05
                steps = [("open", "collecting"), ("submit", "submitted")]
                if withdrawn:
                    steps.append(("withdraw", "withdrawn"))
                elif young:
                    steps += [("register", "registered"), ("assign", "assigned"), ("sign", "handling")]
                else:
                    steps += [("register", "registered"), ("assign", "assigned"), ("sign", "handling"), ("reply", "replied"), ("evaluate", "closed")]
                number[0] += 1
                subject = rng.choice(SUBJECTS)
                matter = Matter(kind="suggestion", title=f"关于加快推进{subject}的建议", text=f"关于{subject}，建议如下：……", region_code=city.pk,
                                channel=Channel.REPRESENTATIVE, representative=rep, owner_congress=congress, status=steps[-1][1], created_at=created)
                cosigners = [r for r in rng.sample(reps, rng.choice((0, 0, 1, 1, 2))) if r.pk != rep.pk]
                planned.append((matter, steps, rep, cosigners, number[0]))
        made = Matter.objects.bulk_create([row[0] for row in planned], batch_size=2000)
        for matter, (_planned, steps, lead, cosigners, n) in zip(made, planned):
            last = timeline(matter, steps)
            writer.add(Suggestion(matter=matter, term=term, year=year, number=None if matter.status == "withdrawn" else n,
                                  number_label="" if matter.status == "withdrawn" else f"第{n:04d}号"))
            writer.add(Signer(suggestion_id=matter.pk, representative=lead, is_lead=True, state="confirmed", invited_at=matter.created_at,
                              answered_at=matter.created_at))
            for cosigner in cosigners:
                writer.add(Signer(suggestion_id=matter.pk, representative=cosigner, state=rng.choices(("confirmed", "invited", "declined"), (85, 5, 10))[0],
                                  invited_at=matter.created_at, answered_at=matter.created_at + datetime.timedelta(hours=5)))
            if matter.status == "closed":
                writer.add(Evaluation(matter=matter, rating=rng.choices(Rating.values, (55, 35, 10))[0], by_label=lead.name, at=last))
        writer.flush(Suggestion, TimelineEvent, Signer, Evaluation)
        counts["suggestions"] = counts.get("suggestions", 0) + len(made)

    def votes(year):
        planned = []
        for n in range(10):
            opened = capped(moment(random_day(year), 10))
            planned.append(Vote(congress=congress, title=f"{year}年第{n + 1}项表决：{rng.choice(SUBJECTS)}", kind=rng.choice((Kind.MOTION, Kind.DIFFERENTIAL, Kind.SATISFACTION)),
                                body=Body.SESSION, places=10, state=Vote.State.PUBLISHED, electorate_size=len(reps), created_by=staff,
                                opened_at=opened, closed_at=opened + datetime.timedelta(minutes=40)))
        made = Vote.objects.bulk_create(planned)
        for vote in made:
            for position, rep in enumerate(reps, start=1):
                method = rng.choices(("electronic", "paper", ""), (85, 10, 5))[0]
                writer.add(Elector(vote=vote, position=position, name=rep.name, representative=rep, attendance="check_in" if method else "",
                                   method=method))
        writer.flush(Elector)

    def self_reports(year):
        for rep in reps:
            for _n in range(rng.randint(1, 4)):
                day = random_day(year)
                kind = rng.choice(("contact", "research", "other", "reception"))
                state = rng.choices(("confirmed", "pending", "rejected"), (80, 10, 10))[0]
                writer.add(SelfReport(representative=rep, congress=congress, kind=kind, title=f"{rng.choice(PLACES)}{KIND_WORDS[kind]}",
                                      happened_on=day, place=rng.choice(PLACES), description="走访群众，收集意见建议。",
                                      evidence=f"duty/evidence/{day:%Y/%m}/bench{rng.randrange(10 ** 8):08d}.jpg", evidence_name="照片.jpg",
                                      state=state, submitted_at=moment(day + datetime.timedelta(days=1), 20),
                                      decided_by=None if state == "pending" else staff,
                                      decided_at=None if state == "pending" else moment(day + datetime.timedelta(days=3), 10)))
        writer.flush(SelfReport)

    for year in range(first_year, today.year + 1):
        started = time.perf_counter()
        with transaction.atomic():
            activities(year)
            opinions(year)
            suggestions(year)
            votes(year)
            self_reports(year)
        print(f"  {year}: written in {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, over five years
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def table_sizes():
    from minyi.duty.models import Activity, Attendance, Invitation, SelfReport
    from minyi.matters.models import Evaluation, Matter, TimelineEvent
    from minyi.suggestions.models import Signer
    from minyi.voting.models import Elector

    return {model.__name__: model.objects.count() for model in (Activity, Invitation, Attendance, SelfReport, Matter, TimelineEvent,
                                                                Evaluation, Signer, Elector)}


# --- the measurements --------------------------------------------------------------------------------


def measure(what, function, runs, records_of=len):
    """Median, fastest and slowest milliseconds of `runs` calls after one warm-up call, the SQL
    statements of one call and the records it returned."""
    from django.db import connection

    result = function()
    statements = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, params, (time.perf_counter() - started) * 1000))

    # Not CaptureQueriesContext: the test client's request_started signal empties the query log it reads.
    with connection.execute_wrapper(record):
        function()
    times, cpu = [], []
    for _run in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    row = {"what": what, "median": statistics.median(times), "min": min(times), "max": max(times), "cpu": statistics.median(cpu),
           "queries": len(statements), "sql_ms": sum(ms for _sql, _params, ms in statements), "records": records_of(result)}
    print(f"  {what:<52} median {row['median']:8.1f} ms (min {row['min']:.1f}, max {row['max']:.1f}; CPU {row['cpu']:.1f}), "
          f"{row['queries']} SQL statements taking {row['sql_ms']:.1f} ms, {row['records']} records", flush=True)
    return row, statements


def explain(statements):
    """Each statement's plan, shortened to its time and the tables it reads whole (PostgreSQL: EXPLAIN
    ANALYZE; SQLite: EXPLAIN QUERY PLAN)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params, milliseconds in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
                plan = [line for (line,) in cursor.fetchall()]
                notes = [line.strip() for line in plan if "Seq Scan" in line or "Execution Time" in line]
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                notes = [row[-1] for row in cursor.fetchall() if row[-1].startswith("SCAN")]
            table = sql.split(" FROM ", 1)[1].split()[0] if " FROM " in sql else "?"
            print(f"    {milliseconds:6.2f} ms  from {table}: {'; '.join(notes) or 'indexes only'}")


def run_phase(arguments):
    import datetime
    import random
    import re

    from django.test import Client as TestClient
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from minyi.accounts.models import User
    from minyi.duty import archive
    from minyi.representatives.models import Representative

    rng = random.Random(arguments.seed)
    today = timezone.localdate()
    first_year = today.year - arguments.years + 1
    target = Representative.objects.filter(public_code=f"{CODE_PREFIX}00000").first()
    if target is None:
        started = time.perf_counter()
        print(f"  writing {arguments.years} years of records for {arguments.others + 1} representatives …", flush=True)
        build_records(arguments, rng)
        print(f"  written in {time.perf_counter() - started:.0f} s (not timed)", flush=True)
        target = Representative.objects.get(public_code=f"{CODE_PREFIX}00000")
    else:
        print("  reusing the records of an earlier run", flush=True)
    print("  rows: " + ", ".join(f"{name} {count:,}" for name, count in table_sizes().items()), flush=True)
    everyone = list(Representative.objects.filter(public_code__startswith=CODE_PREFIX).values_list("pk", flat=True))
    year = today.year - 1
    year_start, year_end = archive.year_range(year)
    all_start = datetime.date(first_year, 1, 1)
    built_year = archive.build(target, year_start, year_end)
    built_all = archive.build(target, all_start, today)
    print(f"  {target.name}: {len(built_year.records)} records in {year} ({dict(built_year.counts)}), {len(built_all.records)} in all years")
    runs = arguments.runs
    rows = []
    for what, function, times, records_of in (
        (f"archive.records, one year ({year})", lambda: archive.records([target.pk], year_start, year_end), runs, len),
        (f"archive.build, one year ({year})", lambda: archive.build(target, year_start, year_end), runs, lambda a: len(a.records)),
        (f"archive.build, all years ({first_year}–{today})", lambda: archive.build(target, all_start, today), runs, lambda a: len(a.records)),
        (f"archive.counts, {len(everyone)} representatives, {year}", lambda: archive.counts(everyone, year_start, year_end), max(3, runs // 4),
         lambda c: sum(sum(counter.values()) for counter in c.values())),
    ):
        row, statements = measure(what, function, times, records_of)
        rows.append(row)
        if arguments.explain and what.startswith("archive.build, all"):
            explain(statements)
    pages = []
    try:
        pages.append(("representative's phone archive", reverse("duty:rep_archive"), REP_USERNAME))
    except NoReverseMatch:
        print("  note: duty:rep_archive does not resolve yet: the representative's page is not timed")
    try:
        pages.append(("staff's desk archive", reverse("duty:desk_archive", args=[target.pk]), STAFF_USERNAME))
    except NoReverseMatch:
        print("  note: duty:desk_archive does not resolve yet: the staff's page is not timed")
    rows_shown = re.compile(rb'class="weui-cell[ "]|<tr[ >]')
    for label, path, username in pages:
        browser = TestClient()
        browser.force_login(User.objects.get(username=username))
        for query, period in ((f"year={year}", str(year)), ("all=1", "all years")):
            url = f"{path}?{query}"

            def page(url=url):
                response = browser.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}: {response.content[:300]!r}")
                return response

            rows.append(measure(f"page: {label}, {period}", page, runs, lambda r: len(rows_shown.findall(r.content)))[0])
            response = page()
            print(f"    {url}: {len(response.content) / 1024:.0f} KB of HTML")
    if arguments.profile and pages:
        import cProfile
        import io
        import pstats

        label, path, username = pages[0]
        browser = TestClient()
        browser.force_login(User.objects.get(username=username))
        profiler = cProfile.Profile()
        profiler.enable()
        for _run in range(5):
            browser.get(f"{path}?all=1")
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"minyi/|django/template/(base|loader)", 35)
        print(out.getvalue())
    Path(arguments.state).write_text(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
