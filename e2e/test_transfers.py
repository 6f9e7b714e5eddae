"""Importing representatives from Excel in the browser: upload a file with one bad row, read the
error table, upload the corrected file, import it."""

import datetime
import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .test_role_homes import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def workbook(path, rows):
    from minyi.transfers import registry
    from minyi.transfers.workbooks import header_text

    spec = registry.get("representatives")
    book = Workbook()
    sheet = book.active
    sheet.title = "代表"
    sheet.append([header_text(column) for column in spec.columns])
    for row in rows:
        sheet.append([row.get(column.key) for column in spec.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def person(name, phone, **values):
    return {
        "name": name,
        "gender": "女",
        "birth_date": datetime.date(1978, 5, 12),
        "party": "中共党员",
        "workplace": "东宝区龙泉街道办事处",
        "phone": phone,
        "level": "县级",
        "congress": "420802000000",
        "electoral_district": "第五选区",
        "start": datetime.date(2021, 10, 1),
        **values,
    }


def test_a_staff_member_fixes_a_bad_row_and_imports_the_file(page, live_server, live_world, shoot, settings, tmp_path):
    from minyi.representatives.models import Representative

    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in(page, live_server.url, "city_staff")
    page.goto(f"{live_server.url}/transfers/")
    expect(page.get_by_role("heading", name="导入导出").first).to_be_visible()
    shoot(page, "transfers-index")

    rows = [person("周晓红", "13900000011"), person("吴建军", "1390000", gender="男"), person("郑丽", "13900000013")]
    page.locator("#kind-representatives input[type=file]").set_input_files(workbook(tmp_path / "代表名单.xlsx", rows))
    page.locator("#kind-representatives button[type=submit]").click()

    errors = page.get_by_test_id("errors")
    expect(errors).to_be_visible()
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("3")
    expect(errors.locator("tbody tr").first).to_contain_text("手机号码")
    expect(errors.locator("tbody tr").first).to_contain_text("11 位")
    expect(page.get_by_test_id("count-error")).to_have_text("1")
    expect(page.locator("form[action$='/commit/']")).to_have_count(0)
    shoot(page, "transfers-errors")
    assert not Representative.objects.filter(name="周晓红").exists()

    rows[1]["phone"] = "13900000012"
    page.locator("#job-panel input[type=file]").set_input_files(workbook(tmp_path / "代表名单-改.xlsx", rows))
    page.locator("#job-panel form[enctype] button[type=submit]").click()
    expect(page.get_by_test_id("count-new")).to_have_text("3")
    expect(page.get_by_test_id("count-error")).to_have_text("0")
    shoot(page, "transfers-preview")

    page.locator("form[action$='/commit/'] button").click()
    expect(page.locator("#job-panel .alert-success")).to_be_visible()
    shoot(page, "transfers-done")
    assert Representative.objects.filter(name__in=["周晓红", "吴建军", "郑丽"]).count() == 3
    assert Representative.objects.with_phone("13900000012").get().name == "吴建军"

    page.set_viewport_size(PHONE)
    shoot(page, "transfers-done-375")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/transfers/")
    expect(page.locator("#kind-representatives .card-footer a")).to_have_count(2)
    shoot(page, "transfers-index-recent")


def test_the_page_says_when_the_worker_is_down(page, live_server, live_world, shoot, settings, tmp_path, monkeypatch):
    from minyi.transfers import services, tasks
    from minyi.transfers.models import ImportJob

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(tasks, "validate_import", lambda job_id: None)  # queued, never picked up
    monkeypatch.setattr(services, "worker_running", lambda: False)
    sign_in(page, live_server.url, "city_staff")
    page.goto(f"{live_server.url}/transfers/")
    expect(page.get_by_test_id("worker-down")).to_be_visible()
    page.locator("#kind-representatives input[type=file]").set_input_files(workbook(tmp_path / "名单.xlsx", [person("周晓红", "13900000011")]))
    page.locator("#kind-representatives button[type=submit]").click()
    expect(page.get_by_test_id("worker-down")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_be_visible()
    shoot(page, "transfers-queued")
    # The worker comes back: the page, polling every second, shows the preview by itself.
    job = ImportJob.objects.get()
    services.run_check(job.pk)
    expect(page.get_by_test_id("count-new")).to_have_text("1", timeout=5000)
