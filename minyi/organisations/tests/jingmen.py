"""A small piece of 荆门市 for the organisation and representative tests: the city, two of its
districts (东宝区 and 掇刀区) and one town in 东宝区, each with its congress, a unit in each, and
people holding each role. Built only from models, so it does not depend on any other app's
test helpers."""

import datetime

from django.contrib.auth import get_user_model

from minyi.accounts.models import Role, RoleGrant
from minyi.organisations.models import Congress, Station, StationAssignment, Term, Unit
from minyi.regions.models import Level, Region
from minyi.representatives.models import MANDATE_LEVEL_OF_REGION, Mandate, Representative


def region(code, name, level, parent=None):
    return Region.objects.create(code=code, name=name, level=level, parent=parent)


class Jingmen:
    def __init__(self):
        self.province = region("420000000000", "湖北省", Level.PROVINCE)
        self.city = region("420800000000", "荆门市", Level.CITY, self.province)
        self.dongbao = region("420802000000", "东宝区", Level.COUNTY, self.city)
        self.duodao = region("420804000000", "掇刀区", Level.COUNTY, self.city)
        self.town = region("420802100000", "子陵铺镇", Level.TOWNSHIP, self.dongbao)
        self.village = region("420802100001", "子陵村", Level.VILLAGE, self.town)
        self.duodao_village = region("420804001001", "白庙村", Level.VILLAGE, self.duodao)

        self.city_congress = Congress.objects.create(region=self.city, name="荆门市人民代表大会")
        self.dongbao_congress = Congress.objects.create(region=self.dongbao, name="东宝区人民代表大会", parent=self.city_congress)
        self.duodao_congress = Congress.objects.create(region=self.duodao, name="掇刀区人民代表大会", parent=self.city_congress)
        self.town_congress = Congress.objects.create(region=self.town, name="子陵铺镇人民代表大会", parent=self.dongbao_congress)

        self.city_unit = Unit.objects.create(region=self.city, name="荆门市住房和城乡建设局")
        self.dongbao_unit = Unit.objects.create(region=self.dongbao, name="东宝区教育局")
        self.duodao_unit = Unit.objects.create(region=self.duodao, name="掇刀区城市管理执法局")

        self.admin = get_user_model().objects.create_superuser("admin", password="Unused-passw0rd", full_name="系统管理员")
        self.city_staff = self.person("city_staff", Role.CONGRESS_STAFF, congress=self.city_congress)
        self.dongbao_staff = self.person("dongbao_staff", Role.CONGRESS_STAFF, congress=self.dongbao_congress)
        self.duodao_staff = self.person("duodao_staff", Role.CONGRESS_STAFF, congress=self.duodao_congress)
        self.dongbao_unit_staff = self.person("dongbao_unit_staff", Role.UNIT_STAFF, unit=self.dongbao_unit)

    def person(self, username, role, **scope):
        user = get_user_model().objects.create_user(username, password="Unused-passw0rd", full_name=username)
        RoleGrant.objects.create(user=user, role=role, **scope)
        return user

    def term(self, congress, number=9, start=datetime.date(2021, 10, 1), end=None):
        return Term.objects.create(congress=congress, number=number, start=start, end=end)

    def station(self, name, region, congress, kind=Station.Kind.LIAISON_STATION, **fields):
        return Station.objects.create(name=name, region=region, congress=congress, kind=kind, address=f"{region.name}中心路1号", **fields)

    def representative(self, name, congress=None, **fields):
        """A representative, with a current mandate in `congress` when one is given."""
        person = Representative.objects.create(name=name, **fields)
        if congress is not None:
            Mandate.objects.create(
                representative=person,
                congress=congress,
                level=MANDATE_LEVEL_OF_REGION[congress.region.level],
                start=datetime.date(2021, 10, 1),
            )
        return person

    def assign(self, station, representative, start=datetime.date(2024, 1, 1), end=None):
        return StationAssignment.objects.create(station=station, representative=representative, start=start, end=end)
