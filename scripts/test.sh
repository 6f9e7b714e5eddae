#!/usr/bin/env bash
# `make test`: install what the tests need, run the whole suite on SQLite, then on PostgreSQL
# with Redis when they are reachable. With CI=true, PostgreSQL, Redis and the browser are
# mandatory: a missing one fails the run instead of being skipped.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh" "test"

CI="${CI:-false}"
TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
fail() { echo "make test: $*" >&2; exit 1; }

# --- System packages for browser tests and Chinese PDFs ---------------------------------------
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk fontconfig)
# Tests read generated PDFs with pdftotext; WeasyPrint subsets fonts with HarfBuzz (fontTools without it: 10-30 s a PDF).
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q "libharfbuzz-subset.so.0" || need_apt+=(libharfbuzz-subset0)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> Installing ${need_apt[*]} from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    fc-cache -f >/dev/null 2>&1 || true
  elif [ "$CI" = "true" ]; then
    fail "CI needs ${need_apt[*]} but cannot install them (not root or no apt-get)."
  else
    echo "==> Install ${need_apt[*]} (as root): browser tests are skipped without Chromium; PDF tests need the rest."
  fi
fi

# --- Which databases -------------------------------------------------------------------------
reachable() {
  .venv/bin/python - "$TEST_DATABASE_URL" "$TEST_REDIS_URL" <<'PY'
import sys
import psycopg
import redis
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
    redis.Redis.from_url(sys.argv[2], socket_connect_timeout=3).ping()
except Exception as error:
    print(f"{type(error).__name__}: {error}".strip(), file=sys.stderr)
    sys.exit(1)
PY
}
run_pg=false
if reachable 2>/tmp/minyi-pg-check.txt; then
  run_pg=true
elif [ "$CI" = "true" ]; then
  fail "CI needs PostgreSQL at $TEST_DATABASE_URL and Redis at $TEST_REDIS_URL: $(cat /tmp/minyi-pg-check.txt)"
else
  echo "==> PostgreSQL/Redis not reachable ($(cat /tmp/minyi-pg-check.txt)); running on SQLite only."
fi

export MINYI_TESTING=true
export MINYI_REQUIRE_BROWSER="$CI"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
pytest_args=(-q -n "${TEST_WORKERS:-2}" --dist loadgroup "$@")

echo "==> Test suite on SQLite"
MINYI_VAR_DIR="$scratch/sqlite" .venv/bin/python -m pytest "${pytest_args[@]}"

if [ "$run_pg" = "true" ]; then
  echo "==> Test suite on PostgreSQL + Redis"
  MINYI_VAR_DIR="$scratch/pg" DATABASE_URL="$TEST_DATABASE_URL" REDIS_URL="$TEST_REDIS_URL" \
    .venv/bin/python -m pytest "${pytest_args[@]}"
fi
echo "==> All tests passed."
