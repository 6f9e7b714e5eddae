"""Every write to representatives, their mandates, groups and grids from the management pages.

Each function checks the acting user's right first (through `access`), then validates and
saves in one transaction; who acted reaches the audit log through the tracked models."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minyi.accounts import access

from .models import MANDATE_LEVEL_OF_REGION, Grid, GridResponsibility, Mandate, Representative, RepresentativeGroup


def end_mandate(mandate, *, on, reason, note="", actor):
    """End `mandate` with `on` as its last day, for `reason` (a Mandate.EndReason).

    A mandate already set to end later (at the end of its term, say) may be ended earlier; one
    that has already ended cannot be moved past its end."""
    access.check(actor, "manage", mandate)
    with transaction.atomic():
        mandate.refresh_from_db(from_queryset=type(mandate)._base_manager.select_for_update())
        if mandate.end is not None and mandate.end < on:
            raise ValidationError(_("This mandate already ended on %(end)s.") % {"end": mandate.end.isoformat()})
        mandate.end, mandate.end_reason, mandate.end_note = on, reason, note
        mandate.full_clean()
        mandate.save()
    return mandate


# ---- Representatives' records ---------------------------------------------------------------

# The fields of a representative that the management pages edit; the phone and the photo are
# handled apart (encrypted, and a stored file).
PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_date", "party", "occupation_category", "workplace", "position", "bio")
MANDATE_FIELDS = ("level", "congress", "term", "electoral_district", "group", "professional_group", "start")


def _apply_person(person, changes):
    for name in PERSON_FIELDS:
        if name in changes:
            setattr(person, name, changes[name] if changes[name] is not None else _blank(person, name))
    if "phone" in changes:
        person.phone = changes["phone"] or ""
    photo = changes.get("photo")
    if photo is False:  # the form's "clear" box
        person.photo = None
    elif photo:
        person.photo = photo


def _blank(person, name):
    field = person._meta.get_field(name)
    return None if field.null else ""


def _new_mandate(person, values):
    mandate = Mandate(representative=person, **{name: values.get(name) for name in MANDATE_FIELDS if name in values})
    if mandate.congress_id and not mandate.level:
        mandate.level = MANDATE_LEVEL_OF_REGION.get(mandate.congress.region.level, "")
    mandate.electoral_district = mandate.electoral_district or ""
    return mandate


def _check_may_open_mandate(actor, mandate):
    """A mandate in a congress is opened by whoever keeps that congress's roll; one without a
    congress (national, or above the deployment's root) by whoever keeps the person's record."""
    if mandate.congress_id:
        access.check(actor, "manage", mandate)
    elif mandate.representative.pk is None:
        if not access.actor_for(actor).is_system_admin:
            from minyi.audit.services import record_denial

            record_denial(actor, "manage", None)
            raise PermissionDenied
    else:
        access.check(actor, "manage", mandate.representative)


def create_representative(values, *, actor, first_mandate=None):
    """Register a representative with `values` (PERSON_FIELDS, phone, photo) and, for anyone
    but a system administrator, a first mandate in a congress the actor keeps: a record
    without one would lie outside every staff member's scope the moment it was saved."""
    person = Representative()
    if first_mandate is None and not access.actor_for(actor).is_system_admin:
        raise ValidationError({"congress": _("Choose the congress in which the representative holds a mandate.")})
    if first_mandate is not None:
        # Outside the transaction, so that a refusal stays in the audit log.
        _check_may_open_mandate(actor, _new_mandate(person, first_mandate))
    with transaction.atomic():
        _apply_person(person, values)
        person.full_clean()
        person.save()
        if first_mandate is not None:
            mandate = _new_mandate(person, first_mandate)
            mandate.full_clean()
            mandate.save()
    return person


def update_representative(person, changes, *, actor):
    """Change a representative's record (PERSON_FIELDS, phone, photo)."""
    access.check(actor, "manage", person)
    with transaction.atomic():
        person.refresh_from_db(from_queryset=Representative._base_manager.select_for_update())
        _apply_person(person, changes)
        person.full_clean()
        person.save()
    return person


def add_mandate(person, values, *, actor):
    """Give `person` a further mandate (another level, or a new term)."""
    mandate = _new_mandate(person, values)
    _check_may_open_mandate(actor, mandate)
    with transaction.atomic():
        mandate.full_clean()
        mandate.save()
    return mandate


def reveal_phone(person, *, actor):
    """The representative's whole phone number, for someone allowed to call them; each
    reading is written to the audit log."""
    from minyi.audit.models import AuditEntry
    from minyi.audit.services import write

    access.check(actor, "view_phone", person)
    write(AuditEntry.Action.ACTION, obj=person, note="view_phone", user=actor)
    return person.phone


# ---- Representatives' groups ----------------------------------------------------------------


def create_group(*, congress, name, kind, actor):
    group = RepresentativeGroup(congress=congress, name=(name or "").strip(), kind=kind)
    access.check(actor, "manage", group)
    with transaction.atomic():
        group.full_clean()
        group.save()
    return group


def update_group(group, *, name, kind, actor):
    """Rename a group or change its kind; a kind that its members' mandates no longer fit is refused."""
    access.check(actor, "manage", group)
    with transaction.atomic():
        group.refresh_from_db(from_queryset=RepresentativeGroup._base_manager.select_for_update())
        if kind != group.kind and (group.mandates.exists() or group.professional_mandates.exists()):
            raise ValidationError({"kind": _("Mandates name this group; its kind cannot change.")})
        group.name, group.kind = (name or "").strip(), kind
        group.full_clean()
        group.save()
    return group


def delete_group(group, *, actor):
    """Delete a group that no mandate names (one entered by mistake)."""
    access.check(actor, "manage", group)
    with transaction.atomic():
        if group.mandates.exists() or group.professional_mandates.exists():
            raise ValidationError(_("Mandates name this group, so it cannot be deleted."), code="referenced")
        group.delete()


# ---- Grids ------------------------------------------------------------------------------------


def create_grid(*, region, name, code, actor):
    grid = Grid(region=region, name=(name or "").strip(), code=(code or "").strip())
    access.check(actor, "manage", grid)
    with transaction.atomic():
        grid.full_clean()
        grid.save()
    return grid


def update_grid(grid, *, name, code, is_active, actor):
    access.check(actor, "manage", grid)
    with transaction.atomic():
        grid.refresh_from_db(from_queryset=Grid._base_manager.select_for_update())
        grid.name, grid.code, grid.is_active = (name or "").strip(), (code or "").strip(), is_active
        grid.full_clean()
        grid.save()
    return grid


def assign_grid(grid, representative, *, start, end=None, actor):
    """Make `representative` responsible for `grid` from `start` (to `end`, when known)."""
    access.check(actor, "manage", grid)
    if not access.visible(actor, Representative.objects.filter(pk=representative.pk)).exists():
        raise ValidationError({"representative": _("Choose a representative you work with.")})
    responsibility = GridResponsibility(grid=grid, representative=representative, start=start, end=end)
    with transaction.atomic():
        responsibility.full_clean()
        responsibility.save()
    return responsibility


def end_grid_responsibility(responsibility, *, on, actor):
    """End a representative's responsibility for a grid with `on` as its last day."""
    access.check(actor, "manage", responsibility)
    with transaction.atomic():
        responsibility.refresh_from_db(from_queryset=GridResponsibility._base_manager.select_for_update())
        if responsibility.end is not None and responsibility.end < on:
            raise ValidationError(_("This responsibility already ended on %(end)s.") % {"end": responsibility.end.isoformat()})
        responsibility.end = on
        responsibility.full_clean()
        responsibility.save()
    return responsibility
