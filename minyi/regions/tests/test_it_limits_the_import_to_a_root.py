from collections import Counter

import pytest

from minyi.regions.models import Region

from .sources import FIXTURE, fixture_rows, import_regions, write_csv

pytestmark = pytest.mark.django_db


def test_it_imports_the_root_its_subtree_and_its_ancestors():
    import_regions(file=FIXTURE, root="420800")

    assert Counter(Region.objects.values_list("level", flat=True)) == {1: 1, 2: 1, 3: 2, 4: 3, 5: 5}
    assert Region.objects.filter(code="420000000000").exists()
    assert not Region.objects.filter(code__startswith="4201").exists()


def test_it_deactivates_only_within_the_root(tmp_path):
    import_regions(file=FIXTURE)
    without_wuhan_and_one_village = [
        row for row in fixture_rows() if not row["code"].startswith("4201") and row["code"] != "420804001001"
    ]

    import_regions(file=write_csv(tmp_path / "jingmen.csv", without_wuhan_and_one_village), root="420800000000")

    assert Region.objects.get(code="420100000000").is_active
    assert not Region.objects.get(code="420804001001").is_active


def test_it_takes_a_township_as_root():
    import_regions(file=FIXTURE, root="420802001")

    assert sorted(Region.objects.values_list("code", flat=True)) == [
        "420000000000",
        "420800000000",
        "420802000000",
        "420802001000",
        "420802001001",
        "420802001002",
    ]
