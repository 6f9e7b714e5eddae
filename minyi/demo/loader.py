"""The demo city: Jingmen (荆门市, 420800) with its real districts, counties and townships, and
invented congress terms, units, stations, about 400 representatives and the demo logins.

What the demo holds is computed by `plan.build()` (no database, fixed seed); this module writes
it. Every row is found by its natural key and created, or updated field by field where it
differs, one `save()` at a time so that the audit log records each write like any other (all
attributed to source "demo"). Nothing is deleted.

A load ends by writing an audit entry naming the demo's fingerprint: a hash of this package's
code and data, the size, and the month (the duty roster covers this month and the next). When
the latest such entry names the current fingerprint, the next load only keeps the demo
passwords fresh and returns: `make demo` starts in seconds. A change of the code, the data or
the month runs the full, idempotent pass again; `--force` runs it anyway."""

import calendar
import datetime
import hashlib
import io
from collections import Counter
from pathlib import Path

from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone

from minyi.accounts import services as accounts
from minyi.accounts.models import Role, RoleGrant, User
from minyi.audit import services as audit
from minyi.audit.context import acting
from minyi.audit.models import AuditEntry
from minyi.organisations.models import (
    Congress,
    Department,
    DutyRoster,
    ReceptionException,
    ReceptionRule,
    Session,
    Station,
    StationAssignment,
    Term,
    Unit,
)
from minyi.organisations.reception import propose_duty_rotation
from minyi.regions.models import Region
from minyi.representatives.models import Grid, GridResponsibility, Mandate, Representative, RepresentativeGroup
from minyi.representatives.personal_data import lookup_hash

from . import jingmen as J
from . import plan as demo_plan
from .logins import DEMO_LOGINS, DEMO_PASSWORD

PACKAGE = Path(__file__).parent
FINGERPRINT_OBJECT_TYPE = "demo.city"
PASSWORD_REFRESH_DAYS = 30


def load(out=lambda message: None, *, size="full", force=False):
    """Load or refresh the demo city. Returns the counts of created and updated rows by model
    (both empty when the demo was already up to date and the load was skipped)."""
    fingerprint = current_fingerprint(size)
    started = timezone.now()
    with acting(None, source="demo"):
        if not force and _recorded_fingerprint() == fingerprint and _logins_present():
            _refresh_passwords()
            out("already loaded; nothing to do")
            return Counter(), Counter()
        with transaction.atomic():
            _regions(out)
            writer = _Writer(demo_plan.build(size), out)
            writer.run()
            if _recorded_fingerprint() != fingerprint:
                audit.write(
                    AuditEntry.Action.ACTION,
                    object_type=FINGERPRINT_OBJECT_TYPE,
                    object_repr="荆门市演示数据",
                    note=f"load_demo {fingerprint}",
                    changes={"created": dict(writer.created), "updated": dict(writer.updated)},
                )
        _history(size, out)
        _figures(out, started)
        return writer.created, writer.updated


# Two years of citizens' opinions behind the demo's own stories, so the cockpit, the big screen
# and the public portal have months and villages to show.
HISTORY = {"full": 3000, "small": 600}


def _history(size, out):
    """Opinions of the last two years across the city's villages, written as the engine would have
    left them (generate_matters); once: the demo's own matters are all from the day of loading."""
    from minyi.matters.models import Matter

    if Matter.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=3)).exists():
        return
    call_command("generate_matters", HISTORY.get(size, HISTORY["small"]), seed=2026, verbosity=0)
    out(f"history: {HISTORY.get(size, HISTORY['small'])} opinions of the last two years")


def _figures(out, since):
    """The cockpit's figures of the demo's matters at once, rather than by the worker later: made
    afresh the first time; later only for the matters this load changed or that have none (a bench
    database of a million matters is not rebuilt for a demo reload)."""
    from django.db.models import Exists, OuterRef, Q

    from minyi.figures import pending
    from minyi.figures.models import MatterFact
    from minyi.figures.rebuild import rebuild
    from minyi.matters.models import Matter

    if not MatterFact.objects.exists():
        result = rebuild()
        out(f"figures: {result['matters']} matters, {result['cells']} cells")
        return
    stale = Matter.objects.filter(Q(updated_at__gte=since) | ~Exists(MatterFact.objects.filter(matter_id=OuterRef("pk"))))
    ids = list(stale.values_list("pk", flat=True))
    with transaction.atomic():
        pending.hold_lock()
        pending.refresh(ids)
    out(f"figures: {len(ids)} matters refreshed")


def current_fingerprint(size):
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("data/*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{digest.hexdigest()[:16]} size={size} roster={timezone.localdate():%Y-%m}"


def _recorded_fingerprint():
    note = (
        AuditEntry.objects.filter(action=AuditEntry.Action.ACTION, object_type=FINGERPRINT_OBJECT_TYPE)
        .order_by("-at", "-id")
        .values_list("note", flat=True)
        .first()
    )
    return (note or "").removeprefix("load_demo ")


def _logins_present():
    return User.objects.filter(username__in=[login.username for login in DEMO_LOGINS]).count() == len(DEMO_LOGINS)


def _refresh_passwords():
    """Keep the demo usable long after it was first loaded: no forced password change."""
    stale = timezone.now() - datetime.timedelta(days=PASSWORD_REFRESH_DAYS)
    for user in User.objects.filter(username__in=[login.username for login in DEMO_LOGINS]):
        if user.password_changed_at is None or user.password_changed_at < stale:
            user.set_password(DEMO_PASSWORD)
            user.password_changed_at = timezone.now()
            user.save(update_fields=["password", "password_changed_at"])


def _regions(out):
    """Import the committed region CSV unless every region in it is already stored as it says
    (the import command records an audit entry each time it runs, even when nothing changes)."""
    rows = demo_plan.read_regions()
    stored = {
        code: (name, level, parent or "", active)
        for code, name, level, parent, active in Region.objects.filter(code__startswith="42").values_list(
            "code", "name", "level", "parent_id", "is_active"
        )
    }
    if all(stored.get(r.code) == (r.name, r.level, r.parent, True) for r in rows.values()):
        return
    call_command(
        "import_regions",
        file=str(demo_plan.REGIONS_CSV),
        root=J.CITY[:4],
        verbosity=0,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    out(f"regions: {len(rows)} imported")


class _Writer:
    def __init__(self, plan, out):
        self.plan = plan
        self.out = out
        self.created = Counter()
        self.updated = Counter()

    def put(self, model, existing, key, values, create=None):
        """The row of `model` under `key` in `existing` with `values`, created or brought up to
        date; `create` holds values set only when the row is new. Related rows are given as
        instances (or None), so that the audit log's descriptions of new rows find them
        without a query each."""
        obj = existing.get(key)
        label = model._meta.label
        if obj is None:
            obj = model(**values, **(create or {}))
            obj.save()
            existing[key] = obj
            self.created[label] += 1
            return obj
        changed = [name for name, value in values.items() if _stored(obj, name) != _plain(value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            self.updated[label] += 1
        return obj

    def report(self, *models):
        for model in models:
            label = model._meta.label
            self.out(f"{model._meta.verbose_name_plural}: {self.created[label]} created, {self.updated[label]} updated")

    def run(self):
        self.congresses()
        self.units()
        self.representatives()
        self.stations()
        self.grids()
        self.logins()
        self.duty_roster()
        self.opinions()
        self.suggestions()
        self.projects()
        self.duty()

    # -- congresses ------------------------------------------------------------------------

    def congresses(self):
        plan = self.plan
        codes = [c.region for c in plan.congresses]
        existing = {c.region_id: c for c in Congress.objects.filter(region_id__in=codes)}
        for data in plan.congresses:  # parents come first: the plan is in level order
            parent = existing[data.parent] if data.parent else None
            self.put(
                Congress,
                existing,
                data.region,
                {"region_id": data.region, "name": data.name, "kind": data.kind, "parent": parent},
            )
        self.congress = existing

        departments = {(d.congress_id, d.name): d for d in Department.objects.filter(congress__region_id__in=codes)}
        for code, name in plan.departments:
            congress = existing[code]
            self.put(Department, departments, (congress.pk, name), {"congress": congress, "name": name})

        terms = {
            (t.congress_id, t.number): t for t in Term.objects.filter(congress__region_id__in=codes).select_related("congress")
        }
        sessions = {(s.term_id, s.number): s for s in Session.objects.filter(term__congress__region_id__in=codes)}
        self.term = {}
        for data in plan.terms:
            congress = existing[data.congress]
            values = {"congress": congress, "number": data.number, "start": data.start, "end": data.end}
            term = self.term[data.congress] = self.put(Term, terms, (congress.pk, data.number), values)
            for number, start, end in data.sessions:
                self.put(Session, sessions, (term.pk, number), {"term": term, "number": number, "start": start, "end": end})

        groups = {(g.congress_id, g.name): g for g in RepresentativeGroup.objects.filter(congress__region_id__in=codes)}
        self.group = {}
        for data in plan.groups:
            congress = existing[data.congress]
            self.group[data.congress, data.name] = self.put(
                RepresentativeGroup,
                groups,
                (congress.pk, data.name),
                {"congress": congress, "name": data.name, "kind": data.kind},
            )
        self.report(Congress, Department, Term, Session, RepresentativeGroup)

    # -- units -------------------------------------------------------------------------------

    def units(self):
        plans = self.plan.units
        existing = {(u.region_id, u.name): u for u in Unit.objects.filter(region_id__in={p.data.region for p in plans})}
        self.unit = {}
        for plan in plans:  # parents come first in jingmen.UNITS
            data = plan.data
            parent = self.unit[data.parent] if data.parent else None
            values = {
                "region_id": data.region,
                "name": data.name,
                "short_name": data.short_name,
                "branch": data.branch,
                "parent": parent,
                "contact_name": plan.contact_name,
                "contact_phone": plan.contact_phone,
                "address": plan.address,
            }
            self.unit[data.name] = self.put(Unit, existing, (data.region, data.name), values)
        self.report(Unit)

    # -- representatives ---------------------------------------------------------------------

    def representatives(self):
        people = self.plan.people
        existing = {r.public_code: r for r in Representative.objects.filter(public_code__in=[p.code for p in people])}
        rep_li = _rep_li_record()
        if rep_li is not None:
            # Demo databases from before the generated codes keep rep_li's poster code.
            existing[people[0].code] = rep_li
        self.representative = {}
        for person in people:
            values = {
                "name": person.name,
                "gender": person.gender,
                "ethnicity": person.ethnicity,
                "birth_date": person.birth_date,
                "party": person.party,
                "occupation_category": person.occupation,
                "workplace": person.workplace,
                "position": person.position,
                "bio": person.bio,
            }
            record = existing.get(person.code)
            if record is None or record.phone_hash != lookup_hash(person.phone):
                # Encrypting gives a new token every time: set the phone only when it differs.
                phone_holder = Representative()
                phone_holder.phone = person.phone
                values["phone_ciphertext"], values["phone_hash"] = phone_holder.phone_ciphertext, phone_holder.phone_hash
            self.representative[person.code] = self.put(
                Representative, existing, person.code, values, create={"public_code": person.code}
            )

        ids = [r.pk for r in self.representative.values()]
        mandates = {}
        for mandate in Mandate.objects.filter(representative_id__in=ids).order_by("start", "pk"):
            mandates.setdefault(_mandate_key(mandate.representative_id, mandate.term_id, mandate.level), mandate)
        for person in people:
            representative = self.representative[person.code]
            for data in person.mandates:
                term = self.term[data.congress] if data.congress else None
                values = {
                    "representative": representative,
                    "level": data.level,
                    "congress": self.congress[data.congress] if data.congress else None,
                    "term": term,
                    "electoral_district": data.district,
                    "group": self.group[data.congress, data.group] if data.group else None,
                    "professional_group": self.group[data.congress, data.professional_group] if data.professional_group else None,
                    "start": data.start,
                    "end": data.end,
                    "end_reason": data.end_reason,
                    "end_note": data.end_note,
                }
                key = _mandate_key(representative.pk, term.pk if term else None, data.level)
                self.put(Mandate, mandates, key, values)
        self.report(Representative, Mandate)

    # -- stations ----------------------------------------------------------------------------

    def stations(self):
        plans = self.plan.stations
        existing = {(s.region_id, s.name): s for s in Station.objects.filter(region_id__in={p.data.region for p in plans})}
        self.station = {}
        for plan in plans:
            data = plan.data
            latitude, longitude = data.coordinates or (None, None)
            values = {
                "region_id": data.region,
                "name": data.name,
                "kind": data.kind,
                "profession": data.profession,
                "congress": self.congress[data.congress],
                "address": plan.address,
                "latitude": latitude,
                "longitude": longitude,
                "opening_hours": data.opening_hours,
                "leader_name": plan.leader_name,
                "contact_name": plan.contact_name,
                "contact_phone": plan.contact_phone,
            }
            self.station[data.name] = self.put(
                Station, existing, (data.region, data.name), values, create={"public_code": plan.public_code}
            )

        ids = [s.pk for s in self.station.values()]
        rules = {
            (r.station_id, r.kind, r.day_of_month, r.weekday, r.date, r.start_time): r
            for r in ReceptionRule.objects.filter(station_id__in=ids)
        }
        exceptions = {(e.station_id, e.date): e for e in ReceptionException.objects.filter(station_id__in=ids)}
        for plan in plans:
            station = self.station[plan.data.name]
            for rule in plan.data.rules:
                key = (station.pk, rule.kind, rule.day_of_month, rule.weekday, rule.date, rule.start)
                values = {
                    "station": station,
                    "kind": rule.kind,
                    "day_of_month": rule.day_of_month,
                    "weekday": rule.weekday,
                    "date": rule.date,
                    "start_time": rule.start,
                    "end_time": rule.end,
                }
                self.put(ReceptionRule, rules, key, values)
            for day, moved_to, reason in plan.data.exceptions:
                values = {"station": station, "date": day, "moved_to": moved_to, "reason": reason}
                self.put(ReceptionException, exceptions, (station.pk, day), values)

        assignments = {}
        for assignment in StationAssignment.objects.filter(station_id__in=ids).order_by("start", "pk"):
            assignments.setdefault((assignment.station_id, assignment.representative_id), assignment)
        for data in self.plan.assignments:
            station = self.station[data.station]
            representative = self.representative[data.person]
            values = {"station": station, "representative": representative, "start": data.start}
            self.put(StationAssignment, assignments, (station.pk, representative.pk), values)
        self.report(Station, ReceptionRule, ReceptionException, StationAssignment)

    # -- grids -------------------------------------------------------------------------------

    def grids(self):
        plans = self.plan.grids
        existing = {(g.region_id, g.code): g for g in Grid.objects.filter(region_id__in={g.region for g in plans})}
        responsibilities = {}
        for item in GridResponsibility.objects.filter(grid__in=existing.values()).order_by("start", "pk"):
            responsibilities.setdefault((item.grid_id, item.representative_id), item)
        for data in plans:
            grid = self.put(
                Grid, existing, (data.region, data.code), {"region_id": data.region, "code": data.code, "name": data.name}
            )
            for code in data.responsible:
                representative = self.representative[code]
                values = {"grid": grid, "representative": representative, "start": demo_plan.GRIDS_FROM}
                self.put(GridResponsibility, responsibilities, (grid.pk, representative.pk), values)
        self.report(Grid, GridResponsibility)

    # -- logins ------------------------------------------------------------------------------

    def logins(self):
        from . import suggestions

        city, dongbao = self.congress[J.CITY], self.congress[J.DONGBAO]
        housing = self.unit["荆门市住房和城乡建设局"]
        grants = {
            "admin": [(Role.SYSTEM_ADMIN, {})],
            "jm_staff": [(Role.CONGRESS_STAFF, {"congress": city, "department": city.departments.get(name="代表工作委员会")})],
            "db_staff": [
                (Role.CONGRESS_STAFF, {"congress": dongbao, "department": dongbao.departments.get(name="代表工作委员会")})
            ],
            "jm_leader": [(Role.LEADER, {"congress": city})],
            "unit_admin": [(Role.UNIT_ADMIN, {"unit": housing}), (Role.UNIT_STAFF, {"unit": housing})],
            "unit_staff": [(Role.UNIT_STAFF, {"unit": housing})],
            "rep_li": [(Role.REPRESENTATIVE, {"representative": self.representative[self.plan.people[0].code]})],
            "rep_liu": [(Role.REPRESENTATIVE, {"representative": suggestions.co_signer_representative(
                city, self.representative[self.plan.people[0].code])})],
            "citizen": [(Role.CITIZEN, {})],
        }
        existing = {user.username: user for user in User.objects.filter(username__in=grants)}
        for login in DEMO_LOGINS:
            user = existing.get(login.username)
            if user is None:
                # A representative's account bears the representative's name (the plan chooses them).
                represented = next((scope["representative"] for role, scope in grants[login.username] if role == Role.REPRESENTATIVE), None)
                user = accounts.create_account(
                    username=login.username, full_name=represented.name if represented else login.full_name, password=DEMO_PASSWORD,
                    must_change_password=False,
                )
                self.created[User._meta.label] += 1
            for role, scope in grants[login.username]:
                accounts.grant_role(user, role, **scope)
            if login.username == "admin" and not user.is_staff:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        _refresh_passwords()
        self.out(f"demo logins: {len(DEMO_LOGINS)}")

    # -- duty --------------------------------------------------------------------------------

    def duty_roster(self):
        """Put representatives on duty, in turn, on every reception day of this month and the
        next that has nobody yet (the same rotation as the staff's "fill the roster" button)."""
        today = timezone.localdate()
        start = today.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        end = following.replace(day=calendar.monthrange(following.year, following.month)[1])
        for plan in self.plan.stations:
            station = self.station[plan.data.name]
            already = set(station.duty_roster.filter(date__range=(start, end)).values_list("date", flat=True))
            for day, on_duty in propose_duty_rotation(station, start, end, per_day=plan.data.per_day):
                if day in already:
                    continue
                for person in on_duty:
                    DutyRoster(station=station, date=day, representative=person).save()
                    self.created[DutyRoster._meta.label] += 1
        self.report(DutyRoster)

    def duty(self):
        """Activities, attendance and what grows from them: reception days, micro-wishes, reports
        back, the duty list and points (minyi/demo/duty*.py, wishes.py)."""
        from . import duty, duty_evaluation, duty_receptions, duty_reports, wishes

        duty.load(self)
        duty_receptions.load(self)
        wishes.load(self)
        duty_reports.load(self)
        duty_evaluation.load(self)

    # -- citizens' opinions --------------------------------------------------------------------

    def opinions(self):
        from minyi.opinions.models import Category, CategorySetting

        from . import opinions

        opinions.load(self)
        self.report(Category, CategorySetting)
        self.out(f"opinions: {self.created['matters.Matter']} created")


    # -- representatives' suggestions ----------------------------------------------------------

    def suggestions(self):
        from minyi.suggestions.models import Category, Suggestion

        from . import suggestions

        before = Suggestion.objects.count()
        suggestions.load(self)
        self.report(Category)
        self.out(f"suggestions: {Suggestion.objects.count() - before} created")


    # -- livelihood projects and their votes -----------------------------------------------------

    def projects(self):
        from minyi.projects.models import Project, ProjectYear

        from . import projects

        projects.load(self)
        self.out(f"project years: {self.created[ProjectYear._meta.label]} created; projects now {Project.objects.count()}")


def _stored(obj, name):
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname)


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def _mandate_key(representative, term, level):
    # One mandate per term in a congress of the demo; one per level above it (no congress, no term).
    return (representative, term) if term is not None else (representative, level)


def _rep_li_record():
    grant = RoleGrant.objects.filter(user__username="rep_li", role=Role.REPRESENTATIVE).select_related("representative").first()
    return grant.representative if grant is not None else None
