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
