import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minyi.audit.models import AuditEntry
from minyi.organisations import services
from minyi.organisations.models import Unit, UnitNameChange
from minyi.organisations.signals import unit_merged


@pytest.mark.django_db
def test_it_keeps_the_old_name_when_renaming(jingmen):
    unit = jingmen.dongbao_unit
    change = services.rename_unit(unit, "东宝区教育和体育局", actor=jingmen.dongbao_staff, on=datetime.date(2025, 3, 1))
    unit.refresh_from_db()
    assert unit.name == "东宝区教育和体育局"
    assert (change.old_name, change.new_name, change.changed_on, change.changed_by) == (
        "东宝区教育局",
        "东宝区教育和体育局",
        datetime.date(2025, 3, 1),
        jingmen.dongbao_staff,
    )
    assert list(unit.name_changes.all()) == [change]


@pytest.mark.django_db
def test_it_dates_a_rename_today_by_default(jingmen):
    change = services.rename_unit(jingmen.dongbao_unit, "东宝区教育和体育局", actor=jingmen.dongbao_staff)
    assert change.changed_on == timezone.localdate()


@pytest.mark.django_db
def test_it_keeps_every_rename_in_order(jingmen):
    unit = jingmen.dongbao_unit
    services.rename_unit(unit, "东宝区教育和体育局", actor=jingmen.dongbao_staff, on=datetime.date(2020, 1, 1))
    services.rename_unit(unit, "东宝区教育局", actor=jingmen.dongbao_staff, on=datetime.date(2025, 1, 1))
    assert [(c.old_name, c.new_name) for c in unit.name_changes.all()] == [
        ("东宝区教育和体育局", "东宝区教育局"),
        ("东宝区教育局", "东宝区教育和体育局"),
    ]


@pytest.mark.django_db
def test_it_refuses_an_empty_unchanged_or_taken_name(jingmen):
    Unit.objects.create(region=jingmen.dongbao, name="东宝区卫生健康局")
    for name in ("", "东宝区教育局", "东宝区卫生健康局"):
        with pytest.raises(ValidationError):
            services.rename_unit(jingmen.dongbao_unit, name, actor=jingmen.dongbao_staff)
    assert not UnitNameChange.objects.exists()


@pytest.mark.django_db
def test_it_lets_only_staff_of_the_units_region_rename_it(jingmen):
    with pytest.raises(PermissionDenied):
        services.rename_unit(jingmen.dongbao_unit, "改名", actor=jingmen.duodao_staff)
    with pytest.raises(PermissionDenied):
        services.rename_unit(jingmen.dongbao_unit, "改名", actor=jingmen.dongbao_unit_staff)
    jingmen.dongbao_unit.refresh_from_db()
    assert jingmen.dongbao_unit.name == "东宝区教育局"


@pytest.mark.django_db
def test_it_audits_a_rename(jingmen):
    services.rename_unit(jingmen.dongbao_unit, "东宝区教育和体育局", actor=jingmen.dongbao_staff)
    entry = AuditEntry.objects.filter(object_type="organisations.unit", action=AuditEntry.Action.UPDATE).get()
    assert entry.changes["name"] == ["东宝区教育局", "东宝区教育和体育局"]


@pytest.mark.django_db
def test_it_keeps_a_merged_unit_pointing_at_its_successor(jingmen):
    source = Unit.objects.create(region=jingmen.dongbao, name="东宝区体育局")
    services.merge_units(source, jingmen.dongbao_unit, actor=jingmen.dongbao_staff, on=datetime.date(2025, 3, 1))
    source.refresh_from_db()
    assert not source.is_active
    assert source.merged_into == jingmen.dongbao_unit
    assert source.merged_on == datetime.date(2025, 3, 1)
    assert list(jingmen.dongbao_unit.merged_from.all()) == [source]
    assert source.name == "东宝区体育局"


@pytest.mark.django_db
def test_it_moves_sub_units_to_the_merge_target(jingmen):
    source = Unit.objects.create(region=jingmen.dongbao, name="东宝区体育局")
    child = Unit.objects.create(region=jingmen.dongbao, name="东宝区体育中心", parent=source)
    services.merge_units(source, jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    child.refresh_from_db()
    assert child.parent == jingmen.dongbao_unit


@pytest.mark.django_db
def test_it_lifts_a_sub_unit_merged_into_by_its_parent(jingmen):
    source = Unit.objects.create(region=jingmen.dongbao, name="东宝区旅游局", parent=jingmen.dongbao_unit)
    target = Unit.objects.create(region=jingmen.dongbao, name="东宝区文旅中心", parent=source)
    services.merge_units(source, target, actor=jingmen.dongbao_staff)
    target.refresh_from_db()
    assert target.parent == jingmen.dongbao_unit


@pytest.mark.django_db
def test_it_tells_listeners_about_a_merge(jingmen):
    heard = []

    def listener(sender, source, target, actor, **kwargs):
        heard.append((source, target, actor))

    unit_merged.connect(listener)
    try:
        source = Unit.objects.create(region=jingmen.dongbao, name="东宝区体育局")
        services.merge_units(source, jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    finally:
        unit_merged.disconnect(listener)
    assert heard == [(source, jingmen.dongbao_unit, jingmen.dongbao_staff)]


@pytest.mark.django_db
def test_it_refuses_impossible_merges(jingmen):
    source = Unit.objects.create(region=jingmen.dongbao, name="东宝区体育局")
    with pytest.raises(ValidationError):
        services.merge_units(source, source, actor=jingmen.dongbao_staff)
    services.merge_units(source, jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    other = Unit.objects.create(region=jingmen.dongbao, name="东宝区卫生健康局")
    with pytest.raises(ValidationError):
        services.merge_units(source, other, actor=jingmen.dongbao_staff)
    with pytest.raises(ValidationError):
        services.merge_units(other, source, actor=jingmen.dongbao_staff)


@pytest.mark.django_db
def test_it_refuses_a_merge_across_a_scope_boundary(jingmen):
    with pytest.raises(PermissionDenied):
        services.merge_units(jingmen.duodao_unit, jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    jingmen.duodao_unit.refresh_from_db()
    assert jingmen.duodao_unit.is_active
