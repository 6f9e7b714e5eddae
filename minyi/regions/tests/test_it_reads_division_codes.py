import pytest

from minyi.regions.codes import InvalidCode, ancestor_codes, pad_code, parent_code_of, parse_code
from minyi.regions.services import level_of_code


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("420000000000", 1),
        ("42", 1),
        ("420800000000", 2),
        ("4208", 2),
        ("420802000000", 3),
        ("420802001000", 4),
        ("420802001001", 5),
        ("420802100201", 5),
        # A village numbered 100 ends in zeros but keeps its village digits.
        ("420802100100", 5),
        # A county-level city under a province-administered grouping (湖北省直辖 4290).
        ("429004000000", 3),
    ],
)
def test_it_reads_the_level_from_trailing_zeros(code, level):
    assert level_of_code(code) == level


@pytest.mark.parametrize("code", ["", "00", "000000000000", "42a8", "4208000000001", "４２", " "])
def test_it_rejects_what_is_not_a_code(code):
    with pytest.raises(InvalidCode):
        level_of_code(code)


def test_it_pads_short_codes_to_twelve_digits():
    assert pad_code("4208") == "420800000000"
    assert parse_code(" 420802001 ") == ("420802001000", 4)


def test_it_derives_parents_and_ancestors_from_the_digits():
    assert parent_code_of("420802001001") == "420802001000"
    assert parent_code_of("420800000000") == "420000000000"
    assert parent_code_of("420000000000") is None
    assert ancestor_codes("420802001001") == ["420000000000", "420800000000", "420802000000", "420802001000"]


def test_it_skips_the_missing_county_of_a_city_without_counties():
    # Dongguan's townships sit directly under the city: the county digits are zeros.
    assert parent_code_of("441900003000") == "441900000000"
    assert ancestor_codes("441900003001") == ["440000000000", "441900000000", "441900003000"]
