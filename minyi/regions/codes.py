"""Arithmetic on 12-digit statistical division codes (统计用区划代码).

A code is province (2 digits) + city (2) + county (2) + township (3) + village (3); a region's
code is its significant prefix padded with zeros, so the level can be read from the zeros and
every ancestor's code from the prefixes.
"""

from .models import PREFIX_LENGTH

CODE_LENGTH = 12
# The urban-rural type code (城乡分类代码) of a village-level region, e.g. 111 main urban area, 220 village.
URBAN_RURAL_CODE_LENGTH = 3
# The level for each count of significant digits, looked up rather than computed because an
# import reads 665,000 codes.
_LEVEL_BY_SIGNIFICANT_LENGTH = {
    length: next(level for level, prefix_length in PREFIX_LENGTH.items() if prefix_length >= length)
    for length in range(1, CODE_LENGTH + 1)
}


class InvalidCode(ValueError):
    pass


def pad_code(code):
    """The 12-digit form of a code written with its significant digits only ("4208" → "420800000000")."""
    code = str(code).strip()
    if not code.isascii() or not code.isdigit() or len(code) > CODE_LENGTH:
        raise InvalidCode(code)
    return code.ljust(CODE_LENGTH, "0")


def parse_code(code):
    """The 12-digit form of a code and the level (1–5) it denotes, read from its trailing zeros."""
    code = str(code).strip()
    significant = len(code.rstrip("0"))
    if not code.isascii() or not code.isdigit() or len(code) > CODE_LENGTH or not significant or code.startswith("00"):
        raise InvalidCode(code)
    return code.ljust(CODE_LENGTH, "0"), _LEVEL_BY_SIGNIFICANT_LENGTH[significant]


def level_of_code(code):
    """The level (1–5) a code denotes, read from its trailing zeros."""
    return parse_code(code)[1]


def parent_of_parsed(code, level):
    """The parent's code for a code and level as parse_code returns them; None for a province.

    Where a level is missing (a city without counties, such as Dongguan), this is the region two
    levels up, whose code the county's would have been.
    """
    return code[: PREFIX_LENGTH[level - 1]].ljust(CODE_LENGTH, "0") if level > 1 else None


def parent_code_of(code):
    """The code of the region directly above, or None for a province."""
    return parent_of_parsed(*parse_code(code))


def ancestor_codes(code):
    """Codes of the regions above `code`, province first."""
    code, level = parse_code(code)
    codes = []
    for upper in range(1, level):
        upper_code = code[: PREFIX_LENGTH[upper]].ljust(CODE_LENGTH, "0")
        if upper_code not in codes:
            codes.append(upper_code)
    return codes


def is_urban_rural_code(value):
    return len(value) == URBAN_RURAL_CODE_LENGTH and value.isascii() and value.isdigit()
