import pytest
from django.db import transaction

from minyi.matters import events, services
from minyi.matters.models import TimelineEvent, TimelineIsAppendOnly


def test_it_refuses_to_change_the_timeline(world, make_matter):
    matter = make_matter()
    event = matter.timeline.get()
    with pytest.raises(TimelineIsAppendOnly):
        event.save()
    with pytest.raises(TimelineIsAppendOnly):
        event.delete()
    with pytest.raises(TimelineIsAppendOnly):
        TimelineEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TimelineIsAppendOnly):
        TimelineEvent.objects.all().delete()


def test_it_fires_hooks_once_on_commit_only(world, make_matter, django_capture_on_commit_callbacks):
    seen = []
    events.on_event(seen.append)
    try:
        matter = make_matter()
        with django_capture_on_commit_callbacks(execute=True):
            services.transition(matter, "accept", actor=world.dongbao_staff)
        assert [e["action"] for e in seen] == ["accept"]
        seen.clear()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
            services.close(matter, reason="重复", actor=world.dongbao_staff)
            raise RuntimeError
        assert seen == []
    finally:
        events.off_event(seen.append)
