"""Time the congress staff's inbox (filter + sort + first page + capped count) and the Chinese
full-text search over a million matters on PostgreSQL.

    .venv/bin/python bench/inbox_search.py [--database minyi_bench] [--matters 1000000] [--runs 50] [--explain]

Works on the bench database (created, migrated, demo loaded and filled with generate_matters up
to --matters when short of them: the first run takes several minutes). For each scenario it runs
the inbox as the city staff (jm_staff, who sees all of Jingmen) or the Dongbao county staff
(db_staff): minyi.opinions.inbox.staff_inbox + page_of when they exist (page rows, the capped
count and what each row shows; "page + tabs" adds status_counts, the capped count of every status
tab the page shows), else the equivalent ORM query (access.visible + filters +
order by -created_at + 20 rows + a count capped at 10,000). The search scenarios call
minyi.matters.search.matching over every matter. Prints p50 / p95 / max in milliseconds over
--runs runs after one warm-up, and the slowest SQL statement of each scenario; --explain adds
EXPLAIN ANALYZE of the slowest statement of every scenario whose p95 is 150 ms or more.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup  # noqa: E402

TARGET_MS = 150

# (label, who, inbox filters); a "q" filter is the inbox's own search box.
INBOX_SCENARIOS = [
    ("inbox: everything, newest first", "jm_staff", {}),
    ("inbox: status submitted", "jm_staff", {"status": "submitted"}),
    ("inbox: status handling", "jm_staff", {"status": "handling"}),
    ("inbox: status closed + category housing", "jm_staff", {"status": "closed", "category": "housing"}),
    ("inbox: county 东宝区 + status handling", "jm_staff", {"region": "420802000000", "status": "handling"}),
    ("inbox: township 子陵铺镇 + category city", "jm_staff", {"region": "420802101000", "category": "city"}),
    ("inbox: channel station_code + status replied", "jm_staff", {"channel": "station_code", "status": "replied"}),
    ("inbox: deadline overdue", "jm_staff", {"deadline": "overdue"}),
    ("inbox: green channel + class major", "jm_staff", {"green": "yes", "handling_class": "major"}),
    ("inbox: county staff, everything", "db_staff", {}),
    ("inbox: county staff, status accepted", "db_staff", {"status": "accepted"}),
    ("inbox: search 路灯 + status handling", "jm_staff", {"q": "路灯", "status": "handling"}),
    ("inbox: search 加装电梯", "jm_staff", {"q": "加装电梯"}),
]
SEARCH_WORDS = ["路灯", "井盖缺失", "道路积水", "噪音扰民", "小区加装电梯", "学位紧张", "医保报销", "东宝区 路灯不亮", "消防通道", "龙泉街道"]
PAGE = 20
COUNT_CAP = 10_000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="minyi_bench")
    parser.add_argument("--matters", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", default="", help="Run only the scenarios whose label contains this text.")
    arguments = parser.parse_args()

    url = _setup.prepare(arguments.database, matters=arguments.matters)
    _setup.setup_django(url)

    from django.db import connection

    from minyi.accounts import access
    from minyi.accounts.models import User
    from minyi.matters.models import Matter

    total = Matter.objects.count()
    inbox = inbox_module()
    print(f"{total:,} matters in {arguments.database}; inbox through {'minyi.opinions.inbox' if inbox else 'the equivalent ORM query'}")
    print(_setup.load_line())
    users = {name: User.objects.get(username=name) for name in ("jm_staff", "db_staff")}
    for user in users.values():
        access.actor_for(user)  # read once, as a request does before its queries

    scenarios = [(label, run_inbox(inbox, users[who], filters)) for label, who, filters in INBOX_SCENARIOS]
    if inbox is not None and hasattr(inbox, "status_counts"):
        # The inbox page also shows a capped count per status tab (one query per status).
        scenarios += [
            (label.replace("inbox:", "page + tabs:"), run_inbox(inbox, users[who], filters, with_tabs=True))
            for label, who, filters in INBOX_SCENARIOS[:3] + INBOX_SCENARIOS[4:5] + INBOX_SCENARIOS[9:10]
        ]
    scenarios += [(f"search: {words}", run_search(words)) for words in SEARCH_WORDS]
    print(f"{'scenario':<48}{'rows':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  slowest statement")
    slow = []
    for label, call in scenarios:
        if arguments.only and arguments.only not in label:
            continue
        timings, statements = measure(call, arguments.runs, connection)
        rows = call()
        p50, p95 = _setup.percentile(timings, 0.5), _setup.percentile(timings, 0.95)
        worst_sql, worst_ms = max(statements.items(), key=lambda item: statistics.median(item[1]))
        mark = "" if p95 < TARGET_MS else "  ← over target"
        print(f"{label:<48}{rows:>7}{p50:>9.1f}{p95:>9.1f}{max(timings):>9.1f}  {statistics.median(worst_ms):.1f} ms{mark}")
        if p95 >= TARGET_MS:
            slow.append((label, worst_sql))
    if arguments.explain:
        with connection.cursor() as cursor:
            for label, sql in slow:
                print(f"\n== EXPLAIN ANALYZE, {label}\n{sql}\n")
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join(row[0] for row in cursor.fetchall()))


def inbox_module():
    try:
        from minyi.opinions import inbox
    except ImportError:
        return None
    return inbox if hasattr(inbox, "staff_inbox") and hasattr(inbox, "page_of") else None


def run_inbox(inbox, user, filters, with_tabs=False):
    """A callable doing what the inbox page does for its list; returns how many rows it shows."""
    from django.http import QueryDict

    if inbox is not None:
        query = QueryDict(mutable=True)
        query.update(filters)

        def call():
            chosen = inbox.InboxFilters.from_query(query)
            page = inbox.page_of(inbox.staff_inbox(user, chosen), chosen.page)
            if with_tabs:
                inbox.status_counts(user, chosen)
            return len(page.rows)

        return call

    from minyi.accounts import access
    from minyi.matters import search
    from minyi.matters.models import Assignment, Matter
    from minyi.regions.models import Region, prefix_of, within

    def call():
        queryset = access.visible(user, Matter.objects.filter(kind="opinion"))
        for name in ("status", "category", "channel", "handling_class"):
            if filters.get(name):
                queryset = queryset.filter(**{name: filters[name]})
        if filters.get("green"):
            queryset = queryset.filter(green_channel=filters["green"] == "yes")
        if filters.get("region"):
            region = Region.objects.get(pk=filters["region"])
            queryset = queryset.filter(within("region_code", prefix_of(region.code, region.level)))
        if filters.get("deadline"):
            running = Assignment.objects.filter(state__in=Assignment.OPEN_STATES, deadline_state=filters["deadline"])
            queryset = queryset.filter(pk__in=running.values("matter_id"))
        if filters.get("q"):
            queryset = search.matching(queryset, filters["q"])
        queryset = queryset.select_related("owner_congress").order_by("-created_at", "-id")
        min(queryset.order_by()[: COUNT_CAP + 1].count(), COUNT_CAP)
        return len(list(queryset[:PAGE]))

    return call


def run_search(words):
    from minyi.matters import search
    from minyi.matters.models import Matter

    def call():
        queryset = search.matching(Matter.objects.all(), words).order_by("-created_at", "-id")
        min(queryset.order_by()[: COUNT_CAP + 1].count(), COUNT_CAP)
        return len(list(queryset[:PAGE]))

    return call


def measure(call, runs, connection):
    """Milliseconds per run, and per SQL statement (its text → milliseconds of each run)."""
    statements = {}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if recording:
                text = connection.ops.compose_sql(sql, params) if params else sql
                statements.setdefault(text, []).append((time.perf_counter() - started) * 1000)

    timings = []
    with connection.execute_wrapper(timed):
        recording = False
        call()  # warm-up: caches, the jieba dictionary, PostgreSQL's buffers
        recording = True
        for _run in range(runs):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
    return timings, statements


if __name__ == "__main__":
    main()
