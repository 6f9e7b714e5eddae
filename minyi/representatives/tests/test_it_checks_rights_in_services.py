"""The management services check the actor's right themselves, whatever page calls them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.audit.models import AuditEntry
from minyi.representatives import services
from minyi.representatives.models import Representative, RepresentativeGroup

from .people import grid, representative

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 1, 1)


def test_it_registers_only_in_congresses_the_actor_keeps(world):
    first = {"congress": world.dongbao_congress, "start": START}
    person = services.create_representative({"name": "周红"}, actor=world.dongbao_staff, first_mandate=first)
    assert person.mandates.get().level == "county"
    with pytest.raises(PermissionDenied):
        services.create_representative({"name": "钱进"}, actor=world.duodao_staff, first_mandate=first)
    with pytest.raises(PermissionDenied):
        services.create_representative({"name": "钱进"}, actor=world.unit_admin, first_mandate=first)
    with pytest.raises(ValidationError):
        services.create_representative({"name": "钱进"}, actor=world.dongbao_staff)
    assert not Representative.objects.filter(name="钱进").exists()


def test_it_lets_only_an_administrator_open_a_mandate_without_a_congress(world):
    with pytest.raises(PermissionDenied):
        services.create_representative({"name": "钱进"}, actor=world.city_staff, first_mandate={"level": "national", "start": START})
    person = services.create_representative({"name": "钱进"}, actor=world.admin, first_mandate={"level": "national", "start": START})
    assert person.mandates.get().congress is None


def test_it_updates_only_records_the_actor_keeps(world):
    person = representative("王建华", world.dongbao_congress)
    services.update_representative(person, {"workplace": "东宝区实验小学", "phone": "13800001111"}, actor=world.dongbao_staff)
    person.refresh_from_db()
    assert (person.workplace, person.phone) == ("东宝区实验小学", "13800001111")
    with pytest.raises(PermissionDenied):
        services.update_representative(person, {"workplace": "x"}, actor=world.duodao_staff)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, actor=world.duodao_staff).exists()


def test_it_audits_every_phone_reveal_and_refuses_others(world):
    person = representative("王建华", world.dongbao_congress, phone="13800001111")
    assert services.reveal_phone(person, actor=world.dongbao_staff) == "13800001111"
    assert AuditEntry.objects.filter(note="view_phone", actor=world.dongbao_staff, object_id=str(person.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        services.reveal_phone(person, actor=world.duodao_staff)


def test_it_manages_groups_and_grids_within_the_scope(world):
    group = services.create_group(congress=world.dongbao_congress, name="第一小组", kind="area", actor=world.dongbao_staff)
    with pytest.raises(PermissionDenied):
        services.update_group(group, name="x", kind="area", actor=world.duodao_staff)
    with pytest.raises(PermissionDenied):
        services.delete_group(group, actor=world.duodao_staff)
    services.delete_group(group, actor=world.dongbao_staff)
    assert not RepresentativeGroup.objects.exists()
    cell = grid(world)
    person = representative("王建华", world.dongbao_congress)
    with pytest.raises(PermissionDenied):
        services.assign_grid(cell, person, start=START, actor=world.duodao_staff)
    duty = services.assign_grid(cell, person, start=START, actor=world.dongbao_staff)
    with pytest.raises(ValidationError):
        services.assign_grid(cell, person, start=START, actor=world.dongbao_staff)  # overlaps
    services.end_grid_responsibility(duty, on=START, actor=world.dongbao_staff)
    with pytest.raises(ValidationError):
        services.end_grid_responsibility(duty, on=START + datetime.timedelta(days=3), actor=world.dongbao_staff)
