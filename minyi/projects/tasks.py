from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="20", hour="7"))
def flag_overdue_milestones():
    """Each morning, after the engine's deadline sweep: tell units of milestones they let pass."""
    from .services import flag_overdue_milestones as flag

    return flag()
