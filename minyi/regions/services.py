"""Reading the division tree, and the changes people make to it: adding a community the
statistical codes do not list yet, and deactivating one again. Imports live in `importer`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _, pgettext

from minyi.accounts import access

from .codes import CODE_LENGTH, InvalidCode, ancestor_codes, is_urban_rural_code, level_of_code, parse_code
from .models import PREFIX_LENGTH, Level, Region, within

__all__ = ["add_local_region", "ancestors", "deactivate_local_region", "descendants_q", "level_of_code"]


def ancestors(code):
    """The regions above `code`, province first."""
    return Region.objects.filter(code__in=ancestor_codes(code)).order_by("level")


def descendants_q(region, field="code"):
    """A filter for `region` and everything beneath it; `field` is the path to a region code,
    e.g. "region__code" on a model with a region foreign key (Django filters on the key
    column itself, without a join)."""
    return within(field, region.prefix)


def add_local_region(parent, name, *, code=None, urban_rural_code="", actor):
    """Add a region under `parent` that the statistical codes do not list, marked is_local.

    Without `code`, the first free number from 9 followed by zeros up (900, 901… for townships
    and villages; 90, 91… for cities and counties) is used: the statistics bureau numbers from
    the bottom of each range, so later official codes are unlikely to collide. Raises
    PermissionDenied when `actor` may not add under `parent`, ValidationError for bad input.
    """
    access.check(actor, "add_child", parent)
    if parent.level >= Level.VILLAGE:
        raise ValidationError(_("A village or community has no regions under it."), code="level")
    level = parent.level + 1
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the name.")})
    urban_rural_code = urban_rural_code.strip()
    if urban_rural_code and not is_urban_rural_code(urban_rural_code):
        raise ValidationError({"urban_rural_code": _("Enter 3 digits, e.g. 111 or 220.")})
    with transaction.atomic():
        # Locking the parent serialises additions under it, so two administrators cannot both
        # take the same free number.
        parent = Region.objects.select_for_update().get(pk=parent.pk)
        if not parent.is_active:
            raise ValidationError(
                _("%(region)s is no longer active; regions cannot be added under it.") % {"region": parent.name}, code="inactive"
            )
        if Region.objects.filter(parent=parent, name=name, is_active=True).exists():
            raise ValidationError({"name": _("%(region)s already has a region of this name.") % {"region": parent.name}})
        code = _checked_code(parent, level, code) if code else _free_code(parent, level)
        region = Region(code=code, name=name, level=level, parent=parent, urban_rural_code=urban_rural_code, is_local=True)
        region.full_clean()
        region.save(force_insert=True)
    return region


def _checked_code(parent, level, code):
    try:
        code, code_level = parse_code(code)
    except InvalidCode:
        raise ValidationError({"code": _("Enter a division code of digits only, e.g. 420802100201.")}) from None
    if code_level != level or not code.startswith(parent.prefix):
        raise ValidationError(
            {"code": _("The code must be that of a region directly under %(region)s.") % {"region": parent.name}}
        )
    if Region.objects.filter(code=code).exists():
        raise ValidationError({"code": _("The code %(code)s is already in use.") % {"code": code}})
    return code


def _free_code(parent, level):
    width = PREFIX_LENGTH[level] - PREFIX_LENGTH[parent.level]
    # Inactive codes count as used: history still refers to them.
    used = set(
        Region.objects.filter(code__gte=parent.code, code__lte=parent.prefix.ljust(CODE_LENGTH, "9"), level=level).values_list(
            "code", flat=True
        )
    )
    for number in range(9 * 10 ** (width - 1), 10**width):
        code = (parent.prefix + str(number)).ljust(CODE_LENGTH, "0")
        if code not in used:
            return code
    raise ValidationError(_("There is no free code left under %(region)s.") % {"region": parent.name}, code="full")


def deactivate_local_region(region, *, actor):
    """Deactivate a locally added region that nothing active uses any more. Statistical
    regions are deactivated only by imports, when the codes drop them."""
    access.check(actor, "manage", region)
    if not region.is_local:
        raise ValidationError(
            _("Only regions added locally can be deactivated here; the statistical ones follow the imports."), code="official"
        )
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        if region.children.filter(is_active=True).exists():
            raise ValidationError(_("%(region)s still has active regions under it.") % {"region": region.name}, code="children")
        users = _active_users(region)
        if users:
            separator = pgettext("list separator", ", ")
            raise ValidationError(
                _("%(region)s is still used by %(users)s.")
                % {"region": region.name, "users": separator.join(f"{name}: {count}" for name, count in users)},
                code="in_use",
            )
        region.is_active = False
        region.save(update_fields=["is_active"])
    return region


def _active_users(region):
    """(plural name, count) for each kind of active row placed in `region` (congress, units,
    stations, grids…), found through the foreign keys so that later apps are covered too."""
    found = []
    for relation in Region._meta.related_objects:
        model = relation.related_model
        if model is Region or "is_active" not in {field.name for field in model._meta.concrete_fields}:
            continue
        count = model._base_manager.filter(**{relation.field.name: region, "is_active": True}).count()
        if count:
            found.append((capfirst(model._meta.verbose_name_plural), count))
    return found
