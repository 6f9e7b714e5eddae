import pytest
from django.urls import reverse

from minyi.accounts.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


def test_it_grants_a_unit_role_and_takes_it_back(client, world):
    client.force_login(world.unit_admin)
    url = reverse("accounts:manage_grant", args=[world.unit_staff.pk])
    assert client.post(url, {"role": Role.UNIT_ADMIN, "unit": world.city_unit.pk}).status_code == 302
    grant = RoleGrant.objects.get(user=world.unit_staff, role=Role.UNIT_ADMIN)
    assert client.post(reverse("accounts:manage_revoke", args=[world.unit_staff.pk, grant.pk])).status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_it_shows_grant_errors_on_the_detail_page(client, world):
    client.force_login(world.unit_admin)
    response = client.post(reverse("accounts:manage_grant", args=[world.unit_staff.pk]), {"role": Role.SYSTEM_ADMIN})
    assert response.status_code == 200 and response.context["grant_form"].errors["role"]
    response = client.post(reverse("accounts:manage_grant", args=[world.unit_staff.pk]), {"role": Role.UNIT_STAFF, "unit": "abc"})
    assert response.status_code == 200 and response.context["grant_form"].errors["unit"]


def test_it_lets_city_staff_grant_congress_roles_within_their_city_only(client, world):
    client.force_login(world.dongbao_staff)
    url = reverse("accounts:manage_grant", args=[world.other_unit_staff.pk])
    response = client.post(url, {"role": Role.CONGRESS_STAFF, "congress": world.city_congress.pk})
    assert response.status_code == 200 and response.context["grant_form"].errors
    client.post(url, {"role": Role.CONGRESS_STAFF, "congress": world.dongbao_congress.pk})
    assert RoleGrant.objects.filter(user=world.other_unit_staff, role=Role.CONGRESS_STAFF, congress=world.dongbao_congress).exists()


def test_it_checks_the_department_belongs_to_the_congress(client, world):
    client.force_login(world.city_staff)
    response = client.post(
        reverse("accounts:manage_grant", args=[world.dongbao_staff.pk]),
        {"role": Role.CONGRESS_STAFF, "congress": world.dongbao_congress.pk, "department": world.city_rep_committee.pk},
    )
    assert response.status_code == 200 and response.context["grant_form"].errors["department"]


def test_it_refuses_to_take_away_ones_own_roles(client, world):
    client.force_login(world.unit_admin)
    own = world.unit_admin.role_grants.get()
    client.post(reverse("accounts:manage_revoke", args=[world.unit_admin.pk, own.pk]))
    assert RoleGrant.objects.filter(pk=own.pk).exists()


def test_it_answers_an_unknown_grant_with_not_found(client, world):
    client.force_login(world.unit_admin)
    other = world.city_staff.role_grants.get()
    assert client.post(reverse("accounts:manage_revoke", args=[world.unit_staff.pk, other.pk])).status_code == 404


def test_it_refuses_to_give_oneself_a_role(client, world):
    client.force_login(world.city_staff)
    assert client.get(reverse("accounts:manage_detail", args=[world.city_staff.pk])).context["grant_form"] is None
    response = client.post(reverse("accounts:manage_grant", args=[world.city_staff.pk]), {"role": Role.LEADER, "congress": world.city_congress.pk})
    assert response.status_code == 200 and response.context["grant_form"].non_field_errors()
    assert not RoleGrant.objects.filter(user=world.city_staff, role=Role.LEADER).exists()
