"""Time a 10,000-row representative import (validate + commit), then its re-import.

    .venv/bin/python bench/import_representatives.py [--rows 10000] [--keep]

Runs in a scratch SQLite database under a temporary MINYI_VAR_DIR: migrates it, loads a minimal
Jingmen (city, five counties, their congresses and current terms, a city staff account),
generates an .xlsx file of plausible representatives (about one in ten holds a city and a county
mandate, so on two rows), and runs the import the way the worker does (services.run_check, then
services.run_commit). It then uploads the same file again and times its check, which must find
every row unchanged. Prints one line per step with seconds, and a summary.
"""

import argparse
import datetime
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国华明伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀英霞平刚桂兰红玉萍辉鹏志海波宁丹春梅雪琴斌浩宇晨欣佳文博晓东俊峰"
COUNTIES = [
    ("420802000000", "东宝区"),
    ("420804000000", "掇刀区"),
    ("420822000000", "沙洋县"),
    ("420881000000", "钟祥市"),
    ("420882000000", "京山市"),
]
CITY = ("420800000000", "荆门市")
WORKPLACES = ["荆门市第一人民医院", "东宝区教育局", "沙洋县农业农村局", "钟祥市石牌镇人民政府", "京山市经济开发区管委会", "荆门石化总厂", "掇刀区白庙街道", "荆楚理工学院"]
POSITIONS = ["主任", "副主任", "科长", "教师", "医生", "村党支部书记", "总经理", "工程师", "职工", "农民"]


def setup(var_dir):
    os.environ["MINYI_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["HUEY_IMMEDIATE"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fixtures():
    from minyi.accounts import services as accounts
    from minyi.accounts.models import Role
    from minyi.organisations.models import Congress, Term
    from minyi.regions.models import Level, Region

    province = Region.objects.create(code="420000000000", name="湖北省", level=Level.PROVINCE)
    city = Region.objects.create(code=CITY[0], name=CITY[1], level=Level.CITY, parent=province)
    city_congress = Congress.objects.create(region=city, name="荆门市人民代表大会")
    Term.objects.create(congress=city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2026, 12, 31))
    for code, name in COUNTIES:
        county = Region.objects.create(code=code, name=name, level=Level.COUNTY, parent=city)
        congress = Congress.objects.create(region=county, name=f"{name}人民代表大会", parent=city_congress)
        Term.objects.create(congress=congress, number=10, start=datetime.date(2021, 10, 1), end=datetime.date(2026, 9, 30))
    staff = accounts.create_account(username="jm_staff", full_name="王晓梅", password="Bench-Passw0rd!", must_change_password=False)
    accounts.grant_role(staff, Role.CONGRESS_STAFF, congress=city_congress)
    return staff


def generate(rows):
    """Rows (dicts by column key) of plausible representatives; some hold two mandates."""
    from minyi.representatives.models import Ethnicity, OccupationCategory, Party

    rng = random.Random(20261125)
    parties = [Party.CPC_MEMBER] * 6 + [Party.NON_PARTY] * 2 + [Party.CDL, Party.JIUSAN, Party.NO_AFFILIATION]
    occupations = list(OccupationCategory)
    out, number = [], 0
    while len(out) < rows:
        number += 1
        birth = datetime.date(1958, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 40))
        person = {
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else ""),
            "gender": rng.choice(["男", "女"]),
            "ethnicity": str(Ethnicity.HAN.label if rng.random() < 0.95 else Ethnicity.TUJIA.label),
            "birth_date": birth,
            "party": str(rng.choice(parties).label),
            "occupation_category": str(rng.choice(occupations).label),
            "workplace": rng.choice(WORKPLACES),
            "position": rng.choice(POSITIONS),
            "phone": f"139{number:08d}",
        }
        code, name = rng.choice(COUNTIES)
        out.append(
            {
                **person,
                "level": "县级",
                "congress": code,
                "term": 10,
                "electoral_district": f"第{rng.randrange(1, 60)}选区",
                "group": f"{name}第{rng.randrange(1, 12)}代表小组",
                "start": datetime.date(2021, 10, 1),
            }
        )
        if rng.random() < 0.1 and len(out) < rows:
            out.append(
                {
                    **person,
                    "level": "市级",
                    "congress": CITY[0],
                    "term": 9,
                    "electoral_district": f"{name}代表团",
                    "group": f"{name}代表团第{rng.randrange(1, 5)}小组",
                    "start": datetime.date(2022, 1, 1),
                }
            )
    return out


def workbook(rows):
    from openpyxl import Workbook

    from minyi.transfers import registry
    from minyi.transfers.workbooks import header_text

    spec = registry.get("representatives")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("代表")
    sheet.append([header_text(column) for column in spec.columns])
    for row in rows:
        sheet.append([row.get(column.key) for column in spec.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Clock:
    """Wall-clock and CPU seconds of a step: the machine may be shared, and CPU time shows what the
    import itself costs when other processes slow the wall clock down."""

    def __enter__(self):
        self.wall, self.cpu = time.monotonic(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.monotonic() - self.wall, time.process_time() - self.cpu

    def __str__(self):
        return f"{self.wall:.2f} s (CPU {self.cpu:.2f} s)"


def upload(staff, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from minyi.transfers import services

    return services.start(staff, "representatives", SimpleUploadedFile("representatives.xlsx", content))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory and print where it is")
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="minyi-bench-import-")
    setup(scratch)
    from django.utils import translation

    from minyi.audit.models import AuditEntry
    from minyi.representatives.models import Mandate, Representative
    from minyi.transfers import services
    from minyi.transfers.models import ImportJob

    translation.activate("zh-hans")
    staff = fixtures()
    started = time.monotonic()
    content = workbook(generate(arguments.rows))
    print(f"generate {arguments.rows} rows: {time.monotonic() - started:.2f} s, {len(content) / 1024:.0f} KB")

    # In the worker: run_check then run_commit (called directly here, as huey would).
    os.environ["HUEY_IMMEDIATE"] = "false"
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False  # upload() only queues; the bench runs the tasks itself, timed
    job = upload(staff, content)
    with Clock() as validate:
        services.run_check(job.pk)
    job.refresh_from_db()
    print(f"validate: {validate} — new {job.count_new}, changed {job.count_update}, unchanged {job.count_unchanged}, errors {job.count_error}")
    assert job.status == ImportJob.Status.VALIDATED and job.error_total == 0, job.errors[:5]
    services.request_commit(job)
    with Clock() as commit:
        services.run_commit(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.status, job.errors[:5])
    print(
        f"commit: {commit} — {Representative.objects.count()} representatives, {Mandate.objects.count()} mandates, "
        f"{AuditEntry.objects.count()} audit entries"
    )
    print(f"first import (validate + commit): {validate.wall + commit.wall:.2f} s (CPU {validate.cpu + commit.cpu:.2f} s)")

    again = upload(staff, content)
    with Clock() as reimport:
        services.run_check(again.pk)
    again.refresh_from_db()
    assert again.count_unchanged == arguments.rows and again.count_new == again.count_update == again.error_total == 0, (
        again.count_new,
        again.count_update,
        again.errors[:5],
    )
    print(f"re-import of the same file: {reimport} — all {again.count_unchanged} rows unchanged, nothing to commit")
    from django.test import RequestFactory

    from minyi.transfers.exports import export_response

    request = RequestFactory().get("/transfers/representatives/export/")
    request.user = staff
    with Clock() as exporting:
        response = export_response("representatives", Representative.objects.all(), request)
    print(f"export of everything ({Representative.objects.count()} representatives): {exporting}, {len(response.content) / 1024:.0f} KB")
    print(f"load average while running: {' '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} CPUs")
    if arguments.keep:
        print(f"scratch directory: {scratch}")
    else:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
