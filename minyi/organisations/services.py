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
from .reception import propose_duty_rotation, reception_days
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


# ---- Plain writes for the management pages -----------------------------------------------------
# Forms build (or change) the instance; these functions check the actor's right on it, validate
# it and save it in one transaction. An update checks the right on the row as stored as well as
# on the changed one, so nothing can be moved out of (or into) someone else's scope.


def _create(obj, *, actor, subject=None):
    access.check(actor, "manage", subject if subject is not None else obj)
    with transaction.atomic():
        obj.full_clean()
        obj.save()
    return obj


def _update(obj, *, actor, subject=None):
    """`subject(instance)` names what the right is checked on (the instance itself by default)."""
    subject = subject or (lambda instance: instance)
    with transaction.atomic():
        stored = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        access.check(actor, "manage", subject(stored))
        access.check(actor, "manage", subject(obj))
        obj.full_clean()
        obj.save()
    return obj


def create_term(term, *, actor):
    """Add a term (届) to a congress."""
    return _create(term, actor=actor)


def update_term(term, *, actor):
    """Change a term's number or dates; its sessions must still fall within it."""
    with transaction.atomic():
        _update(term, actor=actor)
        outside = [s for s in term.sessions.all() if not (term.covers(s.start) and term.covers(s.end))]
        if outside:
            raise ValidationError(
                _("Session %(number)d would no longer fall within the term.") % {"number": outside[0].number}
            )
    return term


def create_session(session, *, actor):
    """Add a session (第N次会议) to a term."""
    return _create(session, actor=actor)


def update_session(session, *, actor):
    return _update(session, actor=actor)


def add_department(department, *, actor):
    """Add a department (代工委, 办公室…) to a congress; whoever manages the congress may."""
    return _create(department, actor=actor, subject=department.congress)


def rename_department(department, *, actor):
    return _update(department, actor=actor, subject=lambda instance: instance.congress)


def create_unit(unit, *, actor):
    """Register a handling unit; a parent unit must lie in the actor's scope too."""
    if unit.parent_id:
        access.check(actor, "manage", unit.parent)
    return _create(unit, actor=actor)


def update_unit(unit, *, actor):
    """Change a unit's details. Its name changes only through `rename_unit`, which keeps history."""
    with transaction.atomic():
        stored = Unit._base_manager.select_for_update().get(pk=unit.pk)
        if stored.name != unit.name:
            raise ValidationError({"name": _("Rename the unit instead, so that its old name is kept.")})
        if unit.parent_id and unit.parent_id != stored.parent_id:
            access.check(actor, "manage", unit.parent)
            ancestor, seen = unit.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == unit.pk:
                    raise ValidationError({"parent": _("A unit cannot be placed under itself or its own sub-unit.")})
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        _update(unit, actor=actor)
    return unit


def create_station(station, *, actor):
    """Open a station; it gets its public code (for the QR poster) on creation."""
    return _create(station, actor=actor)


def update_station(station, *, actor):
    return _update(station, actor=actor)


def add_reception_rule(rule, *, actor):
    """Add a rule to a station's reception timetable ("the 5th of every month, 09:00–11:30")."""
    return _create(rule, actor=actor)


def remove_reception_rule(rule, *, actor):
    access.check(actor, "manage", rule)
    with transaction.atomic():
        rule.delete()


def add_reception_exception(exception, *, actor):
    """Cancel one reception day, or move it to another date."""
    access.check(actor, "manage", exception)
    with transaction.atomic():
        exception.full_clean()
        station = exception.station
        planned = reception_days(station, exception.date, exception.date)
        if not planned:
            raise ValidationError({"date": _("No reception is planned at this station on that day.")})
        exception.save()
    return exception


def remove_reception_exception(exception, *, actor):
    access.check(actor, "manage", exception)
    with transaction.atomic():
        exception.delete()


def assign_representative(assignment, *, actor):
    """Assign a representative the actor may see to a station (one of its 五级代表)."""
    from minyi.representatives.models import Representative

    access.check(actor, "manage", assignment)
    if not access.visible(actor, Representative.objects.filter(pk=assignment.representative_id)).exists():
        raise ValidationError({"representative": _("Choose a representative within your scope.")})
    return _create(assignment, actor=actor)


def end_assignment(assignment, *, on, actor):
    """End a station assignment with `on` as its last day; duty planned after it is dropped."""
    access.check(actor, "manage", assignment)
    with transaction.atomic():
        _lock(assignment)
        if on < assignment.start:
            raise ValidationError({"end": _("The last day cannot come before the first day.")})
        if assignment.end is not None and assignment.end < on:
            raise ValidationError({"end": _("This assignment already ended on %(end)s.") % {"end": assignment.end.isoformat()}})
        assignment.end = on
        assignment.full_clean()
        assignment.save()
        for entry in DutyRoster.objects.filter(
            station_id=assignment.station_id, representative_id=assignment.representative_id, date__gt=on
        ):
            entry.delete()
    return assignment


def set_duty_day(station, day, representatives, *, actor):
    """Make `representatives` the ones on duty at `station` on `day` (a reception day),
    replacing whoever was there. Returns the day's roster entries."""
    access.check(actor, "manage", station)
    with transaction.atomic():
        _lock(station)
        if not reception_days(station, day, day):
            raise ValidationError(_("No reception is planned at this station on that day."))
        wanted = {person.pk: person for person in representatives}
        for entry in station.duty_roster.filter(date=day):
            if entry.representative_id not in wanted:
                entry.delete()
            else:
                del wanted[entry.representative_id]
        for person in wanted.values():
            entry = DutyRoster(station=station, date=day, representative=person)
            entry.full_clean()
            entry.save()
    return list(station.duty_roster.filter(date=day).select_related("representative"))
