import pytest
from django.core.exceptions import ImproperlyConfigured

from minyi.matters import policies
from minyi.matters.policies import available_actions, halve

from .conftest import TestPolicy


def test_it_reaches_a_terminal_state_from_every_state(policy):
    graph = {}
    for (state, _action), (target, _pred) in policy.transitions.items():
        graph.setdefault(state, set()).add(target)
    for start in policy.states:
        seen, todo = {start}, [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        assert any(policy.is_terminal(s) for s in seen), start
        if not policy.is_terminal(start):
            assert graph.get(start), f"dead end at {start}"


def test_it_refuses_unknown_states_at_registration():
    class Broken(TestPolicy):
        key = "broken"
        transitions = {("new", "accept"): ("nowhere", policies.anyone)}

    with pytest.raises(ImproperlyConfigured):
        policies.registry.register(Broken)
    assert "broken" not in policies.registry


def test_it_lists_available_actions_from_the_table(world, make_matter):
    matter = make_matter()
    assert available_actions(world.dongbao_staff, matter) == ["accept", "return", "merge", "escalate", "send_down"]
    assert available_actions(world.duodao_staff, matter) == []
    assert available_actions(world.citizen, matter) == []
    for action in available_actions(world.admin, matter):
        assert (matter.status, action) in TestPolicy.transitions


def test_it_halves_rules_for_the_green_channel(world, make_matter):
    assert halve("workdays:15") == "workdays:8"
    assert halve("workdays:1") == "workdays:1"
    matter = make_matter(green_channel=True)
    assert matter.policy.deadline_rules(matter) == {"sign": "workdays:1", "handle": "workdays:8", "rehandle": "workdays:8", "co_handle": "workdays:8"}
