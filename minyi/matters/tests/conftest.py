import pytest

from minyi.matters import policies
from minyi.matters.policies import State, any_of, is_addressed_representative, is_evaluator, is_lead_unit, is_owner_staff, nobody


class TestPolicy(policies.Policy):
    __test__ = False
    key = "test"
    label = "test kind"
    initial = "new"
    states = {
        "new": State("new"),
        "accepted": State("accepted"),
        "assigned": State("assigned"),
        "handling": State("handling"),
        "replied": State("replied"),
        "closed": State("closed", terminal=True),
        "returned": State("returned", terminal=True),
        "merged": State("merged", terminal=True),
    }
    transitions = {
        ("new", "accept"): ("accepted", is_owner_staff),
        ("new", "return"): ("returned", is_owner_staff),
        ("new", "resolve_on_spot"): ("replied", is_addressed_representative),
        ("new", "merge"): ("merged", is_owner_staff),
        ("new", "escalate"): ("new", is_owner_staff),
        ("new", "send_down"): ("new", is_owner_staff),
        ("accepted", "assign"): ("assigned", is_owner_staff),
        ("accepted", "merge"): ("merged", is_owner_staff),
        ("accepted", "close"): ("closed", is_owner_staff),
        ("assigned", "sign"): ("handling", is_lead_unit),
        ("assigned", "reply"): ("replied", is_lead_unit),
        ("assigned", "close"): ("closed", is_owner_staff),
        ("handling", "reply"): ("replied", is_lead_unit),
        ("handling", "close"): ("closed", is_owner_staff),
        ("replied", "evaluate"): ("closed", any_of(is_evaluator, is_addressed_representative)),
        ("replied", "rehandle"): ("handling", any_of(is_evaluator, is_addressed_representative)),
        ("replied", "auto_close"): ("closed", nobody),
        ("replied", "close"): ("closed", is_owner_staff),
    }
    response_actions = frozenset({"resolve_on_spot"})
    auto_close_after_days = 10


@pytest.fixture
def policy():
    policies.registry.register(TestPolicy)
    yield policies.registry.get("test")
    policies.registry.unregister("test")


@pytest.fixture
def make_matter(world, policy):
    from minyi.matters import services

    def make(**kwargs):
        values = {
            "actor": world.citizen, "title": "路灯不亮", "text": "东宝区某路段路灯不亮已一周。", "region_code": "420802000000",
            "owner_congress": world.dongbao_congress,
        }
        values.update(kwargs)
        return services.open_matter("test", **values)

    return make


@pytest.fixture
def assigned(world, make_matter):
    """A city matter accepted and assigned to the city unit (lead) and the Dongbao unit (co)."""
    from minyi.matters import services

    matter = make_matter(owner_congress=world.city_congress, region_code="420800000000")
    services.transition(matter, "accept", actor=world.city_staff)
    services.assign(matter, lead=world.city_unit, co_units=[world.dongbao_unit], actor=world.city_staff)
    return matter
