import pytest
from django.urls import reverse

from minyi.accounts.models import Role, User

pytestmark = pytest.mark.django_db
CREATE = reverse("accounts:manage_create")


def test_it_lets_a_unit_administrator_create_staff_of_their_unit(client, world):
    client.force_login(world.unit_admin)
    response = client.post(CREATE, {"username": "new_staff", "full_name": "吴芳", "role": Role.UNIT_STAFF, "unit": world.city_unit.pk})
    assert response.status_code == 200
    password = response.context["password"]
    assert password and password in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    user = User.objects.get(username="new_staff")
    assert user.must_change_password and user.check_password(password)
    assert list(user.role_grants.values_list("role", "unit")) == [(Role.UNIT_STAFF, world.city_unit.pk)]


def test_it_refuses_another_unit_or_a_congress_role_to_a_unit_administrator(client, world):
    client.force_login(world.unit_admin)
    response = client.post(CREATE, {"username": "x1", "full_name": "x", "role": Role.UNIT_STAFF, "unit": world.dongbao_unit.pk})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(CREATE, {"username": "x2", "full_name": "x", "role": Role.CONGRESS_STAFF, "congress": world.city_congress.pk})
    assert response.status_code == 200 and response.context["form"].errors["role"]
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()


def test_it_offers_a_unit_administrator_only_unit_roles_and_their_unit(client, world):
    client.force_login(world.unit_admin)
    form = client.get(CREATE).context["form"]
    assert [value for value, _label in form.fields["role"].choices if value] == [Role.UNIT_STAFF, Role.UNIT_ADMIN]
    assert list(form.fields["unit"].queryset) == [world.city_unit]
    assert "congress" not in form.fields and "representative" not in form.fields


def test_it_keeps_what_was_typed_and_explains_errors(client, world):
    client.force_login(world.city_staff)
    response = client.post(CREATE, {"username": "unit_staff", "full_name": "", "phone": "123", "role": Role.CONGRESS_STAFF})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"username", "full_name", "phone", "congress"}
    assert "这个字段是必填项。" in response.content.decode()
    assert 'value="unit_staff"' in response.content.decode()


def test_it_links_a_representatives_account_to_their_record(client, world):
    from minyi.representatives.tests.people import representative

    person = representative("王建华", world.dongbao_congress)
    client.force_login(world.dongbao_staff)
    initial = client.get(CREATE, {"role": "representative", "representative": person.pk, "full_name": "王建华"}).context["form"].initial
    assert initial == {"role": "representative", "representative": person.pk, "full_name": "王建华"}
    response = client.post(CREATE, {"username": "rep_wang", "full_name": "王建华", "role": Role.REPRESENTATIVE, "representative": person.pk})
    assert response.status_code == 200
    user = User.objects.get(username="rep_wang")
    assert user.role_grants.get().representative == person
    # The staff who keep the record keep the account in view.
    assert client.get(reverse("accounts:manage_detail", args=[user.pk])).status_code == 200


def test_it_refuses_the_new_account_page_to_a_leader(client, world):
    client.force_login(world.leader)
    assert client.get(reverse("accounts:manage_list")).status_code == 200
    assert client.get(CREATE).status_code == 403
