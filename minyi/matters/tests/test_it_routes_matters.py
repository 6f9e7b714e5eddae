import pytest
from django.core.exceptions import ValidationError

from minyi.matters import services
from minyi.matters.models import Matter


def test_it_escalates_and_sends_down(world, make_matter):
    matter = make_matter()
    with pytest.raises(ValidationError):
        services.escalate(matter, to_congress=world.duodao_congress, actor=world.dongbao_staff)
    services.escalate(matter, to_congress=world.city_congress, actor=world.dongbao_staff)
    assert Matter.objects.get(pk=matter.pk).owner_congress == world.city_congress
    services.send_down(matter, to_congress=world.duodao_congress, actor=world.city_staff)
    assert Matter.objects.get(pk=matter.pk).owner_congress == world.duodao_congress
