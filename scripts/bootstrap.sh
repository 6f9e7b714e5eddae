# Shared by demo.sh and test.sh: find Python 3.11, create .venv, install when pyproject changed.
# Usage: source scripts/bootstrap.sh <extras>   (extras: "" or "test")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3 python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Minyi needs Python 3.11 (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
  py=$(find_python)
  echo "==> Creating virtual environment .venv with $py"
  "$py" -m venv .venv
fi
stamp=".venv/.minyi-installed${extras:+-$extras}"
want=$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> Installing Minyi${extras:+ with [$extras]} (first run takes a minute)"
  log=.venv/install.log
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip \
         && .venv/bin/python -m pip install --disable-pip-version-check -e ".${extras:+[$extras]}"; } > "$log" 2>&1; then
    tail -30 "$log" >&2
    echo "Installation failed; the whole log is in $log." >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
