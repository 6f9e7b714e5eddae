"""The cockpit is for congress staff, leaders and system administrators: citizens, unit staff and
representatives are refused (403) on the page, the matters list and both exports, and the desk
menu offers it only to those who may open it."""

import pytest
from django.urls import reverse

from minyi.accounts.access import actor_for
from minyi.core.navigation import entries_for

pytestmark = pytest.mark.django_db

PAGES = (
    "/desk/cockpit/",
    "/desk/cockpit/?format=xlsx",
    "/desk/cockpit/?format=pdf",
    "/desk/cockpit/matters/",
    "/desk/cockpit/matters/?format=xlsx",
)


@pytest.mark.parametrize("who", ["citizen", "unit_staff", "unit_admin", "rep"])
def test_it_refuses_those_without_a_congress_role(client, land, who):
    client.force_login(getattr(land.world, who))
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 403, page
        assert b"PK" not in response.content[:2] and b"%PDF" not in response.content[:4]


def test_it_sends_the_anonymous_to_sign_in(client, land):
    response = client.get("/desk/cockpit/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.parametrize("who", ["city_staff", "leader", "admin", "dongbao_staff"])
def test_it_opens_for_staff_leaders_and_administrators(client, land, who):
    client.force_login(getattr(land.world, who))
    response = client.get("/desk/cockpit/")
    assert response.status_code == 200
    assert response.context["cockpit"].figures.collected > 0
    assert client.get("/desk/cockpit/matters/").status_code == 200


def test_the_desk_menu_offers_it_to_those_roles_only(land):
    url = reverse("cockpit:page")
    for who in ("city_staff", "leader", "admin"):
        assert url in [item["url"] for item in entries_for(actor_for(getattr(land.world, who)), "desk")], who
    for who in ("unit_staff", "citizen"):
        assert url not in [item["url"] for item in entries_for(actor_for(getattr(land.world, who)), "desk")], who
