"""The account services check the actor's right themselves, whatever page calls them."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.accounts import services
from minyi.accounts.models import Role, User
from minyi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_keeps_must_change_password_when_a_password_is_set_for_someone(world):
    user = services.create_account(username="temp", full_name="临时", password="Abcdef-12345x", must_change_password=True)
    assert User.objects.get(pk=user.pk).must_change_password


def test_it_makes_temporary_passwords_that_pass_the_rules():
    for _attempt in range(20):
        password = services.temporary_password()
        password_validation.validate_password(password)
        assert len(password) >= 12


def test_it_says_which_roles_each_person_may_hand_out(world):
    assert services.grantable_roles(world.unit_admin) == [Role.UNIT_STAFF, Role.UNIT_ADMIN]
    assert Role.CONGRESS_STAFF in services.grantable_roles(world.dongbao_staff)
    assert Role.SYSTEM_ADMIN not in services.grantable_roles(world.city_staff)
    assert services.grantable_roles(world.leader) == []
    assert services.grantable_roles(world.unit_staff) == []
    assert set(services.grantable_roles(world.admin)) == set(Role)


def test_it_limits_grants_to_the_actors_scope(world):
    assert services.may_grant(world.unit_admin, Role.UNIT_STAFF, unit=world.city_unit)
    assert not services.may_grant(world.unit_admin, Role.UNIT_STAFF, unit=world.dongbao_unit)
    assert services.may_grant(world.dongbao_staff, Role.UNIT_ADMIN, unit=world.dongbao_unit)
    assert not services.may_grant(world.dongbao_staff, Role.UNIT_ADMIN, unit=world.duodao_unit)
    assert services.may_grant(world.city_staff, Role.LEADER, congress=world.duodao_congress)
    assert not services.may_grant(world.dongbao_staff, Role.LEADER, congress=world.city_congress)
    assert not services.may_grant(world.dongbao_staff, Role.REPRESENTATIVE, representative=world.representative)


def test_it_opens_an_account_only_with_a_role_the_actor_may_give(world):
    user, password = services.open_account(actor=world.unit_admin, username="new", full_name="新人", role=Role.UNIT_STAFF, unit=world.city_unit)
    assert user.check_password(password) and user.must_change_password
    with pytest.raises(PermissionDenied):
        services.open_account(actor=world.unit_admin, username="new2", full_name="x", role=Role.UNIT_STAFF, unit=world.dongbao_unit)
    assert not User.objects.filter(username="new2").exists()
    with pytest.raises(ValidationError):
        services.open_account(actor=world.unit_admin, username="new", full_name="x", role=Role.UNIT_STAFF, unit=world.city_unit)


def test_it_checks_the_account_before_every_change(world):
    for change in (services.set_temporary_password, services.deactivate_account, services.reactivate_account, services.unlock_account):
        with pytest.raises(PermissionDenied):
            change(world.city_staff, actor=world.unit_admin)
    with pytest.raises(PermissionDenied):
        services.give_role(world.other_unit_staff, Role.UNIT_STAFF, actor=world.unit_admin, unit=world.city_unit)
    with pytest.raises(PermissionDenied):
        services.take_role(world.other_unit_staff.role_grants.get(), actor=world.unit_admin)
    with pytest.raises(PermissionDenied):
        services.update_account(world.leader, actor=world.dongbao_staff, full_name="x")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, actor=world.unit_admin).count() >= 6


def test_it_records_a_reset_in_the_audit_log_without_the_password(world):
    password = services.set_temporary_password(world.unit_staff, actor=world.unit_admin)
    entries = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(world.unit_staff.pk), action="update")
    assert entries.exists()
    assert all(password not in str(entry.changes) for entry in entries)
    assert any(entry.changes.get("password") == ["***", "***"] for entry in entries)


def test_it_brings_a_representatives_account_into_the_scope_of_their_congress(world):
    from minyi.accounts import access
    from minyi.representatives.tests.people import serve

    serve(world.representative, world.dongbao_congress)
    assert access.visible(world.dongbao_staff, User.objects.filter(pk=world.rep.pk)).exists()
    assert access.can(world.dongbao_staff, "manage", world.rep)
    assert not access.visible(world.duodao_staff, User.objects.filter(pk=world.rep.pk)).exists()
