import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from minyi.matters import services
from minyi.matters.models import Matter
from minyi.matters.services import StaleMatter, TransitionNotAllowed


def test_it_refuses_a_stale_version(world, make_matter):
    matter = make_matter()
    seen = matter.version
    services.transition(Matter.objects.get(pk=matter.pk), "accept", actor=world.dongbao_staff, expected_version=seen)
    with pytest.raises(StaleMatter) as error:
        services.transition(Matter.objects.get(pk=matter.pk), "return", actor=world.dongbao_staff, expected_version=seen)
    with translation.override("zh-hans"):
        assert "刷新后重试" in str(error.value)
    with translation.override("en"):
        assert "reload" in str(error.value)
    assert Matter.objects.get(pk=matter.pk).status == "accepted"


def test_it_denies_actions_outside_the_predicate(world, make_matter):
    matter = make_matter()
    with pytest.raises(PermissionDenied):
        services.transition(matter, "accept", actor=world.duodao_staff)
    with pytest.raises(TransitionNotAllowed):
        services.transition(matter, "nonexistent", actor=world.dongbao_staff)


def test_it_lets_only_the_evaluator_evaluate(world, assigned):
    services.reply(assigned.assignments.get(role="lead"), text="已修复", actor=world.unit_staff)
    with pytest.raises(PermissionDenied):
        services.evaluate(Matter.objects.get(pk=assigned.pk), rating="satisfied", actor=world.unit_staff)
    with pytest.raises(ValidationError):
        services.evaluate(Matter.objects.get(pk=assigned.pk), rating="great", actor=world.citizen)
    assert Matter.objects.get(pk=assigned.pk).status == "replied"
