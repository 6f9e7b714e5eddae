"""Handling units through the desk pages: each write goes through a service, lands in the audit
log, and bad input comes back with the form as typed."""

import pytest
from django.urls import reverse

from minyi.accounts.models import Role
from minyi.audit.models import AuditEntry
from minyi.organisations.models import Unit, UnitNameChange

from .ui import audited, client_for, html

pytestmark = pytest.mark.django_db


def test_it_creates_a_unit(jingmen):
    client = client_for(jingmen.dongbao_staff)
    response = client.post(
        reverse("organisations:unit_create"),
        {"name": "东宝区民政局", "short_name": "民政局", "region": jingmen.dongbao.code, "branch": "department", "contact_name": "王芳"},
    )
    unit = Unit.objects.get(name="东宝区民政局")
    assert response.status_code == 302 and response["Location"] == reverse("organisations:unit_detail", args=[unit.pk])
    assert audited(AuditEntry.Action.CREATE, Unit, unit.pk, actor=jingmen.dongbao_staff).exists()


def test_it_keeps_what_was_typed_when_the_unit_is_invalid(jingmen):
    client = client_for(jingmen.dongbao_staff)
    response = client.post(
        reverse("organisations:unit_create"),
        {"name": "东宝区教育局", "short_name": "教育局二", "region": jingmen.dongbao.code, "branch": "department", "contact_phone": "0724-1234"},
    )
    page = html(response)
    assert response.status_code == 200
    assert 'value="教育局二"' in page and 'value="0724-1234"' in page
    assert "app-field-errors" in page or "alert-danger" in page
    assert Unit.objects.filter(name="东宝区教育局").count() == 1


def test_it_refuses_a_missing_name_with_a_chinese_error(jingmen):
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:unit_create"), {"region": jingmen.dongbao.code})
    assert "这个字段是必填项" in html(response) or "此字段为必填项" in html(response)


def test_it_edits_a_unit_but_not_its_name(jingmen):
    unit = jingmen.dongbao_unit
    client = client_for(jingmen.dongbao_staff)
    response = client.post(
        reverse("organisations:unit_edit", args=[unit.pk]),
        {"name": "改名无效", "region": jingmen.dongbao.code, "branch": "department", "address": "东宝区长宁大道1号"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.address == "东宝区长宁大道1号" and unit.name == "东宝区教育局"
    assert audited(AuditEntry.Action.UPDATE, Unit, unit.pk, actor=jingmen.dongbao_staff).exists()


def test_it_refuses_a_unit_under_its_own_sub_unit(jingmen):
    parent = jingmen.dongbao_unit
    child = Unit.objects.create(region=jingmen.dongbao, name="东宝区教育局下属中心", parent=parent)
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:unit_edit", args=[parent.pk]), {"region": jingmen.dongbao.code, "branch": "department", "parent": child.pk}
    )
    assert response.status_code == 200
    parent.refresh_from_db()
    assert parent.parent_id is None


def test_it_renames_a_unit_and_shows_the_history(jingmen):
    unit = jingmen.dongbao_unit
    client = client_for(jingmen.dongbao_staff)
    response = client.post(reverse("organisations:unit_rename", args=[unit.pk]), {"name": "东宝区教育和体育局", "on": "2025-03-01"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "东宝区教育和体育局"
    change = UnitNameChange.objects.get(unit=unit)
    assert audited(AuditEntry.Action.CREATE, UnitNameChange, change.pk, actor=jingmen.dongbao_staff).exists()
    page = html(client.get(reverse("organisations:unit_detail", args=[unit.pk])))
    assert 'data-testid="name-history"' in page and "东宝区教育局" in page


def test_it_reshows_a_rename_to_the_same_name(jingmen):
    unit = jingmen.dongbao_unit
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:unit_rename", args=[unit.pk]), {"name": unit.name, "on": "2025-03-01"})
    assert response.status_code == 200
    assert "新名称与当前名称相同" in html(response) or "app-field-errors" in html(response)
    assert 'value="2025-03-01"' in html(response)


def test_it_merges_after_a_confirmation_page(jingmen):
    source = jingmen.dongbao_unit
    target = Unit.objects.create(region=jingmen.dongbao, name="东宝区教育和科技局")
    client = client_for(jingmen.dongbao_staff)
    url = reverse("organisations:unit_merge", args=[source.pk])
    confirm = client.post(url, {"target": target.pk, "on": "2025-06-30"})
    assert confirm.status_code == 200 and 'data-testid="merge-summary"' in html(confirm)
    source.refresh_from_db()
    assert source.is_active
    done = client.post(url, {"target": target.pk, "on": "2025-06-30", "confirm": "1"})
    assert done.status_code == 302
    source.refresh_from_db()
    assert not source.is_active and source.merged_into == target and str(source.merged_on) == "2025-06-30"
    assert audited(AuditEntry.Action.UPDATE, Unit, source.pk, actor=jingmen.dongbao_staff).exists()


def test_it_offers_no_merge_target_outside_scope(jingmen):
    client = client_for(jingmen.dongbao_staff)
    response = client.post(
        reverse("organisations:unit_merge", args=[jingmen.dongbao_unit.pk]), {"target": jingmen.duodao_unit.pk, "on": "2025-06-30", "confirm": "1"}
    )
    assert response.status_code == 200
    jingmen.dongbao_unit.refresh_from_db()
    assert jingmen.dongbao_unit.is_active


def test_it_deactivates_a_unit(jingmen):
    unit = jingmen.dongbao_unit
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:unit_deactivate", args=[unit.pk]))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert not unit.is_active


def test_it_refuses_to_delete_a_unit_with_the_reason(jingmen):
    unit = jingmen.dongbao_unit
    client = client_for(jingmen.dongbao_staff)
    response = client.post(reverse("organisations:unit_delete", args=[unit.pk]), follow=True)
    assert Unit.objects.filter(pk=unit.pk).exists()
    page = html(response)
    assert "alert-danger" in page and "jingmen" not in page
    assert unit.name in page


def test_it_deletes_a_unit_nothing_refers_to(jingmen):
    unit = Unit.objects.create(region=jingmen.dongbao, name="误录单位")
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:unit_delete", args=[unit.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("organisations:unit_list")
    assert not Unit.objects.filter(pk=unit.pk).exists()
    assert audited(AuditEntry.Action.DELETE, Unit, unit.pk).exists()


def test_it_lists_the_units_staff_accounts(jingmen):
    jingmen.person("unit_admin2", Role.UNIT_ADMIN, unit=jingmen.dongbao_unit)
    page = html(client_for(jingmen.dongbao_staff).get(reverse("organisations:unit_detail", args=[jingmen.dongbao_unit.pk])))
    assert "dongbao_unit_staff" in page and "unit_admin2" in page


def test_it_filters_the_unit_list(jingmen):
    Unit.objects.create(region=jingmen.dongbao, name="东宝区人民法院", branch=Unit.Branch.COURT)
    inactive = Unit.objects.create(region=jingmen.dongbao, name="东宝区旧单位", is_active=False)
    client = client_for(jingmen.city_staff)
    page = html(client.get(reverse("organisations:unit_list"), {"branch": "court"}))
    assert "东宝区人民法院" in page and "东宝区教育局" not in page
    page = html(client.get(reverse("organisations:unit_list"), {"region": jingmen.duodao.code}))
    assert "掇刀区城市管理执法局" in page and "东宝区教育局" not in page
    assert inactive.name not in html(client.get(reverse("organisations:unit_list")))
    assert inactive.name in html(client.get(reverse("organisations:unit_list"), {"active": "0"}))
    assert "东宝区教育局" in html(client.get(reverse("organisations:unit_list"), {"q": "教育"}))


def test_it_finds_a_unit_by_its_old_name(jingmen):
    from minyi.organisations import services

    services.rename_unit(jingmen.dongbao_unit, "东宝区教育和体育局", actor=jingmen.admin)
    page = html(client_for(jingmen.city_staff).get(reverse("organisations:unit_list"), {"q": "东宝区教育局"}))
    assert "东宝区教育和体育局" in page


@pytest.mark.parametrize(
    "query",
    [{"region": "nonsense"}, {"branch": "nope"}, {"active": "maybe"}, {"page": "x"}, {"page": "99999"}, {"q": "x" * 500}, {"region": "420804000000"}],
)
def test_it_ignores_bad_filters(jingmen, query):
    response = client_for(jingmen.dongbao_staff).get(reverse("organisations:unit_list"), query)
    assert response.status_code == 200


def test_it_gives_404_for_unknown_units(jingmen):
    client = client_for(jingmen.admin)
    assert client.get("/org/units/999999/").status_code == 404
    assert client.get("/org/units/abc/").status_code == 404
