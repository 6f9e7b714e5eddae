"""The demo city: Jingmen (荆门市, 420800) with its real districts, counties and townships.
Loading is idempotent: every row is found by its natural key and updated in place."""

from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from minyi.accounts import services as accounts
from minyi.accounts.models import Role, User
from minyi.audit.context import acting
from minyi.organisations.models import Congress, Department, Unit
from minyi.regions.models import Level, Region
from minyi.representatives.models import Representative

from .logins import DEMO_LOGINS, DEMO_PASSWORD

DATA = Path(__file__).parent / "data"
CITY_CODE = "420800000000"
DONGBAO_CODE = "420802000000"
CITY_DEPARTMENTS = ["办公室", "代表工作委员会", "人事代表选举委员会", "财政经济委员会", "社会建设委员会"]
COUNTY_DEPARTMENTS = ["办公室", "代表工作委员会", "人事代表选举委员会"]


def load(out=lambda message: None):
    with acting(None, source="demo"):
        call_command("import_regions", file=str(DATA / "jingmen_regions.csv"), root="420800", verbosity=0)
        with transaction.atomic():
            congresses = _congresses()
            out(f"congresses: {len(congresses)}")
            units = _units()
            out(f"units: {len(units)}")
            _accounts(congresses, units)
            out(f"demo logins: {len(DEMO_LOGINS)}")


def _congress_name(region):
    if region.level == Level.TOWNSHIP and region.name.endswith("街道"):
        return f"{region.name}居民议事会"
    return f"{region.name}人民代表大会"


def _congresses():
    regions = Region.objects.filter(code__startswith="4208", level__lte=Level.TOWNSHIP).order_by("level", "code")
    by_region = {}
    for region in regions:
        if region.level == Level.CITY or region.level == Level.COUNTY or region.level == Level.TOWNSHIP:
            if region.level == Level.TOWNSHIP and not region.name.endswith(("镇", "乡", "街道")):
                continue  # development zones and farms have no congress of their own
            kind = Congress.Kind.COUNCIL if region.name.endswith("街道") else Congress.Kind.CONGRESS
            parent = by_region.get(region.parent_id)
            congress, _ = Congress.objects.update_or_create(
                region=region, defaults={"name": _congress_name(region), "kind": kind, "parent": parent}
            )
            by_region[region.code] = congress
    for congress in by_region.values():
        names = CITY_DEPARTMENTS if congress.region.level == Level.CITY else COUNTY_DEPARTMENTS
        if congress.region.level <= Level.COUNTY:
            for name in names:
                Department.objects.get_or_create(congress=congress, name=name)
    return by_region


UNITS = [
    # (region code, name, branch)
    (CITY_CODE, "荆门市人民政府", Unit.Branch.GOVERNMENT),
    (CITY_CODE, "荆门市住房和城乡建设局", Unit.Branch.GOVERNMENT_DEPARTMENT),
    (CITY_CODE, "荆门市交通运输局", Unit.Branch.GOVERNMENT_DEPARTMENT),
    (CITY_CODE, "荆门市教育局", Unit.Branch.GOVERNMENT_DEPARTMENT),
    (CITY_CODE, "荆门市卫生健康委员会", Unit.Branch.GOVERNMENT_DEPARTMENT),
    (CITY_CODE, "荆门市监察委员会", Unit.Branch.SUPERVISION),
    (CITY_CODE, "荆门市中级人民法院", Unit.Branch.COURT),
    (CITY_CODE, "荆门市人民检察院", Unit.Branch.PROCURATORATE),
    (DONGBAO_CODE, "东宝区人民政府", Unit.Branch.GOVERNMENT),
    (DONGBAO_CODE, "东宝区住房和城乡建设局", Unit.Branch.GOVERNMENT_DEPARTMENT),
    (DONGBAO_CODE, "东宝区教育局", Unit.Branch.GOVERNMENT_DEPARTMENT),
    ("420804000000", "掇刀区人民政府", Unit.Branch.GOVERNMENT),
    ("420804000000", "掇刀区城市管理执法局", Unit.Branch.GOVERNMENT_DEPARTMENT),
    ("420802001000", "龙泉街道办事处", Unit.Branch.TOWNSHIP_GOVERNMENT),
]


def _units():
    units = {}
    governments = {}
    for code, name, branch in UNITS:
        parent = governments.get(code) if branch == Unit.Branch.GOVERNMENT_DEPARTMENT else None
        unit, _ = Unit.objects.update_or_create(region_id=code, name=name, defaults={"branch": branch, "parent": parent})
        if branch == Unit.Branch.GOVERNMENT:
            governments[code] = unit
        units[name] = unit
    return units


def _accounts(congresses, units):
    city, dongbao = congresses[CITY_CODE], congresses[DONGBAO_CODE]
    rep_li, _ = Representative.objects.update_or_create(public_code="R0000001", defaults={"name": "李春梅", "gender": "F"})
    housing = units["荆门市住房和城乡建设局"]
    grants = {
        "admin": [(Role.SYSTEM_ADMIN, {})],
        "jm_staff": [(Role.CONGRESS_STAFF, {"congress": city, "department": city.departments.get(name="代表工作委员会")})],
        "db_staff": [(Role.CONGRESS_STAFF, {"congress": dongbao, "department": dongbao.departments.get(name="代表工作委员会")})],
        "jm_leader": [(Role.LEADER, {"congress": city})],
        "unit_admin": [(Role.UNIT_ADMIN, {"unit": housing}), (Role.UNIT_STAFF, {"unit": housing})],
        "unit_staff": [(Role.UNIT_STAFF, {"unit": housing})],
        "rep_li": [(Role.REPRESENTATIVE, {"representative": rep_li})],
        "citizen": [(Role.CITIZEN, {})],
    }
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = accounts.create_account(
                username=login.username, full_name=login.full_name, password=DEMO_PASSWORD, must_change_password=False
            )
        elif user.password_changed_at is None or timezone.now() - user.password_changed_at > timezone.timedelta(days=30):
            # Keep the demo usable long after it was first loaded: no forced password change.
            user.set_password(DEMO_PASSWORD)
            user.password_changed_at = timezone.now()
            user.save(update_fields=["password", "password_changed_at"])
        for role, scope in grants[login.username]:
            accounts.grant_role(user, role, **scope)
        if login.username == "admin" and not user.is_staff:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
