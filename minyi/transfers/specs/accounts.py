"""Staff accounts: congress staff, leaders, unit staff and unit administrators, one row per role.

An account is found again by its username. Accounts are created through accounts.services without
a password: the person cannot sign in until one is set for them. Roles are only ever added by an
import, never taken away."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts import services as accounts
from minyi.accounts.models import Role, RoleGrant, User
from minyi.organisations.models import Department, Unit
from minyi.representatives import personal_data
from minyi.representatives.personal_data import mask_phone

from .. import registry
from ..columns import ChoiceColumn, RegionCodeColumn, TextColumn
from ..engine import NEW, UNCHANGED, UPDATE
from .base import MaskedPhone, PhoneColumn, Plan, Spec, check_region, congresses_by_code, fetch_in, labelled, region_options, regions_by_code

ROLES = [Role.CONGRESS_STAFF, Role.LEADER, Role.UNIT_STAFF, Role.UNIT_ADMIN]
CONGRESS_ROLES = {Role.CONGRESS_STAFF, Role.LEADER}
PERSON_KEYS = ["full_name", "email"]


def _role_choices():
    return [(role.value, role.label) for role in ROLES]


@registry.register
class AccountSpec(Spec):
    kind = "accounts"
    title = gettext_lazy("Staff accounts")
    item = gettext_lazy("role")
    description = gettext_lazy("Accounts of congress staff, leaders and handling-unit staff, one row per role.")
    model = User
    order = 40
    list_url_name = "accounts:manage_list"
    columns = [
        TextColumn(
            "username",
            gettext_lazy("username"),
            required=True,
            max_length=50,
            width=14,
            help_text=gettext_lazy("Letters, digits and . @ _ - only. It identifies the account on a re-import."),
        ),
        TextColumn("full_name", gettext_lazy("full name"), required=True, max_length=50, width=10),
        PhoneColumn(
            "phone",
            gettext_lazy("mobile number"),
            normalise=personal_data.normalise_phone,
            width=14,
            help_text=gettext_lazy("An 11-digit mainland mobile number; the person can sign in with it. Empty or masked: kept as it is."),
        ),
        TextColumn("email", gettext_lazy("email"), max_length=254, width=22),
        ChoiceColumn("role", gettext_lazy("role"), _role_choices, required=True, width=16),
        RegionCodeColumn(
            "region",
            gettext_lazy("division code"),
            required=True,
            width=28,
            help_text=gettext_lazy("For congress staff and leaders: the division code of their congress. For unit staff: the division code of the unit."),
        ),
        TextColumn(
            "unit",
            gettext_lazy("handling unit"),
            max_length=100,
            width=24,
            help_text=gettext_lazy("For unit staff and unit administrators: the unit's name. Leave it empty for congress staff."),
        ),
        TextColumn(
            "department",
            gettext_lazy("department"),
            max_length=100,
            width=18,
            help_text=gettext_lazy("For congress staff: the department of the congress, e.g. its representative work committee. Optional."),
        ),
    ]
    notes = [
        gettext_lazy("One row per role: a person with two roles has two rows with the same username."),
        gettext_lazy("An account is recognised by its username: a re-import updates it. An import only adds roles, it never removes one."),
        gettext_lazy("New accounts have no password: set one for each person before they sign in for the first time."),
    ]

    def dropdowns(self, actor):
        return {"region": labelled(region_options(actor))}

    def whole_scope(self, user):
        return access.visible(user, User.objects.filter(role_grants__role__in=ROLES).distinct())

    def plan(self, rows, actor, report):
        usernames = {row.get("username") for row in rows if row.get("username")}
        users = {user.username: user for user in fetch_in(User.objects.all(), "username", usernames)}
        phones = {row.get("phone") for row in rows if row.get("phone") and not isinstance(row.get("phone"), MaskedPhone)}
        phone_owner = {user.phone: user for user in fetch_in(User.objects.all(), "phone", phones)}
        codes = {row.get("region") for row in rows if row.get("region")}
        regions = regions_by_code(codes)
        congresses = congresses_by_code(codes)
        units = {(unit.region_id, unit.name): unit for unit in fetch_in(Unit.objects.all(), "region_id", codes)}
        departments = {
            (d.congress_id, d.name): d for d in fetch_in(Department.objects.all(), "congress_id", {c.pk for c in congresses.values()})
        }
        grants = {}
        for grant in fetch_in(RoleGrant.objects.all(), "user_id", {user.pk for user in users.values()}):
            grants[(grant.user_id, grant.role, grant.congress_id, grant.unit_id)] = grant
        username_validators = User._meta.get_field("username").validators

        plan = Plan()
        people = {}
        phone_rows = {}
        for row in rows:
            plan.outcomes[row.number] = UNCHANGED
            if row.broken("username", "full_name", "phone"):
                continue
            username = row.get("username")
            try:
                for validator in username_validators:
                    validator(username)
            except ValidationError as error:
                report.error(row, "username", error.messages[0])
                continue
            phone = row.get("phone")
            if phone and not isinstance(phone, MaskedPhone):
                other = phone_rows.get(phone)
                if other is not None and other.get("username") != username:
                    report.error(row, "phone", _("The same mobile number is on row %(row)d for another account.") % {"row": other.number})
                    continue
                phone_rows[phone] = row
                owner = phone_owner.get(phone)
                if owner is not None and owner.username != username:
                    report.error(row, "phone", _("Another account already uses this mobile number."))
                    continue
            if row.get("email"):
                try:
                    EmailValidator()(row.get("email"))
                except ValidationError as error:
                    report.error(row, "email", error.messages[0])
                    continue
            people.setdefault(username, []).append(row)

        work = []
        for username, person_rows in people.items():
            user = users.get(username)
            first = person_rows[0]
            values, broken = {}, False
            for row in person_rows:
                for key in [*PERSON_KEYS, "phone"]:
                    if not row.has(key) or row.broken(key):
                        continue
                    value = row.get(key)
                    if key == "phone" and (not value or isinstance(value, MaskedPhone)):
                        continue
                    value = value or ""
                    if key not in values:
                        values[key] = (value, row)
                    elif values[key][0] != value:
                        report.error(row, key, _("Differs from row %(row)d of the same account.") % {"row": values[key][1].number})
                        broken = True
            if broken:
                continue
            values = {key: value for key, (value, _row) in values.items()}
            changes = {key: value for key, value in values.items() if user is None or (getattr(user, key) or "") != value}
            roles = []
            for row in person_rows:
                line = self._role(row, actor, regions, congresses, units, departments, report)
                if line is None:
                    continue
                grant = grants.get((user.pk, line["role"], line["congress"] and line["congress"].pk, line["unit"] and line["unit"].pk)) if user else None
                line["new"] = grant is None
                line["changed"] = grant is not None and line["department"] is not None and grant.department_id != line["department"].pk
                roles.append(line)
                if line["new"]:
                    plan.outcomes[row.number] = NEW
                elif line["changed"]:
                    plan.outcomes[row.number] = UPDATE
            if user is None:
                plan.outcomes[first.number] = NEW
            elif changes and plan.outcomes[first.number] == UNCHANGED:
                plan.outcomes[first.number] = UPDATE
            if user is not None and (changes or any(line["new"] or line["changed"] for line in roles)):
                if not access.can(actor.user, "manage", user):
                    report.error(first, "username", _("This account is outside your area; ask whoever manages it."))
                    continue
            work.append({"username": username, "user": user, "changes": changes, "roles": roles})
        plan.data = {"work": work}
        return plan

    def _role(self, row, actor, regions, congresses, units, departments, report):
        if row.broken("role", "region", "unit", "department"):
            return None
        role, code = row.get("role"), row.get("region")
        line = {"row": row, "role": role, "congress": None, "unit": None, "department": None}
        if role in CONGRESS_ROLES:
            congress = congresses.get(code)
            if congress is None:
                report.error(row, "region", _("No congress has the division code %(code)s.") % {"code": code})
                return None
            if check_region(report, row, "region", code, regions, actor) is None:
                return None
            if row.get("unit"):
                report.error(row, "unit", _("Leave this cell empty for this role."))
                return None
            line["congress"] = congress
            name = row.get("department")
            if name:
                department = departments.get((congress.pk, name))
                if department is None:
                    report.error(row, "department", _("%(congress)s has no department “%(name)s”.") % {"congress": congress.name, "name": name})
                    return None
                line["department"] = department
            return line
        name = row.get("unit")
        if not name:
            report.error(row, "unit", _("Give the name of the unit for this role."))
            return None
        if row.get("department"):
            report.error(row, "department", _("Leave this cell empty for this role."))
            return None
        region = regions.get(code)
        if region is None:
            report.error(row, "region", _("Unknown division code %(code)s.") % {"code": code})
            return None
        unit = units.get((code, name))
        if unit is None:
            report.error(row, "unit", _("No unit “%(name)s” in %(region)s.") % {"name": name, "region": region.name})
            return None
        if not access.can(actor.user, "manage_staff", unit):
            report.error(row, "unit", _("%(unit)s is outside your area.") % {"unit": unit.name})
            return None
        line["unit"] = unit
        return line

    def apply(self, plan, actor, progress):
        for item in plan.data["work"]:
            user = item["user"]
            if user is None:
                user = accounts.create_account(
                    username=item["username"],
                    full_name=item["changes"].get("full_name", ""),
                    phone=item["changes"].get("phone"),
                    email=item["changes"].get("email", ""),
                    must_change_password=True,
                )
            elif item["changes"]:
                for key, value in item["changes"].items():
                    setattr(user, key, (value or None) if key == "phone" else value)
                user.full_clean(exclude=["password"])
                user.save()
            for line in item["roles"]:
                if line["new"] or line["changed"]:
                    accounts.grant_role(user, line["role"], congress=line["congress"], department=line["department"], unit=line["unit"])
                progress.advance()

    def export_rows(self, queryset, user):
        grants = RoleGrant.objects.filter(role__in=ROLES).select_related("congress", "unit", "department").order_by("role", "id")
        queryset = queryset.order_by("username").prefetch_related(Prefetch("role_grants", queryset=grants))
        for account in queryset.iterator(chunk_size=500):
            phone = account.phone or ""
            if phone and not access.can(user, "manage", account):
                phone = mask_phone(phone)
            for grant in account.role_grants.all():
                yield {
                    "username": account.username,
                    "full_name": account.full_name,
                    "phone": phone,
                    "email": account.email,
                    "role": grant.role,
                    "region": grant.congress.region_id if grant.congress_id else grant.unit.region_id,
                    "unit": grant.unit.name if grant.unit_id else "",
                    "department": grant.department.name if grant.department_id else "",
                }
