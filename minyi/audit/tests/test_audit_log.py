import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry, AuditLogIsAppendOnly
from minyi.organisations.models import Unit

pytestmark = pytest.mark.django_db


def test_it_records_create_update_delete_with_before_and_after(world):
    unit = Unit.objects.create(region=world.city, name="荆门市水利和湖泊局")
    unit.address = "象山大道 1 号"
    unit.save()
    unit_id = unit.pk
    unit.delete()
    entries = AuditEntry.objects.filter(object_type="organisations.unit", object_id=str(unit_id)).order_by("id")
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert entries[1].changes == {"address": ["", "象山大道 1 号"]}


def test_it_masks_personal_fields(world):
    unit = Unit.objects.create(region=world.city, name="荆门市水利和湖泊局", contact_phone="13900000000")
    entry = AuditEntry.objects.get(object_type="organisations.unit", object_id=str(unit.pk))
    assert entry.changes["contact_phone"] == [None, "***"]
    unit.contact_phone = "13900000001"
    unit.save()
    change = AuditEntry.objects.get(object_type="organisations.unit", object_id=str(unit.pk), action="update")
    assert change.changes == {"contact_phone": ["***", "***"]}


def test_it_never_stores_password_hashes(world):
    world.citizen.set_password("Another-Pass1")
    world.citizen.save()
    entries = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(world.citizen.pk))
    assert entries.filter(action="update", changes__password=["***", "***"]).exists()
    for entry in entries:
        assert "pbkdf2" not in str(entry.changes) and "md5" not in str(entry.changes)


def test_it_cannot_be_edited_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.note = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.update(note="x")


def test_it_attributes_web_changes_to_the_signed_in_user_and_address(client, world):
    client.force_login(world.admin)
    client.post(reverse("accounts:password_change"), {"old_password": "x", "new_password1": "y", "new_password2": "y"})
    from minyi.audit.context import acting

    with acting(world.city_staff, source="import", ip="10.0.0.9"):
        Unit.objects.create(region=world.city, name="荆门市民政局")
    entry = AuditEntry.objects.get(object_repr="荆门市民政局")
    assert (entry.actor, entry.source, entry.ip) == (world.city_staff, "import", "10.0.0.9")


def test_it_lets_administrators_search_it(client, world):
    Unit.objects.create(region=world.city, name="荆门市审计局")
    client.force_login(world.admin)
    response = client.get(reverse("audit:list"), {"q": "审计局", "action": "create"})
    assert response.status_code == 200
    assert "荆门市审计局" in response.content.decode()
    entry = AuditEntry.objects.get(object_repr="荆门市审计局")
    assert client.get(reverse("audit:detail", args=[entry.pk])).status_code == 200


def test_it_explains_bad_filter_dates_without_failing(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("audit:list"), {"date_from": "2026-13-45", "date_to": "abc"})
    assert response.status_code == 200
    assert "有效的日期" in response.content.decode()


def test_it_is_closed_to_everybody_but_administrators(client, world):
    client.force_login(world.city_staff)
    assert client.get(reverse("audit:list")).status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, actor=world.city_staff).exists()
