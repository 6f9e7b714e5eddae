"""Exports use the template's columns, so that export → edit → re-import updates in place."""

import io

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from minyi.audit.models import AuditEntry
from minyi.organisations.models import Station, Unit
from minyi.representatives.models import Representative
from minyi.transfers.exports import export_response

from .files import check, commit, counts, day, rows_of
from .test_it_imports_accounts import account
from .test_it_imports_representatives import person
from .test_it_imports_units_and_stations import station, unit

pytestmark = pytest.mark.django_db


def export(client, user, kind):
    client.force_login(user)
    response = client.get(f"/transfers/{kind}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def load_all(world):
    commit("representatives", [person(), person(name="赵敏", phone="13900000002", birth_date=day("1980-01-01"), congress="420804000000", group="")], world.city_staff)
    commit("units", [unit(name="东宝区人民政府", branch="人民政府", short_name=""), unit(parent="东宝区人民政府")], world.city_staff)
    commit("stations", [station(), station(name="东宝区代表之家", kind="代表之家", reception="")], world.city_staff)
    commit("accounts", [account(), account(role="承办单位管理员", unit="东宝区教育局")], world.city_staff)


@pytest.mark.parametrize("kind", ["representatives", "units", "stations", "accounts"])
def test_an_export_re_imports_unchanged(client, world, terms, kind):
    load_all(world)
    content = export(client, world.city_staff, kind)
    result = check(kind, content, world.city_staff)
    assert result.total > 0
    assert counts(result) == {"new": 0, "update": 0, "unchanged": result.total, "errors": 0}, result.errors


def test_an_edited_export_updates_in_place(client, world, terms):
    load_all(world)
    content = export(client, world.city_staff, "representatives")
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    headers = [cell.value.lstrip("*") for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("姓名")].value == "赵敏":
            row[headers.index("职务")].value = "副厂长"
    buffer = io.BytesIO()
    book.save(buffer)
    result = commit("representatives", buffer.getvalue(), world.city_staff)
    assert counts(result)["update"] == 1 and counts(result)["new"] == 0
    assert Representative.objects.get(name="赵敏").position == "副厂长"
    assert Representative.objects.filter(name="赵敏").count() == 1


def test_the_export_is_audited_with_its_rows_and_filters(world, terms):
    load_all(world)
    request = RequestFactory().get("/units/", {"q": "东宝", "branch": "department"})
    request.user = world.city_staff
    response = export_response("units", Unit.objects.filter(region_id="420802000000"), request)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.filter(action="export").latest("at")
    assert entry.object_type == "organisations.unit"
    assert entry.note == "rows=3"
    assert entry.changes == {"filters": {"q": "东宝", "branch": "department"}}
    assert entry.actor == world.city_staff


def test_an_export_holds_only_what_the_user_may_see(world, terms):
    load_all(world)
    request = RequestFactory().get("/")
    request.user = world.dongbao_staff
    names = {row["名称"] for row in rows_of(export_response("units", Unit.objects.all(), request).content)}
    assert names == {"东宝区人民政府", "东宝区交通运输局", "东宝区教育局"}
    request.user = world.duodao_staff
    names = {row["名称"] for row in rows_of(export_response("stations", Station.objects.all(), request).content)}
    assert names == set()


def test_phones_are_masked_for_those_who_may_not_see_them(world, terms):
    load_all(world)
    request = RequestFactory().get("/")
    request.user = world.city_staff
    phones = {row["姓名"]: row["手机号码"] for row in rows_of(export_response("representatives", Representative.objects.all(), request).content)}
    assert phones["王建华"] == "13900000001"
    # A representative may see their own record but not another's phone.
    zhao = Representative.objects.get(name="赵敏")
    from minyi.accounts import services as accounts
    from minyi.accounts.models import Role

    accounts.grant_role(world.rep, Role.REPRESENTATIVE, representative=zhao)
    request.user = world.rep
    own = rows_of(export_response("representatives", Representative.objects.all(), request).content)
    assert {row["姓名"]: row["手机号码"] for row in own}["赵敏"] == "13900000002"


def test_a_masked_export_re_imports_unchanged(world, terms, monkeypatch):
    load_all(world)
    from minyi.accounts import access

    real_can = access.can
    monkeypatch.setattr(access, "can", lambda user, action, obj: False if action == "view_phone" else real_can(user, action, obj))
    request = RequestFactory().get("/")
    request.user = world.city_staff
    content = export_response("representatives", Representative.objects.all(), request).content
    monkeypatch.undo()
    phones = {row["姓名"]: row["手机号码"] for row in rows_of(content)}
    assert phones["王建华"] == "139****0001"
    result = check("representatives", content, world.city_staff)
    assert counts(result) == {"new": 0, "update": 0, "unchanged": result.total, "errors": 0}


def test_a_wrong_queryset_is_a_programming_error(world):
    request = RequestFactory().get("/")
    request.user = world.city_staff
    with pytest.raises(ValueError):
        export_response("units", Station.objects.all(), request)


def test_the_bulk_phone_check_agrees_with_the_access_rule(world, terms):
    """Exports ask for "view_phone" in bulk (a mirror of the rule); it must say what the rule says."""
    from minyi.accounts import access
    from minyi.accounts import services as accounts
    from minyi.accounts.models import Role
    from minyi.transfers.specs.representatives import phones_visible

    load_all(world)
    commit("representatives", [person(name="孙丽", phone="13900000003", congress="420804000000", group="")], world.city_staff)
    zhao = Representative.objects.get(name="赵敏")
    accounts.grant_role(world.rep, Role.REPRESENTATIVE, representative=zhao)
    people = list(Representative.objects.all())
    for user in (world.admin, world.city_staff, world.dongbao_staff, world.duodao_staff, world.leader, world.rep, world.unit_staff):
        expected = {rep.pk for rep in people if access.can(user, "view_phone", rep)}
        assert phones_visible(user, people, sample=0) == expected, user.username


def test_an_export_reads_back_in_read_only_openpyxl(client, world, terms):
    """pandas and other tools read with openpyxl's read-only mode: every row and real dates."""
    load_all(world)
    content = export(client, world.city_staff, "representatives")
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 2
    headers = [str(h).lstrip("*") for h in rows[0]]
    start = rows[1][headers.index("任职开始日期")]
    assert start.year == 2021 and start.month == 10
