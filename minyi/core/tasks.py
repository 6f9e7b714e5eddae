import os
import socket

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import WorkerHeartbeat


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat():
    beat()


def beat():
    WorkerHeartbeat.objects.update_or_create(
        worker=f"{socket.gethostname()}:{os.getpid()}", defaults={"beat_at": timezone.now()}
    )
    # Beats older than a day belong to workers that are gone; keep the table small.
    WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - timezone.timedelta(days=1)).delete()
