#!/usr/bin/env python3
"""The cockpit's figures over 1,000,000 matters on PostgreSQL: p95 of each question, the time of
a full rebuild, and what one matter's refresh costs the worker.

    .venv/bin/python bench/figures.py [--database minyi_bench_figures] [--matters 1000000] [--runs 30] [--reuse]

Fills its own database with the demo city and `generate_matters` (about 7 minutes for a million),
then rebuilds the figures (`manage.py rebuild_figures`) unless --reuse finds them built."""

import argparse
import random
import statistics
import time

import _setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="minyi_bench_figures")
    parser.add_argument("--matters", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the figures already built")
    args = parser.parse_args()

    url = _setup.prepare(args.database, matters=args.matters)
    _setup.setup_django(url)
    from minyi.figures.models import FigureCell, MatterFact
    from minyi.matters.models import Matter

    if not (args.reuse and MatterFact.objects.exists()):
        print("rebuilding the figures …", flush=True)
        seconds = _setup.manage("rebuild_figures", url=url)
        print(f"rebuild: {seconds:.0f} s for {Matter.objects.count():,} matters", flush=True)
    print(f"{MatterFact.objects.count():,} facts, {FigureCell.objects.count():,} cells; {_setup.load_line()}")
    measure(args.runs)
    refresh_cost()


def scenarios():
    from minyi.figures import queries
    from minyi.figures.queries import Period, Scope
    from minyi.regions.models import Region

    city = Region.objects.get(code="420800000000")
    county = Region.objects.filter(parent=city).order_by("code").first()
    township = Region.objects.filter(parent=county).order_by("code").first()
    village = Region.objects.filter(parent=township).order_by("code").first()
    year = Period.months_back(12)
    whole = Period.parse("2000-01", f"{year.last:%Y-%m}")
    cases = []
    for region in (city, county, township, village):
        for label, period in (("12 months", year), ("all years", whole)):
            scope = Scope(region.code, period)
            cases.append((f"summary {region.name} {label}", lambda s=scope: queries.summary(s)))
        scope = Scope(region.code, year)
        cases.append((f"trend {region.name}", lambda s=scope: queries.trend(s)))
    for dimension in queries.DIMENSIONS:
        scope = Scope(city.code, year)
        cases.append((f"breakdown city by {dimension}", lambda s=scope, d=dimension: queries.breakdown(s, d)))
    cases.append(("hot topics city 12 months", lambda: queries.hot_topics(Scope(city.code, year))))
    cases.append(("hot topics township 12 months", lambda: queries.hot_topics(Scope(township.code, year))))
    cases.append(("kind opinion, city, all years", lambda: queries.summary(Scope(city.code, whole, kind="opinion"))))
    for stage in ("", "completed", "overdue_now"):
        cases.append((f"list behind '{stage or 'collected'}' in the city: count + first page",
                      lambda st=stage: _page(queries.MatterList(Scope(city.code, year), stage=st), 0)))
    cases.append(("list behind 'collected' in the city: count + last page (offset 850,000)",
                  lambda: _page(queries.MatterList(Scope(city.code, year)), -1)))
    cases.append(("list behind 'satisfied' in a village: count + first page",
                  lambda: _page(queries.MatterList(Scope(village.code, whole), stage="satisfied"), 0)))
    cases.append(("list behind a hot topic at 'completed' (counted on the facts)",
                  lambda: _page(queries.MatterList(Scope(city.code, year), stage="completed", dimension="keyword",
                                                   value=queries.hot_topics(Scope(city.code, year), 1)[0][0]), 0)))
    return cases


def _page(listed, page):
    total = listed.count()
    start = 0 if page == 0 else max(0, total - 20)
    return total, listed[start:start + 20]


def measure(runs):
    print(f"{'question':62} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = {"figures": 0.0, "lists": 0.0}
    for label, call in scenarios():
        call()  # warm the plan cache
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        p95 = _setup.percentile(times, 0.95)
        group = "lists" if label.startswith("list") else "figures"
        worst[group] = max(worst[group], p95)
        print(f"{label:62} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}", flush=True)
    print(f"worst p95 of the figures: {worst['figures']:.1f} ms (target < 300 ms); of the lists behind them: {worst['lists']:.1f} ms "
          "(a page at offset 850,000 is the slowest)")


class _RolledBack(Exception):
    pass


def _timed_refresh(ids):
    """Refresh `ids` as if each had changed (its stored fact is made stale first), then roll back,
    leaving the bench database as it was; returns the refresh's seconds."""
    from django.db import transaction
    from django.db.models import Case, Value, When

    from minyi.figures import pending
    from minyi.figures.models import MatterFact

    try:
        with transaction.atomic():
            flipped = {name: Case(When(**{name: True}, then=Value(False)), default=Value(True)) for name in ("overdue_now", "satisfied")}
            MatterFact.objects.filter(matter_id__in=ids).update(**flipped)
            started = time.perf_counter()
            pending.refresh(ids)
            elapsed = time.perf_counter() - started
            raise _RolledBack(elapsed)
    except _RolledBack as done:
        return done.args[0]


def refresh_cost():
    """The worker's cost per changed matter: 1,000 random matters in batches of 100, and 100 alone."""
    from minyi.matters.models import Matter

    ids = list(Matter.objects.order_by("?").values_list("pk", flat=True)[:1000])
    random.shuffle(ids)
    batch = sum(_timed_refresh(ids[start:start + 100]) for start in range(0, len(ids), 100)) * 1000 / len(ids)
    single = sum(_timed_refresh([matter_id]) for matter_id in ids[:100]) * 1000 / 100
    print(f"worker refresh of changed matters: {batch:.1f} ms each in batches of 100; {single:.1f} ms for one alone")


if __name__ == "__main__":
    main()
