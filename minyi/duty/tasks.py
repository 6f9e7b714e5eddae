from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from minyi.audit.context import acting


@db_periodic_task(crontab(minute="40", hour="5"))
def generate_reception_sessions():
    """Each morning: every active station's reception sessions for the next four weeks, with the
    representatives rostered since the day before invited."""
    from .reception import generate_for_stations

    with acting(source="worker"):
        return generate_for_stations().as_dict()
