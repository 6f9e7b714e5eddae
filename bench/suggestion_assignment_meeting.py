"""Time the assignment meeting (交办会) for representatives' suggestions: assign 1,000 registered
suggestions in one batch (services.assign_batch), then make their 1,000 assignment sheets as one
Word file and as one PDF. For each step: seconds, tracemalloc's peak of Python allocations, and the
process's peak resident size so far (ru_maxrss).

    .venv/bin/python bench/suggestion_assignment_meeting.py [--count 1000] [--database-url URL] [--no-tracemalloc]

Without --database-url it builds a fresh SQLite database of its own (/tmp/bench-suggestions/minyi.sqlite3,
deleted first); with a PostgreSQL URL (a database called minyi_bench…, e.g.
postgresql://postgres@127.0.0.1:5432/minyi_bench_suggestions) it uses that database, created if missing
and emptied of earlier suggestions. Either way: migrated, the demo city loaded (manage.py load_demo),
then --count suggestions raised by the demo city's representatives, registered and given proposed
units (lead and, for every other one, a co-unit) through the services, as the desk does. tracemalloc
slows Python allocation-heavy code by roughly a third: --no-tracemalloc gives the plain seconds.
"""

import argparse
import os
import resource
import shutil
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

SQLITE_DIR = Path("/tmp/bench-suggestions")


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def measure(label, function, *, trace=True):
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else float("nan")
    if trace:
        tracemalloc.stop()
    print(f"{label:<44} {seconds:8.1f} s  (CPU {cpu:6.1f} s)  tracemalloc peak {peak:8.1f} MB  ru_maxrss {rss_mb():8.1f} MB", flush=True)
    return result


def prepare(url, var_dir):
    if url.startswith("sqlite"):
        shutil.rmtree(SQLITE_DIR, ignore_errors=True)
        SQLITE_DIR.mkdir(parents=True)
    else:
        name = url.rsplit("/", 1)[-1]
        _setup.database_url(name)  # refuses the test suites' databases
        _setup.create_database(name)
    seconds = _setup.manage("migrate", "-v0", url=url, var_dir=var_dir, quiet=True)
    seconds += _setup.manage("load_demo", url=url, var_dir=var_dir, quiet=True)
    print(f"migrated and loaded the demo city in {seconds:.0f} s", flush=True)


def make_suggestions(count):
    from django.db import transaction
    from django.utils import timezone

    from minyi.accounts.models import RoleGrant
    from minyi.representatives.models import Mandate, Representative
    from minyi.suggestions import services
    from minyi.suggestions.models import Category, Suggestion

    grant = RoleGrant.objects.select_related("user", "congress").get(user__username="jm_staff", role="congress_staff")
    staff, congress = grant.user, grant.congress
    Suggestion.objects.filter(matter__owner_congress=congress).count()
    for order, (code, name, committee) in enumerate([("urban", "城乡建设", "城乡建设环境保护委员会"), ("economy", "经济发展", "财政经济委员会"),
                                                     ("education", "教科文卫", "教育科学文化卫生委员会"), ("social", "社会建设", "社会建设委员会")]):
        Category.objects.get_or_create(code=code, defaults={"name": name, "committee": committee, "order": order})
    codes = ["urban", "economy", "education", "social"]
    today = timezone.localdate()
    representatives = list(Representative.objects.filter(mandates__in=Mandate.objects.covering(today).filter(congress=congress)).distinct().order_by("pk"))
    term = congress.term_on(today)
    session = term.sessions.order_by("-number").first() if term else None
    units = list(services.assignable_units(type("Matter", (), {"owner_congress": congress})()))
    subjects = ["老旧小区雨污分流改造", "城区停车设施建设", "中小微企业融资", "义务教育优质均衡", "农村饮水安全", "基层医疗服务能力",
                "汉江生态保护修复", "社区养老服务", "物业服务管理", "农产品冷链物流", "城市内涝治理", "营商环境优化"]
    made = []
    for index in range(count):
        subject = subjects[index % len(subjects)]
        draft = services.Draft(
            title=f"关于加快推进{subject}的建议（{index + 1}）",
            text=(f"{subject}是群众关心的实际问题。经调研，我市在这方面仍有短板，群众反映较多。\n"
                  f"建议有关部门制定工作方案，明确责任分工和时间表，加大资金投入，定期向代表通报进展（第{index + 1}件）。"),
            category=codes[index % len(codes)], session_id=session.pk if session and index % 2 == 0 else None,
        )
        with transaction.atomic():
            suggestion = services.raise_suggestion(draft, actor=staff, lead=representatives[index % len(representatives)], congress=congress)
            services.register(suggestion, actor=staff)
            lead = units[index % len(units)]
            co = [units[(index + 7) % len(units)]] if index % 2 == 0 and units[(index + 7) % len(units)] != lead else []
            services.plan_units(suggestion, actor=staff, lead=lead, co_units=co)
        made.append(suggestion.pk)
    return staff, made


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--var-dir", default="/tmp/bench-suggestions-var")
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--keep-files", action="store_true", help="Leave the Word and PDF files in --var-dir.")
    arguments = parser.parse_args()
    url = arguments.database_url or f"sqlite:///{SQLITE_DIR / 'minyi.sqlite3'}"
    trace = not arguments.no_tracemalloc

    prepare(url, arguments.var_dir)
    _setup.setup_django(url, arguments.var_dir)
    import logging

    from django.db import connection
    from django.utils import translation

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    translation.activate("zh-hans")
    print(f"database: {connection.vendor}; {_setup.load_line()}", flush=True)
    started = time.perf_counter()
    staff, ids = make_suggestions(arguments.count)
    print(f"raised, registered and planned {len(ids):,} suggestions in {time.perf_counter() - started:.0f} s (not part of the figures)", flush=True)

    from minyi.suggestions import documents, services
    from minyi.suggestions.models import Suggestion

    def assign():
        suggestions = list(Suggestion.objects.filter(pk__in=ids).select_related("matter", "planned_lead").prefetch_related("planned_co_units")
                           .order_by("number"))
        return services.assign_batch(suggestions, actor=staff, note="请按期办理并与代表沟通。")

    result = measure(f"assign_batch of {len(ids):,} suggestions", assign, trace=trace)
    print(f"    assigned {len(result.assigned):,}, skipped {len(result.skipped):,}", flush=True)
    assigned = [s.pk for s in result.assigned]

    def contexts():
        return documents.sheet_contexts(documents.batch_suggestions(assigned))

    out = Path(arguments.var_dir)
    out.mkdir(parents=True, exist_ok=True)

    def word():
        content = documents.sheets_docx(contexts())
        (out / "suggestion-sheets.docx").write_bytes(content)
        return content

    def pdf():
        content = documents.sheets_pdf(contexts())
        (out / "suggestion-sheets.pdf").write_bytes(content)
        return content

    docx = measure(f"{len(assigned):,} sheets as one Word file", word, trace=trace)
    print(f"    {len(docx) / 2**20:.1f} MB", flush=True)
    content = measure(f"{len(assigned):,} sheets as one PDF", pdf, trace=trace)
    pages = None
    if shutil.which("pdfinfo"):
        import subprocess

        info = subprocess.run(["pdfinfo", str(out / "suggestion-sheets.pdf")], check=False, capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), None)
    print(f"    {len(content) / 2**20:.1f} MB" + (f", {pages} pages" if pages else ""), flush=True)
    if not arguments.keep_files:
        for name in ("suggestion-sheets.docx", "suggestion-sheets.pdf"):
            (out / name).unlink(missing_ok=True)
    print(f"peak resident size of the process: {rss_mb():.0f} MB; {_setup.load_line()}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
