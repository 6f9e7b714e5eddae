import pytest
from django.urls import reverse
from django.utils import translation

from minyi.accounts.models import Role

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:manage_list")


def usernames(response):
    return {account.username for account in response.context["page"]}


def test_it_shows_every_account_to_a_system_administrator(client, world):
    client.force_login(world.admin)
    assert {"admin", "city_staff", "citizen", "unit_staff", "rep"} <= usernames(client.get(LIST))


def test_it_shows_county_staff_the_accounts_of_their_county(client, world):
    client.force_login(world.dongbao_staff)
    assert usernames(client.get(LIST)) == {"dongbao_staff", "other_unit_staff"}


def test_it_shows_a_unit_administrator_their_units_staff(client, world):
    client.force_login(world.unit_admin)
    response = client.get(LIST)
    assert usernames(response) == {"unit_admin", "unit_staff"}
    with translation.override("zh-hans"):
        assert response.context["page_title"] == translation.gettext("Unit staff accounts")


def test_it_searches_and_filters_by_role(client, world):
    client.force_login(world.admin)
    assert usernames(client.get(LIST, {"q": "孙伟"})) == {"unit_staff"}
    assert usernames(client.get(LIST, {"role": Role.LEADER})) == {"leader"}
    assert usernames(client.get(LIST, {"role": "nonsense", "page": "x"})) >= {"admin"}


def test_it_masks_phones_in_the_list(client, world):
    world.unit_staff.phone = "13912345678"
    world.unit_staff.save()
    client.force_login(world.unit_admin)
    content = client.get(LIST).content.decode()
    assert "139****5678" in content and "13912345678" not in content


@pytest.mark.parametrize("who", ["unit_staff", "rep", "citizen"])
def test_it_refuses_the_list_to_people_who_manage_no_account(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(LIST).status_code == 403


def test_it_shows_the_menu_entry_by_role(client, world):
    client.force_login(world.unit_admin)
    entries = [item for item in client.get(LIST).context["desk_nav"] if item["url"] == LIST]
    assert len(entries) == 1 and entries[0]["active"]
    client.force_login(world.city_staff)
    assert len([item for item in client.get(LIST).context["desk_nav"] if item["url"] == LIST]) == 1


def test_it_makes_a_forced_password_change_come_first(client, world):
    world.unit_admin.must_change_password = True
    world.unit_admin.save()
    client.force_login(world.unit_admin)
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:password_change"))
