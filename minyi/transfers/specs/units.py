"""Handling units (承办单位), found again by division code and name.

A unit is never renamed by an import (the name is its key; renames keep a history and go through
the unit's page). Units are few, so they are saved one by one through the model, which records
every change in the audit log."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.organisations.models import Unit

from .. import registry
from ..columns import ChoiceColumn, RegionCodeColumn, TextColumn
from ..engine import NEW, UNCHANGED, UPDATE
from .base import Plan, Spec, ancestor_codes, check_region, fetch_in, labelled, region_options, regions_by_code

FIELDS = ["short_name", "branch", "contact_name", "contact_phone", "address"]


@registry.register
class UnitSpec(Spec):
    kind = "units"
    title = gettext_lazy("Handling units")
    item = gettext_lazy("handling unit")
    description = gettext_lazy("The units that handle matters, with their types, parent units and contacts.")
    model = Unit
    order = 20
    list_url_name = "organisations:unit_list"
    columns = [
        RegionCodeColumn(
            "region",
            gettext_lazy("division code"),
            required=True,
            width=28,
            help_text=gettext_lazy("The 12-digit division code of the region whose government the unit belongs to."),
        ),
        TextColumn("name", gettext_lazy("name"), required=True, max_length=100, width=28),
        TextColumn("short_name", gettext_lazy("short name"), max_length=30, width=14),
        ChoiceColumn("branch", gettext_lazy("type"), Unit.Branch, width=22),
        TextColumn(
            "parent",
            gettext_lazy("parent unit"),
            max_length=100,
            width=24,
            help_text=gettext_lazy(
                "The name of the parent unit in the same region or a region above it, e.g. the people's government; it may be in this file."
            ),
        ),
        TextColumn("contact_name", gettext_lazy("contact person"), max_length=50, width=10),
        TextColumn("contact_phone", gettext_lazy("contact phone"), max_length=30, width=14),
        TextColumn("address", gettext_lazy("address"), max_length=200, width=30),
    ]
    notes = [
        gettext_lazy("A unit is recognised by its division code and name: a re-import updates it. Rename a unit on its page, not here."),
        gettext_lazy("You can import units of the regions of your own area only."),
    ]

    def dropdowns(self, actor):
        return {"region": labelled(region_options(actor))}

    def plan(self, rows, actor, report):
        codes = {row.get("region") for row in rows if row.get("region")}
        regions = regions_by_code(codes)
        known = {}  # (division code, name) -> Unit, for the units of the file's regions and their parents
        existing = fetch_in(Unit.objects.all(), "region_id", codes)
        parent_names = {row.get("parent") for row in rows if row.get("parent")}
        others = fetch_in(Unit.objects.all(), "name", parent_names)
        parent_ids = {unit.parent_id for unit in existing + others if unit.parent_id}
        for unit in existing + others + fetch_in(Unit.objects.all(), "pk", parent_ids):
            known[(unit.region_id, unit.name)] = unit
        by_pk = {unit.pk: unit for unit in known.values()}

        def database_parent(key):
            unit = known.get(key)
            parent = by_pk.get(unit.parent_id) if unit is not None and unit.parent_id else None
            return (parent.region_id, parent.name) if parent is not None else None

        plan = Plan()
        lines, in_file = [], {}
        for row in rows:
            plan.outcomes[row.number] = UNCHANGED
            if row.broken("region", "name"):
                continue
            key = (row.get("region"), row.get("name"))
            if check_region(report, row, "region", key[0], regions, actor) is None:
                continue
            if key in in_file:
                report.error(row, "name", _("The same unit is already on row %(row)d.") % {"row": in_file[key].number})
                continue
            in_file[key] = row
            lines.append((row, key, known.get(key)))

        def find_parent(code, name):
            # The unit of that name in the same region, else in the nearest region above it.
            for candidate in ancestor_codes(code):
                if (candidate, name) in in_file or (candidate, name) in known:
                    return (candidate, name)
            return None

        parents = {}  # the parent each unit of the file will have
        for row, key, unit in lines:
            if row.has("parent") and not row.broken("parent"):
                name = row.get("parent")
                if not name:
                    parents[key] = None
                    continue
                if name == key[1]:
                    report.error(row, "parent", _("A unit cannot be its own parent unit."))
                    continue
                parent = find_parent(key[0], name)
                if parent is None:
                    report.error(row, "parent", _("No unit “%(name)s” in %(region)s or above it.") % {"name": name, "region": regions[key[0]].name})
                    continue
                parents[key] = parent
            else:
                parents[key] = database_parent(key)
        for row, key, _unit in lines:
            current, steps = parents.get(key), 0
            while current is not None and steps < 100:
                if current == key:
                    report.error(row, "parent", _("The parent units form a loop."))
                    break
                current = parents[current] if current in parents else database_parent(current)
                steps += 1

        work = []
        for row, key, unit in lines:
            if report.has_error(row):
                continue
            values = {name: row.get(name) or "" for name in FIELDS if row.has(name) and not row.broken(name)}
            if "branch" in values and not values["branch"]:
                values["branch"] = unit.branch if unit else Unit.Branch.GOVERNMENT_DEPARTMENT
            current = {name: getattr(unit, name) for name in FIELDS} if unit else {}
            try:
                Unit(region_id=key[0], name=key[1], **{**current, **values}).clean_fields(exclude=["region", "parent", "merged_into"])
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    report.error(row, field_name if field_name in self.keys else "name", messages[0])
                continue
            changes = {name: value for name, value in values.items() if unit is None or getattr(unit, name) != value}
            parent_changed = parents.get(key) != (database_parent(key) if unit else None)
            if unit is None:
                plan.outcomes[row.number] = NEW
            elif changes or parent_changed:
                plan.outcomes[row.number] = UPDATE
            work.append({"key": key, "unit": unit, "changes": changes, "parent": parents.get(key), "parent_changed": parent_changed})
        plan.data = {"work": work, "known": known}
        return plan

    def apply(self, plan, actor, progress):
        units = dict(plan.data["known"])
        for item in plan.data["work"]:
            unit = item["unit"]
            if unit is None:
                unit = Unit(region_id=item["key"][0], name=item["key"][1], **item["changes"])
                unit.full_clean(exclude=["parent"])
                unit.save()
            elif item["changes"]:
                for name, value in item["changes"].items():
                    setattr(unit, name, value)
                unit.save()
            units[item["key"]] = unit
            progress.advance()
        for item in plan.data["work"]:
            if item["parent_changed"]:
                unit = units[item["key"]]
                unit.parent = units[item["parent"]] if item["parent"] else None
                unit.save()

    def export_rows(self, queryset, user):
        for unit in queryset.select_related("parent").order_by("region_id", "name").iterator(chunk_size=500):
            yield {
                "region": unit.region_id,
                "name": unit.name,
                "short_name": unit.short_name,
                "branch": unit.branch,
                "parent": unit.parent.name if unit.parent_id else "",
                "contact_name": unit.contact_name,
                "contact_phone": unit.contact_phone,
                "address": unit.address,
            }

