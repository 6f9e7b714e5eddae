from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """Written by each worker's periodic task; /healthz reads it to tell whether jobs run."""

    worker = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.worker} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
