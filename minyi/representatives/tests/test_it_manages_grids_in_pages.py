import pytest
from django.urls import reverse

from minyi.representatives.models import Grid, GridResponsibility

from .people import grid, representative, village

pytestmark = pytest.mark.django_db


def test_it_creates_a_grid_by_region_name_or_code(client, world):
    village(world)
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("representatives:grid_create"), {"region": "子陵村", "name": "子陵村第一网格", "code": "01"})
    assert response.status_code == 302
    response = client.post(reverse("representatives:grid_create"), {"region": "420802100001", "name": "子陵村第二网格", "code": "02"})
    assert response.status_code == 302
    assert Grid.objects.filter(region_id="420802100001").count() == 2


def test_it_refuses_an_unknown_region_or_one_outside_the_scope(client, world):
    village(world)
    client.force_login(world.duodao_staff)
    response = client.post(reverse("representatives:grid_create"), {"region": "子陵村", "name": "x", "code": "01"})
    assert response.status_code == 200 and response.context["form"].errors["region"]
    assert 'value="子陵村"' in response.content.decode()
    response = client.post(reverse("representatives:grid_create"), {"region": "nowhere", "name": "x", "code": "01"})
    assert response.context["form"].errors["region"]


def test_it_assigns_and_ends_responsible_representatives(client, world):
    cell = grid(world)
    person = representative("王建华", world.dongbao_congress)
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("representatives:grid_assign", args=[cell.pk]), {"representative": person.pk, "start": "2024-01-01"})
    assert response.status_code == 302
    duty = GridResponsibility.objects.get()
    assert "王建华" in client.get(reverse("representatives:grids")).content.decode()
    response = client.post(reverse("representatives:grid_responsibility_end", args=[duty.pk]), {"end": "2024-12-31"})
    duty.refresh_from_db()
    assert str(duty.end) == "2024-12-31"


def test_it_refuses_a_representative_outside_the_scope(client, world):
    cell = grid(world)
    stranger = representative("赵敏", world.duodao_congress)
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("representatives:grid_assign", args=[cell.pk]), {"representative": stranger.pk, "start": "2024-01-01"})
    assert response.status_code == 200 and response.context["assign_form"].errors["representative"]


def test_it_shows_bad_dates_as_errors(client, world):
    cell = grid(world)
    person = representative("王建华", world.dongbao_congress)
    client.force_login(world.dongbao_staff)
    response = client.post(
        reverse("representatives:grid_assign", args=[cell.pk]), {"representative": person.pk, "start": "2024-02-01", "end": "2024-01-01"}
    )
    assert response.status_code == 200 and response.context["assign_form"].errors["end"]
    response = client.post(reverse("representatives:grid_assign", args=[cell.pk]), {"representative": person.pk, "start": "not a date"})
    assert response.status_code == 200 and response.context["assign_form"].errors["start"]


def test_it_hides_another_countys_grid(client, world):
    cell = grid(world)
    client.force_login(world.duodao_staff)
    assert client.get(reverse("representatives:grid_detail", args=[cell.pk])).status_code == 404
    assert client.get(reverse("representatives:grids")).context["page"].paginator.count == 0


def test_it_edits_and_deactivates_a_grid(client, world):
    cell = grid(world)
    client.force_login(world.dongbao_staff)
    client.post(reverse("representatives:grid_edit", args=[cell.pk]), {"name": "子陵村一组网格", "code": "01"})
    cell.refresh_from_db()
    assert (cell.name, cell.is_active) == ("子陵村一组网格", False)
    assert client.get(reverse("representatives:grids")).context["page"].paginator.count == 0
    assert client.get(reverse("representatives:grids"), {"status": "inactive"}).context["page"].paginator.count == 1
