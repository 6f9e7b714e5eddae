"""Representatives with their mandates: a good file imports, a re-import updates in place, and
every kind of bad row is reported with its row, column and a reason, while nothing changes."""

import pytest

from minyi.audit.models import AuditEntry
from minyi.representatives.models import Mandate, Representative, RepresentativeGroup

from .files import check, commit, counts, day, errors, xlsx

pytestmark = pytest.mark.django_db


def person(**values):
    row = {
        "name": "王建华",
        "gender": "男",
        "ethnicity": "汉族",
        "birth_date": day("1975-03-05"),
        "party": "中共党员",
        "occupation_category": "工人",
        "workplace": "荆门石化总厂",
        "position": "车间主任",
        "phone": "13900000001",
        "level": "县级",
        "congress": "420802000000",
        "term": 10,
        "electoral_district": "第三选区",
        "group": "龙泉代表小组",
        "start": day("2021-10-01"),
    }
    row.update(values)
    return row


def snapshot():
    return (
        sorted(Representative.objects.values_list("name", "phone_hash", "workplace", "birth_date")),
        sorted(Mandate.objects.values_list("representative__name", "congress_id", "start", "end", "electoral_district")),
        RepresentativeGroup.objects.count(),
    )


def test_a_good_file_imports_people_mandates_and_groups(world, terms):
    rows = [
        person(),
        person(level="市级", congress="420800000000", term=9, electoral_district="东宝区代表团", group="", start=day("2022-01-01")),
        person(name="赵敏", gender="女", phone="139 0000 0002", birth_date=day("1980-01-01"), group="龙泉代表小组"),
    ]
    preview = check("representatives", rows, world.city_staff)
    assert counts(preview) == {"new": 3, "update": 0, "unchanged": 0, "errors": 0}
    assert Representative.objects.count() == 1  # the dry run wrote nothing

    result = commit("representatives", rows, world.city_staff)
    assert result.written and counts(result) == counts(preview)
    wang = Representative.objects.with_phone("13900000001").get()
    assert wang.name == "王建华" and wang.gender == "M" and wang.party == "01" and wang.ethnicity == "01"
    assert {(m.congress.region_id, m.term.number, m.level) for m in wang.mandates.select_related("congress", "term")} == {
        ("420802000000", 10, "county"),
        ("420800000000", 9, "city"),
    }
    zhao = Representative.objects.with_phone("13900000002").get()
    group = RepresentativeGroup.objects.get(name="龙泉代表小组")
    assert group.congress == world.dongbao_congress
    assert set(group.mandates.values_list("representative", flat=True)) == {wang.pk, zhao.pk}
    # Bulk writes still leave one audit entry per object, with personal data hidden.
    entry = AuditEntry.objects.get(object_type="representatives.representative", object_id=str(wang.pk), action="create")
    assert entry.changes["phone_hash"] == [None, "***"] and entry.changes["birth_date"] == [None, "***"]
    assert AuditEntry.objects.filter(object_type="representatives.mandate", action="create").count() == 3


def test_a_re_import_updates_in_place(world, terms):
    commit("representatives", [person(), person(name="赵敏", phone="13900000002", birth_date=day("1980-01-01"))], world.city_staff)
    before = {rep.name: rep.pk for rep in Representative.objects.all()}

    changed = [
        person(workplace="荆门市第一人民医院", end=day("2024-06-30"), end_reason="辞职"),
        person(name="赵敏", phone="13900000002", birth_date=day("1980-01-01")),
    ]
    preview = check("representatives", changed, world.city_staff)
    assert counts(preview) == {"new": 0, "update": 1, "unchanged": 1, "errors": 0}
    commit("representatives", changed, world.city_staff)
    assert {rep.name: rep.pk for rep in Representative.objects.all()} == before  # no duplicates
    wang = Representative.objects.get(pk=before["王建华"])
    assert wang.workplace == "荆门市第一人民医院"
    mandate = wang.mandates.get()
    assert (mandate.end, mandate.end_reason) == (day("2024-06-30"), "resignation")
    assert AuditEntry.objects.filter(object_type="representatives.mandate", object_id=str(mandate.pk), action="update").exists()


def test_a_person_is_found_by_name_and_birth_date_without_a_phone(world, terms):
    commit("representatives", [person(phone=None)], world.city_staff)
    preview = check("representatives", [person(phone=None, position="厂长")], world.city_staff)
    assert counts(preview) == {"new": 0, "update": 1, "unchanged": 0, "errors": 0}
    # A new number for the same person is a change of number, not a new person.
    commit("representatives", [person(phone="13900000009")], world.city_staff)
    assert Representative.objects.filter(name="王建华").count() == 1
    assert Representative.objects.with_phone("13900000009").exists()


def test_a_masked_phone_counts_as_unchanged(world, terms):
    commit("representatives", [person()], world.city_staff)
    preview = check("representatives", [person(phone="139****0001")], world.city_staff)
    assert counts(preview) == {"new": 0, "update": 0, "unchanged": 1, "errors": 0}
    assert Representative.objects.with_phone("13900000001").exists()


def test_a_masked_phone_cannot_create_a_person(world, terms):
    preview = check("representatives", [person(name="新代表", phone="139****0001")], world.city_staff)
    assert "掩码" in errors(preview)[(2, "手机号码")] or "masked" in errors(preview)[(2, "手机号码")]


BAD_ROWS = [
    # (what is wrong, the row, the column whose header is reported)
    ("a phone that is not a mobile number", {"phone": "0724-1234567"}, "手机号码"),
    ("a birth date in the wrong format", {"birth_date": "1975年13月40日"}, "出生日期"),
    ("a birth date making them a child", {"birth_date": day("2015-01-01")}, "出生日期"),
    ("a birth date before 1900", {"birth_date": "1899-12-31"}, "出生日期"),
    ("a mandate start far in the future", {"start": day("2099-01-01")}, "任职开始日期"),
    ("an unknown gender", {"gender": "未知"}, "性别"),
    ("an unknown party", {"party": "某某党"}, "政治面貌"),
    ("an unknown level", {"level": "村级"}, "级别"),
    ("a term that is not a number", {"term": "第十届"}, "届次"),
    ("a term the congress does not have", {"term": 3}, "届次"),
    ("an unknown division code", {"congress": "429999000000"}, "人大区划代码"),
    ("a code that is not 12 digits", {"congress": "4208"}, "人大区划代码"),
    ("a congress of another level", {"level": "市级"}, "人大区划代码"),
    ("a national mandate naming a congress", {"level": "全国"}, "人大区划代码"),
    ("an end without a reason", {"end": day("2024-01-01")}, "终止原因"),
    ("a reason without an end", {"end_reason": "辞职"}, "任职结束日期"),
    ("an end before the start", {"end": day("2020-01-01"), "end_reason": "辞职"}, "任职结束日期"),
    ("a termination without a note", {"end": day("2024-01-01"), "end_reason": "资格终止"}, "终止说明"),
    ("a name that is too long", {"name": "王" * 51}, "姓名"),
    ("an empty name", {"name": None}, "姓名"),
    ("a mandate without a start", {"start": None}, "任职开始日期"),
    ("a date cell in a text column", {"workplace": day("2020-01-01")}, "工作单位"),
]


@pytest.mark.parametrize(("case", "bad", "column"), BAD_ROWS, ids=[case for case, _bad, _column in BAD_ROWS])
def test_a_bad_row_is_reported_and_nothing_changes(world, terms, case, bad, column):
    commit("representatives", [person(name="李国庆", phone="13900000099")], world.city_staff)
    before = snapshot()
    rows = [person(name="赵敏", phone="13900000002"), person(**bad), person(name="孙丽", phone="13900000003")]
    for run in (check, commit):
        result = run("representatives", rows, world.city_staff)
        found = errors(result)
        assert list(found) == [(3, column)], f"{case}: {found}"
        message = found[(3, column)]
        assert message and any("\u4e00" <= char <= "\u9fff" for char in message), f"{case}: not Chinese: {message}"
        assert not result.written
        assert counts(result)["errors"] == 1 and counts(result)["new"] == 2
    assert snapshot() == before


def test_errors_name_the_spreadsheet_column_letter(world, terms):
    result = check("representatives", [person(), person(name="赵敏", phone="12345")], world.city_staff)
    (error,) = result.errors
    assert (error["row"], error["letter"], error["column"]) == (3, "I", "手机号码")
    assert error["message"] == "请输入以 1 开头的 11 位中国大陆手机号码。"


def test_duplicate_phones_within_the_file_are_refused(world, terms):
    rows = [person(), person(name="赵敏", birth_date=day("1980-01-01"))]
    found = errors(check("representatives", rows, world.city_staff))
    assert list(found) == [(3, "手机号码")]
    assert "2" in found[(3, "手机号码")]  # names the other row


def test_a_phone_of_another_representative_is_refused(world, terms):
    commit("representatives", [person()], world.city_staff)
    before = snapshot()
    result = commit("representatives", [person(name="赵敏", birth_date=day("1980-01-01"))], world.city_staff)
    assert list(errors(result)) == [(2, "手机号码")]
    assert snapshot() == before


def test_overlapping_mandates_in_one_congress_are_refused(world, terms):
    rows = [person(), person(start=day("2022-05-01"), group="")]
    assert list(errors(check("representatives", rows, world.city_staff))) == [(3, "任职开始日期")]


def test_a_row_without_mandate_columns_updates_only_the_person(world, terms):
    commit("representatives", [person()], world.city_staff)
    row = {key: value for key, value in person(position="厂长").items() if key in ("name", "birth_date", "phone", "position")}
    content = xlsx("representatives", [row], columns=["name", "birth_date", "phone", "position"])
    result = commit("representatives", content, world.city_staff)
    assert counts(result) == {"new": 0, "update": 1, "unchanged": 0, "errors": 0}
    wang = Representative.objects.get(name="王建华")
    assert wang.position == "厂长" and wang.workplace == "荆门石化总厂"  # a column left out of the file is kept
    assert wang.mandates.count() == 1


def test_county_staff_cannot_import_into_another_county(world, terms):
    before = snapshot()
    result = commit("representatives", [person(), person(name="赵敏", phone="13900000002", congress="420804000000")], world.dongbao_staff)
    found = errors(result)
    assert list(found) == [(3, "人大区划代码")]
    assert "掇刀区人民代表大会" in found[(3, "人大区划代码")]
    assert snapshot() == before
    # Nor a city mandate, nor a national one for someone outside their congress.
    found = errors(check("representatives", [person(level="市级", congress="420800000000", term=9)], world.dongbao_staff))
    assert list(found) == [(2, "人大区划代码")]
    found = errors(check("representatives", [person(level="全国", congress=None, term=None, group="")], world.dongbao_staff))
    assert list(found) == [(2, "级别")]


def test_county_staff_may_re_import_what_they_see_of_a_city_representative(world, terms):
    """A person with a county and a city mandate: county staff re-importing both rows unchanged is fine."""
    commit("representatives", [person(), person(level="市级", congress="420800000000", term=9, group="", start=day("2022-01-01"))], world.city_staff)
    rows = [person(), person(level="市级", congress="420800000000", term=9, group="", start=day("2022-01-01"))]
    assert counts(check("representatives", rows, world.dongbao_staff)) == {"new": 0, "update": 0, "unchanged": 2, "errors": 0}


def test_people_outside_any_congress_of_the_staff_cannot_be_changed(world, terms):
    commit("representatives", [person(congress="420804000000")], world.city_staff)
    result = check("representatives", [person(congress="420804000000", position="厂长")], world.dongbao_staff)
    assert list(errors(result)) == [(2, "姓名")]


def test_only_staff_and_administrators_import(world, terms):
    for user in (world.unit_staff, world.rep, world.citizen):
        assert errors(check("representatives", [person()], user))
    assert not errors(check("representatives", [person()], world.admin))


def test_a_mandate_of_the_next_term_is_a_new_mandate(world, terms):
    from minyi.organisations.models import Term

    Term.objects.create(congress=world.dongbao_congress, number=11, start=day("2026-10-01"))
    commit("representatives", [person()], world.city_staff)
    next_term = person(term=11, start=day("2026-10-01"))
    # The stored mandate of term 10 has no end yet: the new one would overlap it.
    found = errors(check("representatives", [next_term], world.city_staff))
    assert list(found) == [(2, "任职开始日期")]
    # Ending it in the same file makes room for the next one.
    ended = person(end=day("2026-09-30"), end_reason="任期届满")
    result = commit("representatives", [ended, next_term], world.city_staff)
    assert counts(result) == {"new": 1, "update": 1, "unchanged": 0, "errors": 0}
    wang = Representative.objects.get(name="王建华")
    assert sorted(wang.mandates.values_list("term__number", "end")) == [(10, day("2026-09-30")), (11, None)]


def test_rows_of_one_person_must_agree(world, terms):
    rows = [person(), person(level="市级", congress="420800000000", term=9, group="", start=day("2022-01-01"), workplace="另一个单位")]
    assert list(errors(check("representatives", rows, world.city_staff))) == [(3, "工作单位")]
