import datetime

import pytest
from django.core.exceptions import ValidationError

from minyi.representatives.models import Grid, GridResponsibility


@pytest.mark.django_db
def test_it_makes_representatives_responsible_for_grids(jingmen):
    grid = Grid.objects.create(region=jingmen.village, name="子陵村第一网格", code="01")
    li = jingmen.representative("李春梅", jingmen.town_congress)
    GridResponsibility.objects.create(grid=grid, representative=li, start=datetime.date(2024, 1, 1))
    assert [r.representative for r in grid.responsibilities.current()] == [li]
    assert [r.grid for r in li.grid_responsibilities.current()] == [grid]


@pytest.mark.django_db
def test_it_refuses_overlapping_responsibility_for_one_grid(jingmen):
    grid = Grid.objects.create(region=jingmen.village, name="子陵村第一网格", code="01")
    li = jingmen.representative("李春梅", jingmen.town_congress)
    GridResponsibility.objects.create(grid=grid, representative=li, start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError):
        GridResponsibility(grid=grid, representative=li, start=datetime.date(2024, 6, 1)).full_clean()
    GridResponsibility(grid=grid, representative=li, start=datetime.date(2025, 1, 1)).full_clean()


@pytest.mark.django_db
def test_it_keeps_grid_codes_unique_within_a_region(jingmen):
    Grid.objects.create(region=jingmen.village, name="子陵村第一网格", code="01")
    with pytest.raises(ValidationError):
        Grid(region=jingmen.village, name="子陵村另一网格", code="01").full_clean()
    Grid(region=jingmen.duodao_village, name="白庙村第一网格", code="01").full_clean()
