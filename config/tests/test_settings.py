import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]


def _check(tmp_path, **variables):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "MINYI_TESTING"}}
    environment.update(MINYI_VAR_DIR=str(tmp_path), **variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_it_stops_production_without_a_secret_key_naming_the_setting(tmp_path):
    result = _check(tmp_path, MINYI_ENV="production", DATABASE_URL="postgresql://x@127.0.0.1/x", REDIS_URL="redis://127.0.0.1")
    assert result.returncode != 0
    assert "Setting SECRET_KEY is required when MINYI_ENV=production." in result.stderr
    assert result.stderr.count("Traceback") <= 1


def test_it_names_a_malformed_database_url(tmp_path):
    result = _check(tmp_path, DATABASE_URL="mysql://root@localhost/minyi")
    assert result.returncode != 0
    assert "Setting DATABASE_URL must be a URL starting with" in result.stderr


def test_it_runs_embedded_with_no_settings_at_all(tmp_path):
    result = _check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_rejects_odd_booleans(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env.env_bool("DEBUG")


def test_it_rejects_numbers_out_of_range(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "1")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env.env_int("SESSION_IDLE_MINUTES", 30, minimum=5)
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "half an hour")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env.env_int("SESSION_IDLE_MINUTES", 30)
