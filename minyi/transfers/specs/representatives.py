"""Representatives with their mandates: one row per mandate, the person's columns repeated.

A person is found by the mobile number when the row has one, otherwise by name and date of birth
(also when a number is new: that is the same person with a new number). Their mandate on a row is
the one they hold in the same congress (or at the same level, for a mandate without a congress)
overlapping the row's dates; a row without any mandate column filled in only updates the person.

Everything is looked up in a handful of queries and written with bulk_create / bulk_update,
because a county sends thousands of rows at once; audit entries are written in bulk alongside
(see minyi.audit.bulk)."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.audit.bulk import Recorder
from minyi.audit.services import snapshot
from minyi.organisations.models import Congress, Term
from minyi.representatives import personal_data
from minyi.representatives.models import (
    MANDATE_LEVEL_OF_REGION,
    Ethnicity,
    Mandate,
    MandateLevel,
    OccupationCategory,
    Party,
    Representative,
    RepresentativeGroup,
)

from .. import registry
from ..columns import (
    ChoiceColumn,
    DateColumn,
    IntegerColumn,
    RegionCodeColumn,
    TextColumn,
    local_today,
    years_after,
    years_before,
)
from ..engine import NEW, UNCHANGED, UPDATE
from .base import (
    MaskedPhone,
    PhoneColumn,
    Plan,
    Spec,
    congress_options,
    congresses_by_code,
    fetch_in,
    in_scope,
    labelled,
    regions_by_code,
)

PERSON_KEYS = ["name", "gender", "ethnicity", "birth_date", "party", "occupation_category", "workplace", "position"]
MANDATE_KEYS = ["level", "congress", "term", "electoral_district", "group", "professional_group", "start", "end", "end_reason", "end_note"]
# Mandates without a congress in the tree: the National People's Congress, and a provincial
# congress above a deployment whose root is a city.
LEVELS_WITHOUT_CONGRESS = {MandateLevel.NATIONAL, MandateLevel.PROVINCIAL}
AUTO = object()  # the term covering the mandate's first day
EARLIEST_MANDATE = datetime.date(1949, 10, 1)


class Person:
    __slots__ = ("rows", "phone", "masked", "name", "birth", "rep", "values", "changes", "broken", "lines", "manageable")

    def __init__(self, name, birth, phone=None):
        self.rows, self.lines = [], []
        self.name, self.birth, self.phone = name, birth, phone
        self.masked = False
        self.rep = None
        self.values, self.changes = {}, {}
        self.broken = False
        self.manageable = False

    @property
    def first(self):
        return self.rows[0]


class Line:
    """The mandate one row describes."""

    __slots__ = ("row", "values", "seat", "mandate", "changes", "new_groups", "congress")

    def __init__(self, row):
        self.row = row
        self.values = {}
        self.mandate = None
        self.changes = {}
        self.new_groups = {}  # field -> (congress id, name, kind)
        self.congress = None
        self.seat = None


def _overlaps(start_a, end_a, start_b, end_b):
    return (end_a is None or end_a >= start_b) and (end_b is None or end_b >= start_a)


@registry.register
class RepresentativeSpec(Spec):
    kind = "representatives"
    title = gettext_lazy("Representatives")
    item = gettext_lazy("mandate")
    description = gettext_lazy("People's representatives and their mandates, one row per mandate.")
    model = Representative
    order = 10
    list_url_name = "representatives:list"
    columns = [
        TextColumn("name", gettext_lazy("full name"), required=True, max_length=50, width=10),
        ChoiceColumn("gender", gettext_lazy("gender"), Representative.Gender, width=7),
        ChoiceColumn("ethnicity", gettext_lazy("ethnicity"), Ethnicity, width=9),
        DateColumn(
            "birth_date",
            gettext_lazy("date of birth"),
            earliest=lambda: datetime.date(1900, 1, 1),
            latest=lambda: years_before(local_today(), 18),
            width=12,
            help_text=gettext_lazy("A date such as 1975-03-05; a representative is at least 18 years old."),
        ),
        ChoiceColumn("party", gettext_lazy("political affiliation"), Party, width=22),
        ChoiceColumn("occupation_category", gettext_lazy("occupation category"), OccupationCategory, width=18),
        TextColumn("workplace", gettext_lazy("workplace"), max_length=100, width=24),
        TextColumn("position", gettext_lazy("position"), max_length=100, width=16),
        PhoneColumn(
            "phone",
            gettext_lazy("mobile number"),
            normalise=personal_data.normalise_phone,
            width=14,
            help_text=gettext_lazy(
                "An 11-digit mainland mobile number. It identifies the person on a re-import. "
                "An empty cell or a masked number (138****1234) keeps the stored number."
            ),
        ),
        ChoiceColumn(
            "level",
            gettext_lazy("level"),
            MandateLevel,
            width=8,
            required_note=gettext_lazy("Required for a mandate."),
        ),
        RegionCodeColumn(
            "congress",
            gettext_lazy("congress division code"),
            width=30,
            help_text=gettext_lazy(
                "The division code of the congress the mandate is in, e.g. 420802000000 for a county congress. "
                "Leave it empty for a national mandate."
            ),
        ),
        IntegerColumn(
            "term",
            gettext_lazy("term"),
            minimum=1,
            maximum=99,
            width=6,
            help_text=gettext_lazy("The number of the congress's term, e.g. 9. Empty: the term covering the first day."),
        ),
        TextColumn("electoral_district", gettext_lazy("electoral district or electing unit"), max_length=100, width=20),
        TextColumn(
            "group",
            gettext_lazy("representatives' group"),
            max_length=100,
            width=18,
            help_text=gettext_lazy("The name of a representatives' group of the congress; a new name creates the group."),
        ),
        TextColumn(
            "professional_group",
            gettext_lazy("professional group"),
            max_length=100,
            width=18,
            help_text=gettext_lazy("The name of a professional group of the congress; a new name creates the group."),
        ),
        DateColumn(
            "start",
            gettext_lazy("mandate from"),
            earliest=lambda: EARLIEST_MANDATE,
            latest=lambda: years_after(local_today(), 1),
            width=12,
            required_note=gettext_lazy("Required for a mandate."),
        ),
        DateColumn(
            "end",
            gettext_lazy("mandate until"),
            earliest=lambda: EARLIEST_MANDATE,
            latest=lambda: years_after(local_today(), 10),
            width=12,
            help_text=gettext_lazy("The last day, when the mandate has ended or its end is known; otherwise empty."),
        ),
        ChoiceColumn("end_reason", gettext_lazy("reason for ending"), Mandate.EndReason, width=12),
        TextColumn("end_note", gettext_lazy("note on ending"), max_length=500, width=20),
    ]
    notes = [
        gettext_lazy("One row per mandate. A person with mandates at several levels has several rows with the same personal columns."),
        gettext_lazy(
            "A person is recognised by the mobile number, or by name and date of birth when the number is empty or masked: "
            "a re-import updates them instead of adding them again."
        ),
        gettext_lazy(
            "A mandate is recognised by its congress (or its level, for a national mandate) and its dates: "
            "a re-import updates it. A row whose mandate columns are all empty updates only the person."
        ),
        gettext_lazy("You can import mandates in the congresses of your own area only."),
    ]

    def dropdowns(self, actor):
        return {"congress": labelled(congress_options(actor, councils=False))}

    # --- the plan ----------------------------------------------------------------------------------

    def plan(self, rows, actor, report):
        people = self._group(rows, report)
        context = self._load(people, rows)
        self._match(people, context, report)
        for person in people:
            if not person.broken:
                self._person_values(person, report)
        for person in people:
            if person.broken:
                continue
            for row in person.rows:
                line = self._line(row, person, context, report)
                if line is not None:
                    person.lines.append(line)
            self._check_lines(person, context, report)
        for person in people:
            if not person.broken:
                self._check_scope(person, context, actor, report)
        plan = Plan()
        for row in rows:
            plan.outcomes[row.number] = UNCHANGED
        for person in people:
            if person.broken:
                continue
            if person.rep is None:
                plan.outcomes[person.first.number] = NEW
            elif person.changes:
                plan.outcomes[person.first.number] = UPDATE
            for line in person.lines:
                if line.mandate is None:
                    plan.outcomes[line.row.number] = NEW
                elif line.changes and plan.outcomes[line.row.number] != NEW:
                    plan.outcomes[line.row.number] = UPDATE
        plan.data = {"people": [person for person in people if not person.broken], "congresses": context.get("congress_objects", {})}
        return plan

    def _group(self, rows, report):
        """People of the file: rows with the same number, or else the same name and birth date."""
        by_phone, later = {}, []
        for row in rows:
            if row.broken("name", "phone", "birth_date") or not row.get("name"):
                continue
            phone = row.get("phone")
            if phone and not isinstance(phone, MaskedPhone):
                person = by_phone.get(phone)
                if person is None:
                    person = by_phone[phone] = Person(row.get("name"), row.get("birth_date"), phone)
                elif person.name != row.get("name"):
                    report.error(
                        row,
                        "phone",
                        _("The same mobile number is on row %(row)d for %(name)s.") % {"row": person.first.number, "name": person.name},
                    )
                    continue
                person.rows.append(row)
            else:
                later.append(row)
        with_phone = defaultdict(list)
        for person in by_phone.values():
            with_phone[(person.name, person.birth)].append(person)
        by_identity = {}
        for row in later:
            key = (row.get("name"), row.get("birth_date"))
            candidates = with_phone.get(key, [])
            if len(candidates) > 1:
                report.error(row, "name", _("Several people in this file have this name and date of birth; give the mobile number."))
                continue
            person = candidates[0] if candidates else by_identity.setdefault(key, Person(*key))
            person.rows.append(row)
            if isinstance(row.get("phone"), MaskedPhone):
                person.masked = True
        people = list(by_phone.values()) + list(by_identity.values())
        for person in people:
            person.rows.sort(key=lambda r: r.number)
        return people

    def _load(self, people, rows):
        hashes = {personal_data.lookup_hash(person.phone): person for person in people if person.phone}
        by_hash = {rep.phone_hash: rep for rep in fetch_in(Representative.objects.all(), "phone_hash", hashes)}
        # By name only those the number did not find (most of a re-import is found by number).
        names = {person.name for person in people if not person.phone or personal_data.lookup_hash(person.phone) not in by_hash}
        by_identity = defaultdict(list)
        for rep in fetch_in(Representative.objects.all(), "name", names):
            by_identity[(rep.name, rep.birth_date)].append(rep)
        codes = {row.get("congress") for row in rows if row.get("congress")}
        congresses = congresses_by_code(codes)
        return {
            "by_hash": by_hash,
            "by_identity": by_identity,
            "congresses": congresses,
            "regions": regions_by_code(codes - set(congresses)),
        }

    def _match(self, people, context, report):
        claimed = {}
        for person in people:
            rep = None
            if person.phone:
                rep = context["by_hash"].get(personal_data.lookup_hash(person.phone))
                if rep is not None and rep.name != person.name:
                    for row in person.rows:
                        if row.get("phone") == person.phone:
                            report.error(row, "phone", _("This mobile number belongs to another representative."))
                    person.broken = True
                    continue
            if rep is None:
                candidates = context["by_identity"].get((person.name, person.birth), [])
                if len(candidates) > 1:
                    report.error(
                        person.first,
                        "name",
                        _("Several representatives have this name and date of birth; give the mobile number to tell them apart."),
                    )
                    person.broken = True
                    continue
                if candidates:
                    rep = candidates[0]
                elif person.masked:
                    for row in person.rows:
                        if isinstance(row.get("phone"), MaskedPhone):
                            report.error(
                                row,
                                "phone",
                                _("A masked number cannot be imported for a new representative; enter the full number or leave the cell empty."),
                            )
                    person.broken = True
                    continue
            if rep is not None:
                if rep.pk in claimed:
                    report.error(
                        person.first,
                        "name",
                        _("This representative is also on row %(row)d with another mobile number.") % {"row": claimed[rep.pk].first.number},
                    )
                    person.broken = True
                    continue
                claimed[rep.pk] = person
            person.rep = rep
        mandates = defaultdict(list)
        ids = [person.rep.pk for person in people if person.rep is not None]
        for mandate in fetch_in(Mandate.objects.all(), "representative_id", ids):
            mandates[mandate.representative_id].append(mandate)
        context["mandates"] = mandates
        # Everything the mandates and rows refer to, in a few queries.
        congress_ids = {m.congress_id for ms in mandates.values() for m in ms if m.congress_id}
        congress_ids |= {c.pk for c in context["congresses"].values()}
        context["congress_objects"] = {c.pk: c for c in fetch_in(Congress.objects.select_related("region"), "pk", congress_ids)}
        context["congress_regions"] = {pk: congress.region_id for pk, congress in context["congress_objects"].items()}
        terms = defaultdict(list)
        for term in fetch_in(Term.objects.all(), "congress_id", congress_ids):
            terms[term.congress_id].append(term)
        context["terms"] = terms
        context["groups"] = {(g.congress_id, g.name): g for g in fetch_in(RepresentativeGroup.objects.all(), "congress_id", congress_ids)}

    def _person_values(self, person, report):
        seen = {}
        for row in person.rows:
            for key in PERSON_KEYS:
                if not row.has(key) or row.broken(key):
                    continue
                value = row.get(key)
                if key not in seen:
                    seen[key] = (value, row)
                elif seen[key][0] != value:
                    report.error(row, key, _("Differs from row %(row)d of the same person.") % {"row": seen[key][1].number})
        person.values = {key: value for key, (value, _row) in seen.items()}
        rep = person.rep
        if rep is None:
            return
        for key, value in person.values.items():
            wanted = value if value is not None else (None if key == "birth_date" else "")
            if getattr(rep, key) != wanted:
                person.changes[key] = wanted
        if person.phone and rep.phone_hash != personal_data.lookup_hash(person.phone):
            person.changes["phone"] = person.phone

    def _line(self, row, person, context, report):
        present = [key for key in MANDATE_KEYS if row.has(key)]
        if not any(row.values.get(key) is not None for key in present):
            return None
        line = Line(row)
        if row.broken(*present):
            return None  # already reported; nothing more to say until it is fixed
        level, start = row.get("level"), row.get("start")
        missing = False
        for key, value in (("level", level), ("start", start)):
            if value is None:
                report.error(row, key, _("Fill in this cell for a mandate."))
                missing = True
        if missing:
            return None
        code = row.get("congress")
        congress = None
        if code:
            congress = context["congresses"].get(code)
            if level == MandateLevel.NATIONAL:
                report.error(row, "congress", _("A national mandate names no congress; leave this cell empty."))
                return None
            if congress is None:
                region = context["regions"].get(code)
                if region is None:
                    report.error(row, "congress", _("Unknown division code %(code)s.") % {"code": code})
                else:
                    report.error(row, "congress", _("%(region)s has no congress.") % {"region": region.name})
                return None
            if congress.is_council:
                report.error(row, "congress", _("A residents' deliberation council has chosen members, not representatives' mandates."))
                return None
            if MANDATE_LEVEL_OF_REGION.get(congress.region.level) != level:
                report.error(row, "congress", _("This congress is not of the mandate's level."))
                return None
        elif level not in LEVELS_WITHOUT_CONGRESS:
            report.error(row, "congress", _("Give the division code of the congress for a mandate at this level."))
            return None
        line.congress = congress
        line.seat = congress.pk if congress else ("level", level)
        values = {"level": level, "congress_id": congress.pk if congress else None, "start": start}
        if row.has("term"):
            number = row.get("term")
            if number is None:
                values["term_id"] = AUTO
            elif congress is None:
                report.error(row, "term", _("Only a mandate in a congress has a term; leave this cell empty."))
                return None
            else:
                term = next((t for t in context["terms"][congress.pk] if t.number == number), None)
                if term is None:
                    report.error(row, "term", _("%(congress)s has no term %(number)d.") % {"congress": congress.name, "number": number})
                    return None
                values["term_id"] = term.pk
        for key, field_name, kind in (
            ("group", "group_id", RepresentativeGroup.Kind.AREA),
            ("professional_group", "professional_group_id", RepresentativeGroup.Kind.PROFESSIONAL),
        ):
            if not row.has(key):
                continue
            name = row.get(key)
            if not name:
                values[field_name] = None
                continue
            if congress is None:
                report.error(row, key, _("A group belongs to a congress; give the congress's division code."))
                return None
            group = context["groups"].get((congress.pk, name))
            if group is None:
                line.new_groups[field_name] = (congress.pk, name, kind)
                values[field_name] = None
            elif group.kind != kind:
                report.error(row, key, _("%(name)s is a group of the other kind.") % {"name": name})
                return None
            else:
                values[field_name] = group.pk
        for key in ("electoral_district", "end_note", "end_reason"):
            if row.has(key):
                values[key] = row.get(key) or ""
        if row.has("end"):
            values["end"] = row.get("end")
        line.values = values
        return line

    def _resolve_term(self, line, context, start):
        congress_id = line.values["congress_id"]
        if congress_id is None:
            return None
        covering = [t for t in context["terms"][congress_id] if t.start <= start and (t.end is None or start <= t.end)]
        return max(covering, key=lambda t: t.start).pk if covering else None

    def _check_lines(self, person, context, report):
        """Find the stored mandate each row describes, then check the person's mandates as they
        will be after the import: no two in one congress at once, one per term."""
        existing = context["mandates"].get(person.rep.pk, []) if person.rep else []
        claimed = {}
        birth = person.values.get("birth_date", person.rep.birth_date if person.rep else None)
        checked = []
        for line in person.lines:
            row, values = line.row, line.values
            start = values["start"]
            wanted = values.get("term_id", AUTO)
            term = self._resolve_term(line, context, start) if wanted is AUTO else wanted
            # The mandate this row describes: in the same seat, overlapping its dates, not of another term.
            candidates = [
                m
                for m in existing
                if _seat(m) == line.seat
                and _overlaps(m.start, m.end, start, values["end"] if "end" in values else m.end)
                and not (term and m.term_id and m.term_id != term)
            ]
            if len(candidates) > 1:
                report.error(row, "start", _("Several mandates of this person in this congress overlap these dates; correct them in the person's record first."))
                continue
            mandate = candidates[0] if candidates else None
            if mandate is not None and mandate.pk in claimed:
                report.error(row, "start", _("Row %(row)d already describes this mandate.") % {"row": claimed[mandate.pk].number})
                continue

            def current(key, default, kept=mandate):
                return values[key] if key in values else (getattr(kept, key) if kept is not None else default)

            final = {
                "level": values["level"],
                "congress_id": values["congress_id"],
                "start": start,
                "end": current("end", None),
                "end_reason": current("end_reason", ""),
                "end_note": current("end_note", ""),
                "electoral_district": current("electoral_district", ""),
                "group_id": current("group_id", None),
                "professional_group_id": current("professional_group_id", None),
                "term_id": term if ("term_id" in values or mandate is None) else mandate.term_id,
            }
            if not self._valid_period(row, final, birth, report):
                continue
            if mandate is not None:
                claimed[mandate.pk] = row
            line.mandate = mandate
            checked.append((line, final))
        # The person's mandates after the import: the rows', and the stored ones no row describes.
        untouched = [m for m in existing if m.pk not in claimed]
        for index, (line, final) in enumerate(checked):
            row = line.row
            earlier = next(
                (other for other, other_final in checked[:index] if other.seat == line.seat and _overlaps(other_final["start"], other_final["end"], final["start"], final["end"])),
                None,
            )
            if earlier is not None:
                report.error(row, "start", _("Overlaps the mandate on row %(row)d in the same congress.") % {"row": earlier.row.number})
                continue
            if any(_seat(m) == line.seat and _overlaps(m.start, m.end, final["start"], final["end"]) for m in untouched):
                report.error(row, "start", Mandate.overlap_message)
                continue
            if final["term_id"] and (
                any(other_final["term_id"] == final["term_id"] for _other, other_final in checked[:index])
                or any(m.term_id == final["term_id"] for m in untouched)
            ):
                report.error(row, "term", _("The representative already holds another mandate in this term."))
                continue
            if line.mandate is not None:
                line.changes = {key: value for key, value in final.items() if getattr(line.mandate, key) != value}
                for field_name in line.new_groups:
                    line.changes[field_name] = None
            else:
                line.changes = final

    def _valid_period(self, row, final, birth, report):
        ok = True
        if final["end"] is not None and final["end"] < final["start"]:
            report.error(row, "end", _("The last day cannot come before the first day."))
            ok = False
        if final["end"] is None and (final["end_reason"] or final["end_note"]):
            report.error(row, "end", _("A mandate with a reason for ending needs its last day."))
            ok = False
        if final["end"] is not None and not final["end_reason"]:
            report.error(row, "end_reason", _("Say why the mandate ended."))
            ok = False
        if final["end_reason"] == Mandate.EndReason.TERMINATION and not final["end_note"].strip():
            report.error(row, "end_note", _("Explain why the mandate was terminated."))
            ok = False
        if birth and final["start"] < years_after(birth, 18):
            report.error(row, "start", _("The representative would be under 18 on the first day of this mandate."))
            ok = False
        return ok

    def _check_scope(self, person, context, actor, report):
        regions = context["congress_regions"]
        held = context["mandates"].get(person.rep.pk, []) if person.rep else []
        person.manageable = actor.is_system_admin or (
            actor.is_congress_staff
            and (
                any(m.congress_id and in_scope(actor, regions.get(m.congress_id, "")) for m in held)
                or any(line.congress and in_scope(actor, line.congress.region_id) for line in person.lines)
            )
        )
        refusal = _("You can import only representatives who hold a mandate in the congresses of your area.")
        for line in person.lines:
            if not line.changes:
                continue
            if line.congress is not None and not in_scope(actor, line.congress.region_id):
                report.error(line.row, "congress", _("%(congress)s is outside your area.") % {"congress": line.congress.name})
            elif line.congress is None and not person.manageable:
                report.error(line.row, "level", refusal)
        if (person.rep is None or person.changes) and not person.manageable and not any(report.has_error(row) for row in person.rows):
            report.error(person.first, "name", refusal)

    # --- writing -----------------------------------------------------------------------------------

    def apply(self, plan, actor, progress):
        people = plan.data["people"]
        audit = Recorder()
        groups = self._create_groups(people, audit)
        created, changed, fields = [], [], set()
        for person in people:
            if person.rep is None:
                rep = Representative(**{key: (value if value is not None else (None if key == "birth_date" else "")) for key, value in person.values.items()})
                if person.phone:
                    rep.phone = person.phone
                person.rep = rep
                created.append(rep)
            elif person.changes:
                before = snapshot(person.rep)
                for key, value in person.changes.items():
                    setattr(person.rep, key, value)
                    fields.update(("phone_ciphertext", "phone_hash") if key == "phone" else (key,))
                changed.append((person.rep, before))
        Representative.objects.bulk_create(created, batch_size=500)
        progress.advance(len(created) // 2)
        if changed:
            Representative.objects.bulk_update([rep for rep, _before in changed], sorted(fields), batch_size=500)
        for rep in created:
            audit.created(rep)
        for rep, before in changed:
            audit.updated(rep, before)
        new_mandates, changed_mandates, mandate_fields = [], [], set()
        for person in people:
            for line in person.lines:
                if not line.changes:
                    continue
                changes = dict(line.changes)
                for field_name, key in line.new_groups.items():
                    changes[field_name] = groups[key].pk
                if line.mandate is None:
                    changes.pop("congress_id")
                    # The congress object, not only its id: the audit entry names it without a query.
                    new_mandates.append(Mandate(representative=person.rep, congress=line.congress, **changes))
                else:
                    if line.mandate.congress_id:
                        line.mandate.congress = plan.data["congresses"][line.mandate.congress_id]  # named in the audit entry
                    before = snapshot(line.mandate)
                    for key, value in changes.items():
                        setattr(line.mandate, key, value)
                    mandate_fields.update(changes)
                    changed_mandates.append((line.mandate, before))
        Mandate.objects.bulk_create(new_mandates, batch_size=500)
        if changed_mandates:
            Mandate.objects.bulk_update([m for m, _before in changed_mandates], sorted(mandate_fields), batch_size=500)
        for mandate in new_mandates:
            audit.created(mandate)
        for mandate, before in changed_mandates:
            audit.updated(mandate, before)
        progress.advance(sum(len(person.rows) for person in people) - len(created) // 2)
        audit.summary(
            "representatives.representative",
            "import",
            {
                "representatives_created": len(created),
                "representatives_changed": len(changed),
                "mandates_created": len(new_mandates),
                "mandates_changed": len(changed_mandates),
                "groups_created": len(groups),
            },
        )
        audit.save()

    def _create_groups(self, people, audit):
        wanted = {}
        for person in people:
            for line in person.lines:
                if line.changes:
                    for key in line.new_groups.values():
                        wanted[key] = RepresentativeGroup(congress_id=key[0], name=key[1], kind=key[2])
        RepresentativeGroup.objects.bulk_create(list(wanted.values()))
        for group in wanted.values():
            audit.created(group)
        return wanted

    # --- export ------------------------------------------------------------------------------------

    def export_rows(self, queryset, user):
        mandates = Mandate.objects.select_related("congress", "term", "group", "professional_group").order_by("start", "id")
        queryset = queryset.order_by("name", "id").prefetch_related(Prefetch("mandates", queryset=mandates, to_attr="held"))
        batch, first = [], True
        for rep in queryset.iterator(chunk_size=500):
            batch.append(rep)
            if len(batch) == 500:
                yield from self._export_batch(batch, user, first)
                batch, first = [], False
        yield from self._export_batch(batch, user, first)

    def _export_batch(self, reps, user, first):
        may_see = phones_visible(user, reps, sample=SAMPLE if first else 0)
        for rep in reps:
            person = {key: getattr(rep, key) for key in PERSON_KEYS}
            person["phone"] = rep.phone if rep.pk in may_see else rep.masked_phone
            if not rep.held:
                yield person
            for mandate in rep.held:
                yield {
                    **person,
                    "level": mandate.level,
                    "congress": mandate.congress.region_id if mandate.congress_id else "",
                    "term": mandate.term.number if mandate.term_id else None,
                    "electoral_district": mandate.electoral_district,
                    "group": mandate.group.name if mandate.group_id else "",
                    "professional_group": mandate.professional_group.name if mandate.professional_group_id else "",
                    "start": mandate.start,
                    "end": mandate.end,
                    "end_reason": mandate.end_reason,
                    "end_note": mandate.end_note,
                }


SAMPLE = 10


def phones_visible(user, reps, *, sample=SAMPLE):
    """The ids of `reps` whose phone the user may see (access rule "view_phone").

    Asking the rule once per person costs a query each, over the whole mandate table: an export of
    10,000 people took minutes. The rule today is "system administrators, the person themself, and
    congress staff for the people in their scope", which `access.visible` answers for 500 people in
    one query. The rule has no bulk form, so this mirrors it, and checks the mirror against the rule
    itself on the first `sample` people: if they ever disagree (the rule changed), every person is asked."""
    if not reps:
        return set()
    actor = access.actor_for(user)
    ids = [rep.pk for rep in reps]
    if actor.is_system_admin:
        allowed = set(ids)
    else:
        allowed = set(ids) & set(actor.representative_ids)
        if actor.is_congress_staff:
            allowed |= set(access.visible(user, Representative.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    if any((rep.pk in allowed) != access.can(user, "view_phone", rep) for rep in reps[:sample]):
        return {rep.pk for rep in reps if access.can(user, "view_phone", rep)}
    return allowed

def _seat(mandate):
    return mandate.congress_id if mandate.congress_id else ("level", mandate.level)
