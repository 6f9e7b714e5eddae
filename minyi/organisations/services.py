"""Changes to units and stations that carry rules beyond saving one row.

Each function checks the acting user's right first, then changes what it must in one
transaction, holding the row locks so two staff members acting at once queue instead of
overwriting each other. Who acted also reaches the audit log through the audit context."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access

from .models import DutyRoster, ReceptionException, ReceptionRule, Unit, UnitNameChange
from .reception import propose_duty_rotation
from .references import describe_references, references_to
from .signals import unit_merged


def _lock(*instances):
    # Lock in primary-key order so that two merges of the same pair cannot deadlock.
    for instance in sorted(instances, key=lambda obj: obj.pk):
        instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())


def rename_unit(unit, new_name, *, actor, on=None):
    """Give `unit` a new name, keeping the old one in its name history."""
    access.check(actor, "manage", unit)
    new_name = (new_name or "").strip()
    with transaction.atomic():
        _lock(unit)
        if not new_name:
            raise ValidationError({"name": _("Enter the new name.")})
        if new_name == unit.name:
            raise ValidationError({"name": _("The new name is the same as the current one.")})
        change = UnitNameChange(unit=unit, old_name=unit.name, new_name=new_name, changed_on=on or timezone.localdate(), changed_by=actor)
        unit.name = new_name
        unit.full_clean()
        unit.save()
        change.save()
    return change


def merge_units(source, target, *, actor, on=None):
    """Fold `source` into `target`: the source stays, inactive, with `merged_into` pointing at
    the target, so everything it handled still names it. Its sub-units move to the target, and
    `unit_merged` lets the matters engine move open work in the same transaction."""
    access.check(actor, "manage", source)
    access.check(actor, "manage", target)
    if source.pk == target.pk:
        raise ValidationError(_("A unit cannot be merged into itself."))
    with transaction.atomic():
        _lock(source, target)
        if not source.is_active or source.merged_into_id:
            raise ValidationError(_("%(unit)s is no longer active and cannot be merged again.") % {"unit": source})
        if not target.is_active:
            raise ValidationError(_("%(unit)s is not active; choose an active unit to merge into.") % {"unit": target})
        for child in source.children.exclude(pk=target.pk):
            child.parent = target
            child.save()
        if target.parent_id == source.pk:
            target.parent = source.parent
            target.save()
        source.is_active = False
        source.merged_into = target
        source.merged_on = on or timezone.localdate()
        source.save()
        unit_merged.send(sender=Unit, source=source, target=target, actor=actor)
    return source


def deactivate_unit(unit, *, actor):
    """Stop offering `unit` for new work while keeping it for everything it already did."""
    access.check(actor, "manage", unit)
    with transaction.atomic():
        _lock(unit)
        if unit.children.filter(is_active=True).exists():
            raise ValidationError(_("%(unit)s still has active sub-units; deactivate or move them first.") % {"unit": unit})
        if unit.is_active:
            unit.is_active = False
            unit.save()
    return unit


def _delete_unreferenced(obj, *, owned=()):
    with transaction.atomic():
        _lock(obj)
        references = references_to(obj, owned=owned)
        if not references:
            try:
                obj.delete()
                return
            except (ProtectedError, RestrictedError):
                # Something came to refer to it after the count; report it the same way.
                references = references_to(obj, owned=owned)
    raise ValidationError(
        _("%(object)s cannot be deleted because other records refer to it (%(references)s). Deactivate it instead.")
        % {"object": obj, "references": describe_references(references)},
        code="referenced",
    )


def delete_unit(unit, *, actor):
    """Delete a unit entered by mistake; a unit that anything refers to is refused."""
    access.check(actor, "manage", unit)
    _delete_unreferenced(unit)


def deactivate_station(station, *, actor, on=None):
    """Close a station: its assignments end on `on` (today by default) and the duty planned
    after that day is dropped; everything before stays as history."""
    access.check(actor, "manage", station)
    on = on or timezone.localdate()
    with transaction.atomic():
        _lock(station)
        for entry in station.duty_roster.filter(date__gt=on):
            entry.delete()
        for assignment in station.assignments.overlapping(on, None).exclude(end=on):
            if assignment.start > on:
                assignment.delete()  # planned, never begun
            else:
                assignment.end = on
                assignment.save()
        if station.is_active:
            station.is_active = False
            station.save()
    return station


def delete_station(station, *, actor):
    """Delete a station entered by mistake together with its timetable; a station that
    anything else refers to (assignments, duty, matters raised there) is refused."""
    access.check(actor, "manage", station)
    _delete_unreferenced(station, owned=(ReceptionRule, ReceptionException))


def fill_duty_roster(station, start, end, *, actor, per_day=1):
    """Put representatives on duty, in turn, on every reception day from `start` to `end` that
    has nobody yet (see `propose_duty_rotation`). Returns the new roster entries."""
    access.check(actor, "manage", station)
    created = []
    with transaction.atomic():
        _lock(station)
        already = set(station.duty_roster.filter(date__range=(start, end)).values_list("date", flat=True))
        for day, on_duty in propose_duty_rotation(station, start, end, per_day=per_day):
            if day in already:
                continue
            for person in on_duty:
                created.append(DutyRoster.objects.create(station=station, date=day, representative=person))
    return created
