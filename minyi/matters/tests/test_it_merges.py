from minyi.matters import services
from minyi.matters.models import Evaluation, Matter
from minyi.organisations.services import merge_units


def test_it_merges_and_lets_the_merged_citizen_evaluate(world, make_matter, assigned):
    duplicate = make_matter(owner_congress=world.city_congress, region_code="420800000000")
    earlier = make_matter(owner_congress=world.city_congress, region_code="420800000000")
    services.merge(earlier, into=duplicate, actor=world.city_staff)
    services.merge(duplicate, into=assigned, actor=world.city_staff)
    assert Matter.objects.get(pk=earlier.pk).merged_into_id == assigned.pk  # followers re-pointed
    assert Matter.objects.get(pk=duplicate.pk).status == "merged"

    lead = assigned.assignments.get(role="lead")
    services.reply(lead, text="已修复", actor=world.unit_staff)
    assert Matter.objects.get(pk=duplicate.pk).timeline.filter(action="reply").exists()
    services.evaluate(Matter.objects.get(pk=duplicate.pk), rating="basically_satisfied", actor=world.citizen)
    evaluation = Evaluation.objects.get(matter=duplicate)
    assert evaluation.round == 1 and evaluation.rating == "basically_satisfied"
    assert Matter.objects.get(pk=duplicate.pk).status == "merged"
    assert Matter.objects.get(pk=assigned.pk).timeline.filter(action="evaluate_merged").exists()


def test_it_re_points_open_assignments_when_units_merge(world, assigned):
    co = assigned.assignments.get(role="co")
    merge_units(world.dongbao_unit, world.duodao_unit, actor=world.admin)
    co.refresh_from_db()
    assert co.unit == world.duodao_unit and co.state == "assigned"
    assert assigned.timeline.filter(action="unit_merged").count() == 1


def test_it_withdraws_the_assignment_when_the_target_unit_already_handles_it(world, assigned):
    co = assigned.assignments.get(role="co")
    merge_units(world.dongbao_unit, world.city_unit, actor=world.admin)
    co.refresh_from_db()
    assert co.unit == world.dongbao_unit and co.state == "withdrawn"
    assert assigned.assignments.filter(unit=world.city_unit).count() == 1


def test_it_lets_only_the_merged_citizen_evaluate_their_copy(world, make_matter, assigned):
    import pytest
    from django.core.exceptions import PermissionDenied

    duplicate = make_matter(owner_congress=world.city_congress, region_code="420800000000", actor=world.rep, raised_by=world.rep)
    services.merge(duplicate, into=assigned, actor=world.city_staff)
    services.reply(assigned.assignments.get(role="lead"), text="已修复", actor=world.unit_staff)
    with pytest.raises(PermissionDenied):
        services.evaluate(Matter.objects.get(pk=duplicate.pk), rating="satisfied", actor=world.citizen)
    services.evaluate(Matter.objects.get(pk=duplicate.pk), rating="satisfied", actor=world.rep)
    assert Evaluation.objects.filter(matter=duplicate).count() == 1
