from collections import Counter

import pytest

from minyi.audit.models import AuditEntry
from minyi.regions.models import Region

from .sources import FIXTURE, FIXTURE_COUNTS, fixture_rows, import_regions, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_it_imports_every_level_with_parents_by_code():
    import_regions(file=FIXTURE)

    assert Counter(Region.objects.values_list("level", flat=True)) == FIXTURE_COUNTS
    village = Region.objects.get(code="420802100201")
    assert (village.name, village.level, village.parent_id, village.urban_rural_code) == (
        "仙居村村民委员会",
        5,
        "420802100000",
        "220",
    )
    assert village.is_active and not village.is_local
    assert Region.objects.get(code="420000000000").parent_id is None
    assert Region.objects.get(code="420802000000").parent_id == "420800000000"


def test_it_prints_counts_per_level_and_records_the_import():
    output, _progress = import_regions(file=FIXTURE)

    assert "Village" in output and "Total" in output
    total_line = next(line for line in output.splitlines() if line.startswith("Total"))
    assert total_line.split()[1:] == ["14", "0", "0", "0"]
    entry = AuditEntry.objects.get(object_type="regions.region", action=AuditEntry.Action.ACTION)
    assert entry.changes["created"]["village"] == 5


def test_it_reads_the_optional_level_and_parent_columns(tmp_path):
    rows = [
        {"code": "42", "name": "湖北省", "level": "1"},
        {"code": "420800000000", "name": "荆门市", "level": "2", "parent_code": "42"},
        {"code": "420802", "name": "东宝区", "level": "", "parent_code": ""},
    ]
    import_regions(file=write_csv(tmp_path / "levels.csv", rows, ("code", "name", "level", "parent_code")))

    assert dict(Region.objects.values_list("code", "level")) == {"420000000000": 1, "420800000000": 2, "420802000000": 3}


def test_it_attaches_a_file_to_regions_already_in_the_database(tmp_path):
    import_regions(file=FIXTURE)
    villages_only = [{"code": "420804001002", "name": "新村社区居民委员会", "urban_rural_code": "112"}]

    import_regions(file=write_csv(tmp_path / "one_village.csv", villages_only))

    assert Region.objects.get(code="420804001002").parent_id == "420804001000"


def test_it_keeps_stored_urban_rural_codes_when_the_file_has_no_such_column(tmp_path):
    import_regions(file=FIXTURE)
    without_column = [{"code": row["code"], "name": row["name"]} for row in fixture_rows()]

    import_regions(file=write_csv(tmp_path / "names.csv", without_column, ("code", "name")))

    assert Region.objects.get(code="420802100201").urban_rural_code == "220"


def test_it_reads_files_saved_by_excel_in_gb18030(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("code,name\r\n42,湖北省\r\n".encode("gb18030"))

    import_regions(file=path, encoding="gb18030")

    assert Region.objects.get(code="420000000000").name == "湖北省"


def test_it_rolls_back_a_dry_run():
    import_regions(file=FIXTURE, dry_run=True)

    assert not Region.objects.exists()
