import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.representatives.models import Grid, GridResponsibility, Mandate, MandateLevel, Representative, RepresentativeGroup


@pytest.fixture
def people(jingmen):
    return {
        "dongbao": jingmen.representative("李春梅", jingmen.dongbao_congress),
        "town": jingmen.representative("王建华", jingmen.town_congress),
        "duodao": jingmen.representative("赵敏", jingmen.duodao_congress),
        "city": jingmen.representative("孙丽", jingmen.city_congress),
    }


def visible(user, model):
    return set(access.visible(user, model.objects.all()))


@pytest.mark.django_db
def test_it_hides_another_countys_representatives(jingmen, people):
    assert visible(jingmen.dongbao_staff, Representative) == {people["dongbao"], people["town"]}
    assert visible(jingmen.duodao_staff, Representative) == {people["duodao"]}


@pytest.mark.django_db
def test_it_shows_a_city_staff_member_every_county(jingmen, people):
    assert visible(jingmen.city_staff, Representative) == set(people.values())


@pytest.mark.django_db
def test_it_brings_a_higher_level_representative_assigned_to_a_station_into_view(jingmen, people):
    provincial = Representative.objects.create(name="钱进")
    Mandate.objects.create(representative=provincial, level=MandateLevel.PROVINCIAL, start=datetime.date(2023, 1, 1))
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    jingmen.assign(station, provincial)
    assert provincial in visible(jingmen.dongbao_staff, Representative)
    assert provincial not in visible(jingmen.duodao_staff, Representative)
    assert not access.can(jingmen.dongbao_staff, "manage", provincial)
    assert access.can(jingmen.dongbao_staff, "view_phone", provincial)


@pytest.mark.django_db
def test_it_lets_staff_manage_only_representatives_of_their_congresses(jingmen, people):
    assert access.can(jingmen.dongbao_staff, "manage", people["dongbao"])
    assert not access.can(jingmen.dongbao_staff, "manage", people["duodao"])
    assert not access.can(jingmen.dongbao_staff, "manage", people["city"])
    assert access.can(jingmen.city_staff, "manage", people["duodao"])
    assert access.can(jingmen.admin, "manage", people["duodao"])


@pytest.mark.django_db
def test_it_shows_a_representative_only_their_own_record(jingmen, people):
    user = jingmen.person("li", Role.REPRESENTATIVE, representative=people["dongbao"])
    assert visible(user, Representative) == {people["dongbao"]}
    assert {m.representative for m in access.visible(user, Mandate.objects.all())} == {people["dongbao"]}
    assert access.can(user, "view_phone", people["dongbao"])
    assert not access.can(user, "view_phone", people["town"])
    assert not access.can(user, "manage", people["dongbao"])


@pytest.mark.django_db
def test_it_shows_unit_staff_and_visitors_no_representatives(jingmen, people):
    assert visible(jingmen.dongbao_unit_staff, Representative) == set()
    assert visible(AnonymousUser(), Representative) == set()
    assert not access.can(jingmen.dongbao_unit_staff, "view_phone", people["dongbao"])


@pytest.mark.django_db
def test_it_scopes_mandates_groups_and_grids(jingmen, people):
    own = RepresentativeGroup.objects.create(congress=jingmen.dongbao_congress, name="子陵铺镇代表小组")
    other = RepresentativeGroup.objects.create(congress=jingmen.duodao_congress, name="白庙代表小组")
    own_grid = Grid.objects.create(region=jingmen.village, name="子陵村第一网格", code="01")
    other_grid = Grid.objects.create(region=jingmen.duodao_village, name="白庙村第一网格", code="01")
    GridResponsibility.objects.create(grid=own_grid, representative=people["town"], start=datetime.date(2024, 1, 1))
    GridResponsibility.objects.create(grid=other_grid, representative=people["duodao"], start=datetime.date(2024, 1, 1))
    staff = jingmen.dongbao_staff
    assert {m.representative for m in access.visible(staff, Mandate.objects.all())} == {people["dongbao"], people["town"]}
    assert visible(staff, RepresentativeGroup) == {own}
    assert visible(staff, Grid) == {own_grid}
    assert {r.grid for r in access.visible(staff, GridResponsibility.objects.all())} == {own_grid}
    assert access.can(staff, "manage", own_grid) and not access.can(staff, "manage", other_grid)
    assert access.can(staff, "manage", own) and not access.can(staff, "manage", other)
    rep_user = jingmen.person("wang", Role.REPRESENTATIVE, representative=people["town"])
    assert visible(rep_user, Grid) == {own_grid}


@pytest.mark.django_db
def test_it_leaves_a_national_mandate_to_whoever_keeps_the_person(jingmen, people):
    national = Mandate.objects.create(representative=people["dongbao"], level=MandateLevel.NATIONAL, start=datetime.date(2023, 3, 1))
    assert access.can(jingmen.dongbao_staff, "manage", national)
    assert not access.can(jingmen.duodao_staff, "manage", national)
