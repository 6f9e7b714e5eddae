"""Named test fixtures shared by every app's tests: a city with two counties, a congress for
each, a unit in each county, and people holding each role (zulip's example_user idea)."""

from minyi.accounts import services as accounts
from minyi.accounts.models import Role
from minyi.organisations.models import Congress, Department, Unit
from minyi.regions.models import Level, Region
from minyi.representatives.models import Representative

PASSWORD = "Test-Passw0rd!"


def region(code, name, level, parent=None):
    return Region.objects.update_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})[0]


def person(username, role=None, *, full_name=None, password=PASSWORD, **scope):
    user = accounts.create_account(username=username, full_name=full_name or username, password=password, must_change_password=False)
    if role:
        accounts.grant_role(user, role, **scope)
    return user


class World:
    """Built by the `world` fixture: attributes name what each test needs."""

    def __init__(self):
        self.province = region("420000000000", "湖北省", Level.PROVINCE)
        self.city = region("420800000000", "荆门市", Level.CITY, self.province)
        self.dongbao = region("420802000000", "东宝区", Level.COUNTY, self.city)
        self.duodao = region("420804000000", "掇刀区", Level.COUNTY, self.city)
        self.city_congress = Congress.objects.create(region=self.city, name="荆门市人民代表大会")
        self.dongbao_congress = Congress.objects.create(region=self.dongbao, name="东宝区人民代表大会", parent=self.city_congress)
        self.duodao_congress = Congress.objects.create(region=self.duodao, name="掇刀区人民代表大会", parent=self.city_congress)
        self.city_rep_committee = Department.objects.create(congress=self.city_congress, name="代表工作委员会")
        self.city_unit = Unit.objects.create(region=self.city, name="荆门市住房和城乡建设局")
        self.dongbao_unit = Unit.objects.create(region=self.dongbao, name="东宝区教育局")
        self.duodao_unit = Unit.objects.create(region=self.duodao, name="掇刀区城市管理执法局")
        self.representative = Representative.objects.create(name="李春梅", public_code="RTEST001")

        self.admin = person("admin", Role.SYSTEM_ADMIN, full_name="系统管理员")
        self.city_staff = person(
            "city_staff", Role.CONGRESS_STAFF, congress=self.city_congress, department=self.city_rep_committee, full_name="王晓梅"
        )
        self.dongbao_staff = person("dongbao_staff", Role.CONGRESS_STAFF, congress=self.dongbao_congress, full_name="刘建国")
        self.duodao_staff = person("duodao_staff", Role.CONGRESS_STAFF, congress=self.duodao_congress, full_name="周敏")
        self.leader = person("leader", Role.LEADER, congress=self.city_congress, full_name="陈志强")
        self.unit_admin = person("unit_admin", Role.UNIT_ADMIN, unit=self.city_unit, full_name="赵丽华")
        self.unit_staff = person("unit_staff", Role.UNIT_STAFF, unit=self.city_unit, full_name="孙伟")
        self.other_unit_staff = person("other_unit_staff", Role.UNIT_STAFF, unit=self.dongbao_unit, full_name="钱进")
        self.rep = person("rep", Role.REPRESENTATIVE, representative=self.representative, full_name="李春梅")
        self.citizen = person("citizen", Role.CITIZEN, full_name="张大民")
