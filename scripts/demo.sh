#!/usr/bin/env bash
# `make demo`: install, migrate, load the demo city, run web server + worker on SQLite.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh" ""

PORT="${PORT:-8000}"
case "$PORT" in (*[!0-9]*|"") echo "PORT must be a number, not '$PORT'." >&2; exit 1;; esac
export MINYI_DEPLOYMENT_NAME="${MINYI_DEPLOYMENT_NAME:-荆门市人民代表大会常务委员会}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
manage() { .venv/bin/python manage.py "$@"; }

echo "==> Preparing the database"
manage migrate --noinput -v0
# Collecting and compressing static files takes half a minute; do it only when they changed.
static_changed() {
  [ -f var/.static-collected ] || return 0
  [ pyproject.toml -nt var/.static-collected ] && return 0
  [ -n "$(find static minyi -type f \( -path 'static/*' -o -path '*/static/*' \) -newer var/.static-collected -print -quit)" ]
}
if static_changed; then
  echo "==> Collecting static files"
  manage collectstatic --noinput -v0
  touch var/.static-collected
fi
manage load_demo

worker_pid=""
cleanup() { [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.venv/bin/python manage.py run_huey --quiet > var/worker.log 2>&1 &
worker_pid=$!

echo
echo "  民意 Minyi is running:  http://127.0.0.1:$PORT/"
echo "  Demo logins (password for all: Minyi@2026):"
manage demo_logins
echo "  Worker log: var/worker.log   Stop with Ctrl-C."
echo
run_web() {
  .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 --timeout 60 \
    --access-logfile - --access-logformat '%(t)s "%(r)s" %(s)s %(M)sms'
}
run_web
