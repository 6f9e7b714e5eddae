"""Hooks called after a matter's transaction commits (a notifications app subscribes here).

    from minyi.matters import events

    @events.on_event
    def notify(event): ...   # event: dict with matter_id, kind, action, from_status, to_status, event_id

Callbacks run through `transaction.on_commit`: never for a rolled-back transition, once per event."""

from django.db import transaction

_callbacks = []


def on_event(callback):
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def off_event(callback):
    if callback in _callbacks:
        _callbacks.remove(callback)


def _dispatch(payload):
    for callback in _callbacks:
        callback(dict(payload))


def emit(payload):
    transaction.on_commit(lambda: _dispatch(payload))
