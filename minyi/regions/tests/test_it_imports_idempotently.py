import pytest

from minyi.regions.models import Region

from .sources import FIXTURE, fixture_rows, import_regions, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def totals(output):
    line = next(line for line in output.splitlines() if line.startswith("Total"))
    created, updated, unchanged, deactivated = map(int, line.split()[1:])
    return {"created": created, "updated": updated, "unchanged": unchanged, "deactivated": deactivated}


def test_it_changes_nothing_on_a_second_run():
    first, _progress = import_regions(file=FIXTURE)
    rows_before = list(Region.objects.values_list())

    second, _progress = import_regions(file=FIXTURE)

    assert totals(first) == {"created": 14, "updated": 0, "unchanged": 0, "deactivated": 0}
    assert totals(second) == {"created": 0, "updated": 0, "unchanged": 14, "deactivated": 0}
    assert list(Region.objects.values_list()) == rows_before


def test_it_renames_and_retypes_in_place(tmp_path):
    import_regions(file=FIXTURE)
    rows = fixture_rows()
    for row in rows:
        if row["code"] == "420802100201":
            row["name"], row["urban_rural_code"] = "仙居社区居民委员会", "121"

    output, _progress = import_regions(file=write_csv(tmp_path / "renamed.csv", rows))

    assert totals(output) == {"created": 0, "updated": 1, "unchanged": 13, "deactivated": 0}
    village = Region.objects.get(code="420802100201")
    assert (village.name, village.urban_rural_code) == ("仙居社区居民委员会", "121")
    assert Region.objects.count() == 14
