#!/usr/bin/env python3
"""Vendor the front-end packages into static/vendor/ from the npm registry.

The vendored files are committed, so a fresh clone needs only Python; run this script only to
change a version. It needs no Node: for each pinned package it reads the version's metadata from
the registry, downloads the tarball named there, checks it against the sha512 `dist.integrity`
pinned below, and copies only the files the site loads (no source maps, no unminified copies).

    python scripts/vendor_frontend.py           # download, verify, (re)write static/vendor/
    python scripts/vendor_frontend.py --verify  # offline: do the files on disk match SHA256SUMS?

To move a package to a new version: change `version` and `integrity` (from
`npm view PACKAGE@VERSION dist.integrity`), run the script, look at the pages, commit.
"""

import argparse
import base64
import hashlib
import io
import json
import re
import shutil
import sys
import tarfile
import urllib.parse
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"

# Each package: where it goes under static/vendor/, and which files of the tarball to keep
# ("package/" prefix stripped) as {path in tarball: path under its folder}.
PACKAGES = [
    {
        "name": "htmx.org",
        "version": "2.0.11",  # latest 2.0.*; 4.x is a breaking major
        "integrity": "sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        "licence": "0BSD",
        "folder": "htmx.org",
        "files": {"dist/htmx.min.js": "htmx.min.js", "LICENSE": "LICENSE"},
    },
    {
        # The CSP build: the site's script-src is 'self' without 'unsafe-eval'.
        "name": "@alpinejs/csp",
        "version": "3.17.4",
        "integrity": "sha512-SlRXmqO6kYhnxlg+99etmuzJtE9Lk4QbKjBHqerXzaMflJqoJXdz/SI3IvHJGZ/vRVyC3bR0SSBz40oY7goBeg==",
        "licence": "MIT",
        "folder": "alpinejs-csp",
        "files": {"dist/cdn.min.js": "alpine-csp.min.js"},
        # The tarball has no licence file and the minified build no header: say where it is.
        "notice": "Alpine.js CSP build (@alpinejs/csp), Copyright (c) Caleb Porzio and contributors.\n"
        "MIT licence: https://github.com/alpinejs/alpine/blob/main/LICENSE.md\n",
    },
    {
        "name": "@tabler/core",
        "version": "1.6.1",
        "integrity": "sha512-lgmR9gcxRp5JlLxcmRi9Rz85JrEvH6Bz71KnlcPVSa97wtwQNjgSs3g3fxwbAlulHyRMghhIV04QUuW3pqDsIg==",
        "licence": "MIT",
        "folder": "tabler-core",
        "files": {"dist/css/tabler.min.css": "tabler.min.css", "dist/js/tabler.min.js": "tabler.min.js"},
    },
    {
        # The whole outline icon font (woff2 only): menus name icons freely, e.g. "inbox".
        "name": "@tabler/icons-webfont",
        "version": "3.49.0",
        "integrity": "sha512-kWgnmEzo17dzQyMqRmlfj+TiGV0clLMYfUtKp2WG7M+TH5418o6fsoaSlrOTK3lwESg0xS7jVfOozYrR02Ryxw==",
        "licence": "MIT",
        "folder": "tabler-icons",
        "files": {
            "dist/tabler-icons.min.css": "tabler-icons.min.css",
            "dist/fonts/tabler-icons.woff2": "fonts/tabler-icons.woff2",
            "LICENSE": "LICENSE",
        },
    },
    {
        "name": "weui",
        "version": "2.6.26",
        "integrity": "sha512-V2s4HVNNc7vOFxzll9b13dz9IvsCdW+Dxv51ahcS2aBnX6LBhwJySJHBC3YoRspwO/oyltkjGri9TTyJ1FcAZg==",
        "licence": "MIT",
        "folder": "weui",
        "files": {"dist/style/weui.min.css": "weui.min.css", "LICENSE.txt": "LICENSE.txt"},
    },
    {
        "name": "echarts",
        "version": "6.1.0",
        "integrity": "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
        "licence": "Apache-2.0",
        "folder": "echarts",
        "files": {"dist/echarts.min.js": "echarts.min.js", "LICENSE": "LICENSE", "NOTICE": "NOTICE"},
    },
]

SOURCE_MAP = re.compile(rb"\n?(/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S*)\s*$")
ICON_FONT_SRC = re.compile(rb'src:url\("\./fonts/tabler-icons\.woff2[^"]*"\) format\("woff2"\)[^;}]*')


def transform(package, target, data):
    """Small edits so that the files stand alone: Django's ManifestStaticFilesStorage fails on
    any url() or source map that points to a file we do not ship."""
    if target.endswith((".js", ".css")):
        data = SOURCE_MAP.sub(b"\n", data)
    if package["name"] == "@tabler/icons-webfont" and target.endswith(".css"):
        data, count = ICON_FONT_SRC.subn(b'src:url("./fonts/tabler-icons.woff2") format("woff2")', data)
        if count != 1:
            raise SystemExit("tabler-icons: the @font-face rule changed shape; update ICON_FONT_SRC")
        data = data.replace(b"font-weight:400;src:", b"font-weight:400;font-display:block;src:")
    return data


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "minyi-vendor/1"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def download(package):
    name = urllib.parse.quote(package["name"], safe="@")
    meta = json.loads(fetch(f"{REGISTRY}/{name}/{package['version']}"))
    dist = meta["dist"]
    if dist.get("integrity") != package["integrity"]:
        raise SystemExit(f"{package['name']}: registry integrity {dist.get('integrity')} differs from the pinned one")
    tarball = fetch(dist["tarball"])
    algorithm, _, expected = package["integrity"].partition("-")
    if algorithm != "sha512" or base64.b64encode(hashlib.sha512(tarball).digest()).decode() != expected:
        raise SystemExit(f"{package['name']}: the tarball does not match its pinned sha512")
    return meta, tarball


def extract(package, tarball):
    out = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        members = {m.name.split("/", 1)[1]: m for m in archive.getmembers() if m.isfile() and "/" in m.name}
        for source, target in package["files"].items():
            if source not in members:
                raise SystemExit(f"{package['name']}: {source} is not in the tarball")
            out[target] = transform(package, target, archive.extractfile(members[source]).read())
    if package.get("notice"):
        out["NOTICE.txt"] = package["notice"].encode()
    return out


def write_all():
    VENDOR.mkdir(parents=True, exist_ok=True)
    sums, versions = [], []
    for package in PACKAGES:
        meta, tarball = download(package)
        files = extract(package, tarball)
        folder = VENDOR / package["folder"]
        if folder.exists():
            shutil.rmtree(folder)
        for target, data in sorted(files.items()):
            path = folder / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            sums.append(f"{hashlib.sha256(data).hexdigest()}  {package['folder']}/{target}")
        size = sum(len(d) for d in files.values())
        versions.append((package["name"], meta["version"], package["licence"], package["folder"] + "/", f"{size / 1024:.0f} KiB"))
        print(f"{package['name']}@{meta['version']}: {len(files)} files, {size / 1024:.0f} KiB -> static/vendor/{package['folder']}/")
    header = ("package", "version", "licence", "folder", "size")
    widths = [max(len(row[i]) for row in [header, *versions]) for i in range(len(header))]
    lines = [
        "# Written by scripts/vendor_frontend.py from the npm registry; do not edit by hand.",
        "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
        *("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in versions),
    ]
    (VENDOR / "VERSIONS.txt").write_text("\n".join(lines) + "\n")
    (VENDOR / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    total = sum((VENDOR / line.split("  ", 1)[1]).stat().st_size for line in sums)
    print(f"total {total / 1024 / 1024:.2f} MiB")


def verify():
    sums = VENDOR / "SHA256SUMS"
    if not sums.exists():
        print("static/vendor/SHA256SUMS is missing: run scripts/vendor_frontend.py", file=sys.stderr)
        return 1
    bad = 0
    listed = set()
    for line in sums.read_text().splitlines():
        digest, relative = line.split("  ", 1)
        listed.add(relative)
        path = VENDOR / relative
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            print(f"differs: static/vendor/{relative}", file=sys.stderr)
            bad += 1
    folders = {p["folder"] for p in PACKAGES}
    for path in VENDOR.rglob("*"):
        relative = path.relative_to(VENDOR).as_posix()
        if path.is_file() and relative.split("/", 1)[0] in folders and relative not in listed:
            print(f"not listed: static/vendor/{relative}", file=sys.stderr)
            bad += 1
    pinned = {(p["name"], p["version"]) for p in PACKAGES}
    recorded = set()
    for line in (VENDOR / "VERSIONS.txt").read_text().splitlines()[2:]:
        name, version = line.split()[:2]
        recorded.add((name, version))
    if pinned != recorded:
        print("VERSIONS.txt does not match the pins in this script", file=sys.stderr)
        bad += 1
    print("static/vendor/ matches its pins" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verify", action="store_true", help="check the committed files offline, download nothing")
    args = parser.parse_args()
    if args.verify:
        return verify()
    write_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
