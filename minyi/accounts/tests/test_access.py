import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from minyi.accounts import access
from minyi.accounts.models import Role, RoleGrant
from minyi.audit.models import AuditEntry
from minyi.organisations.models import Unit

pytestmark = pytest.mark.django_db


def _visible_units(user):
    return set(access.visible(user, Unit.objects.all()).values_list("name", flat=True))


def test_it_limits_county_staff_to_their_county(world):
    assert _visible_units(world.dongbao_staff) == {"东宝区教育局"}
    assert _visible_units(world.duodao_staff) == {"掇刀区城市管理执法局"}


def test_it_lets_city_staff_see_every_county_beneath(world):
    assert _visible_units(world.city_staff) == {"荆门市住房和城乡建设局", "东宝区教育局", "掇刀区城市管理执法局"}


def test_it_shows_unit_staff_only_their_unit(world):
    assert _visible_units(world.unit_staff) == {"荆门市住房和城乡建设局"}
    assert _visible_units(world.other_unit_staff) == {"东宝区教育局"}


def test_it_shows_nothing_to_citizens_and_strangers(world):
    from django.contrib.auth.models import AnonymousUser

    assert _visible_units(world.citizen) == set()
    assert _visible_units(AnonymousUser()) == set()


def test_it_refuses_to_load_another_countys_unit_as_not_found(world):
    with pytest.raises(Http404):
        access.get_object(world.dongbao_staff, Unit.objects.all(), pk=world.duodao_unit.pk)
    assert access.get_object(world.city_staff, Unit.objects.all(), pk=world.duodao_unit.pk) == world.duodao_unit


def test_it_audits_a_denied_action(world):
    with pytest.raises(PermissionDenied):
        access.get_object(world.unit_staff, Unit.objects.all(), action="manage", pk=world.city_unit.pk)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert entry.actor == world.unit_staff and entry.note == "manage"


def test_it_lets_a_unit_admin_manage_own_staff_only(world):
    assert access.can(world.unit_admin, "manage_staff", world.city_unit)
    assert not access.can(world.unit_admin, "manage_staff", world.dongbao_unit)
    assert access.can(world.unit_admin, "manage", world.unit_staff)
    assert not access.can(world.unit_admin, "manage", world.other_unit_staff)
    assert not access.can(world.unit_admin, "manage", world.admin)


def test_it_fails_closed_for_models_without_a_scope(world):
    assert access.visible(world.city_staff, AuditEntry.objects.all()).count() == 0
    assert access.visible(world.admin, AuditEntry.objects.all()).count() > 0


def test_it_reads_a_person_with_several_roles(world):
    from minyi.accounts import services

    services.grant_role(world.rep, Role.CITIZEN)
    actor = access.actor_for(world.rep)
    assert actor.roles == {Role.REPRESENTATIVE, Role.CITIZEN}
    assert RoleGrant.objects.filter(user=world.rep).count() == 2


def test_it_refuses_a_scoped_role_without_its_scope(world):
    from django.core.exceptions import ValidationError

    from minyi.accounts import services

    with pytest.raises(ValidationError, match="承办单位"):
        services.grant_role(world.citizen, Role.UNIT_STAFF)


def test_it_lets_leaders_read_but_not_change_organisation_data(world):
    assert _visible_units(world.leader) == _visible_units(world.city_staff)
    assert access.can(world.city_staff, "manage", world.dongbao_unit)
    assert not access.can(world.leader, "manage", world.dongbao_unit)
