from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def refresh_pending():
    from .pending import process

    return process()


@db_periodic_task(crontab(minute="*"))
def refresh_pending_every_minute():
    """Catches a wake-up that was lost (the queue was down when a matter changed)."""
    from .pending import process

    return process()


@db_periodic_task(crontab(minute="20", hour="3"))
def rebuild_nightly():
    """Once a night the figures are made afresh from the matters: whatever changed a matter
    without an engine event (a representative moving to another group) is in them by morning."""
    from .rebuild import rebuild

    return rebuild()
