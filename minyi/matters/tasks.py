from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from minyi.audit.context import acting


@db_periodic_task(crontab(minute="*/10"))
def deadline_sweep():
    """Colour deadlines, remind units and escalate overdue ones; close replied matters nobody rated."""
    from . import deadlines, services

    with acting(source="worker"):
        deadlines.sweep()
        services.auto_close_unevaluated()


@db_task()
def notify_matter_event(event_id):
    """Notifications for one timeline event, queued by the after-commit hook (notify.py)."""
    from . import notify

    return notify.deliver_event(event_id)


@db_task()
def send_reminders(event_ids):
    """Notifications for the reminder events one batch of the deadline sweep recorded."""
    from . import reminders

    return reminders.send(event_ids)
