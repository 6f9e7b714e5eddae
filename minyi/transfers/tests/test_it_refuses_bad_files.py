"""No file makes the import fail with a server error: each gets a clear reason and changes nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from minyi.representatives.models import Representative
from minyi.transfers.models import ImportJob

from .files import check, commit, errors, xlsx

pytestmark = pytest.mark.django_db

GOOD = {"name": "王建华", "birth_date": "1975-03-05", "level": "县级", "congress": "420802000000", "start": "2021-10-01"}


def workbook_bytes(build):
    book = Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def only_message(outcome):
    assert outcome.total == 0 or outcome.errors
    (error,) = outcome.errors
    return error["message"]


def test_files_that_are_not_workbooks(world):
    assert "空" in only_message(check("representatives", b"", world.city_staff))
    assert ".xlsx" in only_message(check("representatives", b"name,phone\n", world.city_staff))
    assert ".xls" in only_message(check("representatives", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, world.city_staff))
    assert ".xlsx" in only_message(check("representatives", b"PK\x03\x04 not really a zip", world.city_staff))
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert ".xlsx" in only_message(check("representatives", docx.getvalue(), world.city_staff))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    assert only_message(check("representatives", broken.getvalue(), world.city_staff))


def test_a_file_over_the_size_limit(world):
    message = only_message(check("representatives", b"PK" + b"\0" * (20 * 1024 * 1024), world.city_staff))
    assert "10 MB" in message


def test_a_sheet_with_only_headers(world):
    outcome = check("representatives", xlsx("representatives", []), world.city_staff)
    assert list(errors(outcome)) == [(2, "")]


def test_the_template_of_another_kind(world):
    outcome = check("representatives", xlsx("units", [{"region": "420802000000", "name": "东宝区水利局"}]), world.city_staff)
    assert outcome.errors and outcome.errors[0]["row"] == 1
    assert not Representative.objects.filter(name="王建华").exists()


def test_missing_unknown_and_repeated_columns(world):
    content = xlsx("representatives", [GOOD], columns=["birth_date", "level"])
    assert list(errors(check("representatives", content, world.city_staff))) == [(1, "姓名")]
    headers = ["*姓名", "出生日期", "备注", "出生日期"]
    content = xlsx("representatives", [GOOD], columns=["name", "birth_date", "level", "start"], headers=headers)
    found = errors(check("representatives", content, world.city_staff))
    assert set(found) == {(1, "C"), (1, "D 出生日期")}


def test_the_data_sheet_need_not_be_the_first(world):
    def build(book):
        book.active.title = "说明"
        book.active.append(["请在第二个工作表中填写"])
        sheet = book.create_sheet("代表")
        sheet.append(["*姓名", "出生日期", "级别", "人大区划代码", "任职开始日期"])
        sheet.append(["王建华", "1975-03-05", "县级", "420802000000", "2021-10-01"])

    assert check("representatives", workbook_bytes(build), world.city_staff).new == 1


def test_formulas_and_merged_cells_are_refused_per_row(world):
    def build(book):
        sheet = book.active
        sheet.append(["*姓名", "出生日期", "级别", "人大区划代码", "任职开始日期", "工作单位"])
        sheet.append(["王建华", "1975-03-05", "县级", "420802000000", "2021-10-01", "=A2&\"厂\""])
        sheet.append(["赵敏", "1980-01-01", "县级", "420802000000", "2021-10-01", "荆门石化总厂"])
        sheet.append(["", "1981-01-01", "县级", "420802000000", "2021-10-01", ""])
        sheet.merge_cells("A3:A4")

    outcome = commit("representatives", workbook_bytes(build), world.city_staff)
    found = errors(outcome)
    assert (2, "工作单位") in found and "公式" in found[(2, "工作单位")]
    assert (3, "姓名") in found and "A3:A4" in found[(3, "姓名")]
    assert not outcome.written
    assert not Representative.objects.filter(name__in=["王建华", "赵敏"]).exists()


def test_excel_error_values_are_refused(world):
    def build(book):
        sheet = book.active
        sheet.append(["*姓名", "出生日期", "级别", "人大区划代码", "任职开始日期"])
        sheet.append(["王建华", "1975-03-05", "县级", "420802000000", "2021-10-01"])
        sheet["B2"].value = "#N/A"
        sheet["B2"].data_type = "e"

    assert list(errors(check("representatives", workbook_bytes(build), world.city_staff))) == [(2, "出生日期")]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "empty.xlsx"),
        (b"just text", "notes.txt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls"),
        (b"PK" + b"\0" * (20 * 1024 * 1024), "huge.xlsx"),
    ],
    ids=["empty", "text", "xls", "20MB"],
)
def test_the_upload_page_explains_a_bad_file(client, world, content, name):
    client.force_login(world.city_staff)
    response = client.post("/transfers/representatives/upload/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "app-field-errors" in page or "errorlist" in page or "alert" in page
    assert not ImportJob.objects.exists()


def test_a_workbook_with_bad_content_fails_its_job_with_the_reason(client, world):
    client.force_login(world.city_staff)
    content = xlsx("units", [{"region": "420802000000", "name": "东宝区水利局"}])
    response = client.post("/transfers/representatives/upload/", {"file": SimpleUploadedFile("units.xlsx", content)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.FAILED
    page = client.get(f"/transfers/jobs/{job.pk}/").content.decode()
    assert job.errors[0]["message"] in page
    assert not job.file  # the uploaded file is not kept


def test_an_upload_without_a_file_or_of_an_unknown_kind(client, world):
    client.force_login(world.city_staff)
    response = client.post("/transfers/representatives/upload/", {})
    assert response.status_code == 400 and "app-field-errors" in response.content.decode()
    assert client.post("/transfers/nothing/upload/", {}).status_code == 404
    assert client.get("/transfers/representatives/upload/").status_code == 405
    assert client.get("/transfers/jobs/999999/").status_code == 404
    assert client.get("/transfers/jobs/1/commit/").status_code == 405
