import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm_up():
    # jieba builds its word graph on first use (about a second): do it at start-up, beside the
    # first requests, not inside the first staff member's search.
    import threading

    from minyi.matters.search import warm

    threading.Thread(target=warm, name="warm-jieba", daemon=True).start()


_warm_up()
