import pytest

from minyi.regions.models import Level, Region

from .sources import FIXTURE, fixture_rows, import_regions, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

VANISHING = "420802100202"


def without(codes):
    return [row for row in fixture_rows() if row["code"] not in codes]


def active(code):
    return Region.objects.get(code=code).is_active


def test_it_deactivates_codes_the_source_no_longer_lists(tmp_path):
    import_regions(file=FIXTURE)

    import_regions(file=write_csv(tmp_path / "smaller.csv", without({VANISHING})))

    assert not active(VANISHING)
    assert Region.objects.filter(code=VANISHING).exists()
    assert active("420802100201")


def test_it_reactivates_a_code_that_comes_back(tmp_path):
    import_regions(file=FIXTURE)
    import_regions(file=write_csv(tmp_path / "smaller.csv", without({VANISHING})))

    import_regions(file=FIXTURE)

    assert active(VANISHING)


def test_it_never_touches_local_regions(tmp_path):
    import_regions(file=FIXTURE)
    local = Region.objects.create(
        code="420802100900", name="新建安置社区", level=Level.VILLAGE, parent_id="420802100000", is_local=True
    )
    rows = fixture_rows() + [{"code": local.code, "name": "导入文件里的同码村"}]

    output, _progress = import_regions(file=write_csv(tmp_path / "with_local_code.csv", rows))

    local.refresh_from_db()
    assert (local.name, local.is_active, local.is_local) == ("新建安置社区", True, True)
    assert local.code in output
    import_regions(file=FIXTURE)
    local.refresh_from_db()
    assert local.is_active


def test_it_speaks_only_for_the_regions_a_file_lists(tmp_path):
    import_regions(file=FIXTURE)
    one_township = [row for row in fixture_rows() if row["code"] in {"420802100", "420802100201"}]

    import_regions(file=write_csv(tmp_path / "township.csv", one_township))

    assert not active("420802100202")
    assert active("420802001001") and active("420804001001") and active("420102000000")
