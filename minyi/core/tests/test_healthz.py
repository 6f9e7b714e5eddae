import pytest
from django.utils import timezone

from minyi.core.models import WorkerHeartbeat
from minyi.core.tasks import beat

pytestmark = pytest.mark.django_db


def test_it_reports_a_missing_worker_as_failing(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert not body["checks"]["worker"]["ok"]


def test_it_is_healthy_after_a_heartbeat(client):
    beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_it_treats_an_old_heartbeat_as_a_dead_worker(client, settings):
    WorkerHeartbeat.objects.create(worker="old", beat_at=timezone.now() - timezone.timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS + 5))
    assert client.get("/healthz").status_code == 503


def test_the_periodic_task_runs_through_the_queue():
    from minyi.core.tasks import worker_heartbeat

    worker_heartbeat()  # huey runs tasks immediately under test
    assert WorkerHeartbeat.objects.exists()
