import pytest
from django.core.management.base import CommandError

from minyi.regions.models import Region

from .sources import import_regions, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def run_with(tmp_path, rows, columns=("code", "name", "level", "parent_code", "urban_rural_code")):
    with pytest.raises(CommandError) as raised:
        import_regions(file=write_csv(tmp_path / "bad.csv", rows, columns))
    assert not Region.objects.exists()
    return str(raised.value)


def test_it_lists_every_bad_row_with_its_line(tmp_path):
    message = run_with(
        tmp_path,
        [
            {"code": "42", "name": "湖北省"},
            {"code": "42x8", "name": "荆门市"},
            {"code": "4208", "name": ""},
            {"code": "420802", "name": "东宝区", "level": "2"},
            {"code": "420804", "name": "掇刀区", "urban_rural_code": "11"},
            {"code": "420804", "name": "掇刀区"},
            {"code": "420805", "name": "某区", "level": "9"},
        ],
    )

    for line in ("line 3", "line 4", "line 5", "line 6", "line 8"):
        assert line in message


def test_it_refuses_a_parent_that_is_not_above_the_code(tmp_path):
    message = run_with(tmp_path, [{"code": "42", "name": "湖北省"}, {"code": "4208", "name": "荆门市", "parent_code": "43"}])

    assert "430000000000" in message


def test_it_refuses_regions_whose_parent_is_nowhere(tmp_path):
    message = run_with(tmp_path, [{"code": "420802001001", "name": "泉口社区居民委员会"}])

    assert "420802001000" in message


def test_it_needs_the_code_and_name_columns(tmp_path):
    message = run_with(tmp_path, [{"code": "42"}], columns=("code",))

    assert "name" in message


def test_it_refuses_a_root_the_file_does_not_have(tmp_path):
    path = write_csv(tmp_path / "province.csv", [{"code": "42", "name": "湖北省"}])

    with pytest.raises(CommandError):
        import_regions(file=path, root="4208")
