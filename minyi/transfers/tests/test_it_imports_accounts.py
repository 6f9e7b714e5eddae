"""Staff accounts: one row per role, found again by username; roles only ever added."""

import pytest

from minyi.accounts.models import Role, RoleGrant, User

from .files import check, commit, counts, errors

pytestmark = pytest.mark.django_db


def account(**values):
    row = {
        "username": "db_clerk",
        "full_name": "何晓燕",
        "phone": "13700000001",
        "email": "hexy@example.cn",
        "role": "人大工作人员",
        "region": "420802000000",
        "unit": "",
        "department": "",
    }
    row.update(values)
    return row


def accounts_now():
    return sorted(User.objects.values_list("username", "full_name", "phone")), sorted(RoleGrant.objects.values_list("user__username", "role", "congress_id", "unit_id"))


def test_accounts_import_with_their_roles(world):
    rows = [
        account(),
        account(role="承办单位管理员", unit="东宝区教育局"),
        account(username="jm_clerk", full_name="钱伟", phone="13700000002", email="", region="420800000000", department="代表工作委员会"),
    ]
    assert counts(check("accounts", rows, world.city_staff)) == {"new": 3, "update": 0, "unchanged": 0, "errors": 0}
    commit("accounts", rows, world.city_staff)
    clerk = User.objects.get(username="db_clerk")
    assert not clerk.has_usable_password() and clerk.must_change_password
    assert set(clerk.role_grants.values_list("role", "congress_id", "unit_id")) == {
        (Role.CONGRESS_STAFF, world.dongbao_congress.pk, None),
        (Role.UNIT_ADMIN, None, world.dongbao_unit.pk),
    }
    assert RoleGrant.objects.get(user__username="jm_clerk").department == world.city_rep_committee

    again = [account(full_name="何晓艳"), account(full_name="何晓艳", role="承办单位管理员", unit="东宝区教育局")]
    assert counts(check("accounts", again, world.city_staff)) == {"new": 0, "update": 1, "unchanged": 1, "errors": 0}
    commit("accounts", again, world.city_staff)
    clerk.refresh_from_db()
    assert clerk.full_name == "何晓艳" and User.objects.filter(username="db_clerk").count() == 1


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ({"username": "何晓燕"}, "用户名"),
        ({"phone": "1370000000"}, "手机号码"),
        ({"phone": "13800000000"}, "手机号码"),  # the citizen's number
        ({"email": "not-an-address"}, "电子邮箱"),
        ({"role": "系统管理员"}, "角色"),
        ({"region": "429999000000"}, "区划代码"),
        ({"role": "承办单位工作人员", "unit": ""}, "承办单位"),
        ({"role": "承办单位工作人员", "unit": "不存在的局"}, "承办单位"),
        ({"department": "不存在的委员会"}, "部门"),
        ({"region": "420804000000"}, "区划代码"),
        ({"username": "admin"}, "用户名"),
    ],
)
def test_a_bad_account_row_changes_nothing(world, bad, column):
    world.citizen.phone = "13800000000"
    world.citizen.save()
    before = accounts_now()
    result = commit("accounts", [account(username="db_other", phone="13700000009"), account(**bad)], world.dongbao_staff)
    assert list(errors(result)) == [(3, column)], errors(result)
    assert accounts_now() == before


def test_the_same_phone_for_two_accounts_is_refused(world):
    rows = [account(), account(username="db_clerk2", full_name="张三")]
    assert list(errors(check("accounts", rows, world.dongbao_staff))) == [(3, "手机号码")]


def test_county_staff_cannot_give_roles_in_another_county(world):
    found = errors(check("accounts", [account(role="承办单位工作人员", region="420804000000", unit="掇刀区城市管理执法局")], world.dongbao_staff))
    assert list(found) == [(2, "承办单位")]
