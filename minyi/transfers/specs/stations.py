"""Stations (家站点) with their reception timetable, found again by their public code or else by
division code and name.

The reception timetable is one cell of short rules separated by semicolons, as exported:
"M5 09:00-11:30" (every month on the 5th), "W2 14:30-17:00" (every Tuesday), "D2026-03-05
09:00-11:00" (one date), each optionally followed by the dates it holds "2026-01-01~2026-12-31".
When the cell differs from the station's timetable the timetable is replaced by it."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.organisations.models import ReceptionRule, Station

from .. import registry
from ..columns import CellError, ChoiceColumn, Column, DecimalColumn, MultilineTextColumn, RegionCodeColumn, TextColumn, _as_text
from ..engine import NEW, UNCHANGED, UPDATE
from .base import (
    Plan,
    Spec,
    ancestor_codes,
    check_region,
    congress_options,
    congresses_by_code,
    fetch_in,
    in_scope,
    labelled,
    region_options,
    regions_by_code,
)

FIELDS = ["kind", "profession", "address", "latitude", "longitude", "opening_hours", "leader_name", "contact_name", "contact_phone"]
RULE = re.compile(
    r"^(?:M(?P<day>\d{1,2})|W(?P<weekday>[1-7])|D(?P<date>\d{4}-\d{1,2}-\d{1,2}))\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*[-~]\s*(?P<end>\d{1,2}:\d{2})"
    r"(?:\s+(?P<valid_from>\d{4}-\d{1,2}-\d{1,2})?\s*~\s*(?P<valid_to>\d{4}-\d{1,2}-\d{1,2})?)?$",
    re.IGNORECASE,
)
SEPARATORS = re.compile("[;\n\uff1b]+")  # ; or a line break or a full-width semicolon


def _date(text):
    return datetime.date(*(int(part) for part in text.split("-")))


def _time(text):
    hours, minutes = (int(part) for part in text.split(":"))
    return datetime.time(hours, minutes)


def rule_key(rule):
    return (rule.kind, rule.day_of_month, rule.weekday, rule.date, rule.start_time, rule.end_time, rule.valid_from, rule.valid_to)


def format_rule(rule):
    if rule.kind == ReceptionRule.Kind.MONTHLY:
        head = f"M{rule.day_of_month}"
    elif rule.kind == ReceptionRule.Kind.WEEKLY:
        head = f"W{rule.weekday + 1}"
    else:
        head = f"D{rule.date.isoformat()}"
    text = f"{head} {rule.start_time:%H:%M}-{rule.end_time:%H:%M}"
    if rule.valid_from or rule.valid_to:
        text += f" {rule.valid_from.isoformat() if rule.valid_from else ''}~{rule.valid_to.isoformat() if rule.valid_to else ''}"
    return text


class ReceptionColumn(Column):
    number_format = "@"

    def parse(self, value):
        text = _as_text(value)
        if len(text) > 1000:
            raise CellError(_("At most %(max)d characters; this cell has %(count)d.") % {"max": 1000, "count": len(text)})
        rules = []
        for part in SEPARATORS.split(text):
            part = part.strip()
            if not part:
                continue
            match = RULE.match(part)
            if match is None:
                raise CellError(
                    _("Cannot read “%(part)s”. Write e.g. M5 09:00-11:30 (every month on the 5th), W2 14:30-17:00 (every Tuesday) or D2026-03-05 09:00-11:00 (one date).")
                    % {"part": part}
                )
            parts = match.groupdict()
            try:
                rule = ReceptionRule(
                    kind=ReceptionRule.Kind.MONTHLY if parts["day"] else ReceptionRule.Kind.WEEKLY if parts["weekday"] else ReceptionRule.Kind.ONCE,
                    day_of_month=int(parts["day"]) if parts["day"] else None,
                    weekday=int(parts["weekday"]) - 1 if parts["weekday"] else None,
                    date=_date(parts["date"]) if parts["date"] else None,
                    start_time=_time(parts["start"]),
                    end_time=_time(parts["end"]),
                    valid_from=_date(parts["valid_from"]) if parts["valid_from"] else None,
                    valid_to=_date(parts["valid_to"]) if parts["valid_to"] else None,
                )
            except ValueError:
                raise CellError(_("“%(part)s” names a day or a time that does not exist.") % {"part": part}) from None
            try:
                rule.clean_fields(exclude=["station"])
                rule.clean()
            except ValidationError as error:
                raise CellError(f"{part}: {error.messages[0]}") from None
            rules.append(rule)
        return rules

    def to_cell(self, value):
        return "; ".join(format_rule(rule) for rule in value) if value else ""

    def allowed(self):
        return str(self.help_text)


@registry.register
class StationSpec(Spec):
    kind = "stations"
    title = gettext_lazy("Stations")
    item = gettext_lazy("station")
    description = gettext_lazy("Representatives' homes, liaison stations and contact points, with their reception timetables.")
    model = Station
    order = 30
    list_url_name = "organisations:station_list"
    columns = [
        TextColumn(
            "public_code",
            gettext_lazy("public code"),
            max_length=16,
            width=13,
            help_text=gettext_lazy("Filled in by Minyi for stations it knows (see an export). Leave it empty for a new station."),
        ),
        RegionCodeColumn(
            "region",
            gettext_lazy("division code"),
            required=True,
            width=28,
            help_text=gettext_lazy("The 12-digit division code of the region the station serves."),
        ),
        TextColumn("name", gettext_lazy("name"), required=True, max_length=100, width=26),
        ChoiceColumn("kind", gettext_lazy("type"), Station.Kind, required=True, width=22),
        TextColumn(
            "profession",
            gettext_lazy("profession"),
            max_length=50,
            width=12,
            help_text=gettext_lazy("For a professional station only: its field, e.g. agriculture."),
        ),
        RegionCodeColumn(
            "congress",
            gettext_lazy("run by"),
            width=28,
            help_text=gettext_lazy("The division code of the congress that runs the station. Empty: the congress of the region or the nearest one above it."),
        ),
        TextColumn(
            "address",
            gettext_lazy("address"),
            max_length=200,
            width=30,
            help_text=gettext_lazy("Required except for an online station."),
        ),
        DecimalColumn("latitude", gettext_lazy("latitude"), minimum=-90, maximum=90, width=11),
        DecimalColumn("longitude", gettext_lazy("longitude"), minimum=-180, maximum=180, width=11),
        MultilineTextColumn("opening_hours", gettext_lazy("opening hours"), max_length=500, width=20),
        TextColumn("leader_name", gettext_lazy("leader"), max_length=50, width=10),
        TextColumn("contact_name", gettext_lazy("contact person"), max_length=50, width=10),
        TextColumn("contact_phone", gettext_lazy("contact phone"), max_length=30, width=14),
        ReceptionColumn(
            "reception",
            gettext_lazy("reception rules"),
            width=30,
            help_text=gettext_lazy(
                "Rules separated by semicolons: M5 09:00-11:30 (every month on the 5th), W2 14:30-17:00 (every Tuesday; W1 is Monday), "
                "D2026-03-05 09:00-11:00 (one date); add 2026-01-01~2026-12-31 after a rule that holds for a while only. "
                "The rules replace the station's timetable; an empty cell leaves it as it is."
            ),
        ),
    ]
    notes = [
        gettext_lazy("A station is recognised by its public code, or by division code and name when the code is empty: a re-import updates it."),
        gettext_lazy("You can import stations of the regions of your own area only."),
    ]

    def dropdowns(self, actor):
        return {"region": labelled(region_options(actor)), "congress": labelled(congress_options(actor))}

    def plan(self, rows, actor, report):
        region_codes = {row.get("region") for row in rows if row.get("region")}
        congress_codes = {row.get("congress") for row in rows if row.get("congress")}
        congress_codes |= {code for region in region_codes for code in ancestor_codes(region)}
        regions = regions_by_code(region_codes)
        congresses = congresses_by_code(congress_codes)
        stations = Station.objects.select_related("congress__region")
        by_code = {s.public_code: s for s in fetch_in(stations, "public_code", {row.get("public_code") for row in rows if row.get("public_code")})}
        by_name = {(s.region_id, s.name): s for s in fetch_in(stations, "region_id", region_codes)}
        rules = {}
        for rule in fetch_in(ReceptionRule.objects.all(), "station_id", {s.pk for s in [*by_code.values(), *by_name.values()]}):
            rules.setdefault(rule.station_id, []).append(rule)

        plan = Plan()
        work, seen = [], {}
        for row in rows:
            plan.outcomes[row.number] = UNCHANGED
            if row.broken("public_code", "region", "name"):
                continue
            code, name = row.get("region"), row.get("name")
            public_code = row.get("public_code")
            station = None
            if public_code:
                station = by_code.get(public_code)
                if station is None or not in_scope(actor, station.region_id):
                    report.error(row, "public_code", _("No station in your area has the public code %(code)s.") % {"code": public_code})
                    continue
            region = check_region(report, row, "region", code, regions, actor)
            if region is None:
                continue
            key = ("code", public_code) if public_code else ("name", code, name)
            if key in seen or ("name", code, name) in seen:
                other = seen.get(key) or seen.get(("name", code, name))
                report.error(row, "name", _("The same station is already on row %(row)d.") % {"row": other.number})
                continue
            seen[key] = seen[("name", code, name)] = row
            named = by_name.get((code, name))
            if station is None:
                station = named
            elif named is not None and named.pk != station.pk:
                report.error(row, "name", _("Another station in this region already has this name."))
                continue

            if row.has("congress") and row.get("congress"):
                congress = congresses.get(row.get("congress"))
                if congress is None:
                    report.error(row, "congress", _("No congress has the division code %(code)s.") % {"code": row.get("congress")})
                    continue
                if not in_scope(actor, congress.region_id):
                    report.error(row, "congress", _("%(congress)s is outside your area.") % {"congress": congress.name})
                    continue
            elif station is not None and not (row.has("congress") and not row.broken("congress")):
                congress = station.congress
            else:
                congress = next((congresses[c] for c in ancestor_codes(code) if c in congresses), None)
                if congress is None:
                    report.error(row, "congress" if row.has("congress") else "region", _("No congress is found for this region; give the division code of the congress that runs the station."))
                    continue

            values = {}
            for field_name in FIELDS:
                if row.has(field_name) and not row.broken(field_name):
                    value = row.get(field_name)
                    values[field_name] = value if value is not None or field_name in ("latitude", "longitude") else ""
            current = {field_name: getattr(station, field_name) for field_name in FIELDS} if station else {}
            candidate = Station(name=name, region_id=code, **{**current, **values})
            candidate.congress = congress
            try:
                candidate.clean_fields(exclude=["public_code", "region", "congress"])
                candidate.clean()
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    column = field_name if field_name in self.keys and row.has(field_name) else "name"
                    if field_name == "congress" and not row.has("congress"):
                        column = "region"
                    report.error(row, column, messages[0])
                continue
            if report.has_error(row):
                continue

            changes = {key: value for key, value in values.items() if station is None or getattr(station, key) != value}
            if station is not None:
                if station.name != name:
                    changes["name"] = name
                if station.region_id != code:
                    changes["region_id"] = code
                if station.congress_id != congress.pk:
                    changes["congress"] = congress
            new_rules = None
            if row.has("reception") and row.get("reception") is not None:
                wanted = sorted(rule_key(rule) for rule in row.get("reception"))
                held = sorted(rule_key(rule) for rule in rules.get(station.pk, [])) if station else []
                if wanted != held:
                    new_rules = row.get("reception")
            if station is None:
                plan.outcomes[row.number] = NEW
            elif changes or new_rules is not None:
                plan.outcomes[row.number] = UPDATE
            work.append(
                {"station": station, "name": name, "region": code, "congress": congress, "changes": changes, "rules": new_rules,
                 "old_rules": rules.get(station.pk, []) if station else []}
            )
        plan.data = {"work": work}
        return plan

    def apply(self, plan, actor, progress):
        for item in plan.data["work"]:
            station = item["station"]
            if station is None:
                station = Station(name=item["name"], region_id=item["region"], congress=item["congress"], **item["changes"])
                station.save()
            elif item["changes"]:
                for key, value in item["changes"].items():
                    setattr(station, key, value)
                station.save()
            if item["rules"] is not None:
                for rule in item["old_rules"]:
                    rule.delete()
                for rule in item["rules"]:
                    rule.station = station
                    rule.save()
            progress.advance()

    def export_rows(self, queryset, user):
        queryset = queryset.select_related("congress").prefetch_related("reception_rules").order_by("region_id", "name")
        for station in queryset.iterator(chunk_size=500):
            yield {
                "public_code": station.public_code,
                "region": station.region_id,
                "name": station.name,
                "congress": station.congress.region_id,
                "reception": list(station.reception_rules.all()),
                **{field_name: getattr(station, field_name) for field_name in FIELDS},
            }
