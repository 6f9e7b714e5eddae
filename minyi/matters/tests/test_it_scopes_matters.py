from minyi.accounts import access
from minyi.matters.models import Assignment, Matter


def test_it_scopes_matters_by_role(world, make_matter, assigned):
    dongbao = make_matter(representative=world.representative)
    assert set(access.visible(world.unit_staff, Matter.objects.all())) == {assigned}
    assert set(access.visible(world.unit_staff, Assignment.objects.all())) == {assigned.assignments.get(role="lead")}
    assert dongbao not in access.visible(world.duodao_staff, Matter.objects.all())
    assert dongbao in access.visible(world.dongbao_staff, Matter.objects.all())
    assert set(access.visible(world.rep, Matter.objects.all())) == {dongbao}
    assert set(access.visible(world.citizen, Matter.objects.all())) == {dongbao, assigned}
    assert set(access.visible(world.city_staff, Matter.objects.all())) == {dongbao, assigned}


def test_it_shows_contributions_to_the_lead_unit_and_internal_events_to_staff_only(world, assigned):
    from minyi.matters import services
    from minyi.matters.models import Reply, TimelineEvent

    co = assigned.assignments.get(role="co")
    services.add_supervision(assigned, method="reminder", note="请抓紧", actor=world.city_staff)
    contribution = services.record_contribution(co, text="教育局意见", actor=world.other_unit_staff)
    assert contribution in access.visible(world.unit_staff, Reply.objects.all())
    assert contribution not in access.visible(world.citizen, Reply.objects.all())
    citizen_sees = set(access.visible(world.citizen, TimelineEvent.objects.all()).values_list("visibility", flat=True))
    assert citizen_sees == {"public"}
    assert access.visible(world.city_staff, TimelineEvent.objects.filter(action="supervise")).count() == 1
    assert not access.visible(world.duodao_staff, TimelineEvent.objects.all()).exists()


def test_it_loads_a_matter_through_the_scope(world, make_matter):
    import pytest
    from django.http import Http404

    from minyi.matters.services import get_matter

    matter = make_matter()
    assert get_matter(world.dongbao_staff, pk=matter.pk) == matter
    with pytest.raises(Http404):
        get_matter(world.duodao_staff, pk=matter.pk)
