"""Per-kind policies (adhocracy4-style registry of plain classes).

A kind's policy is data: its states, its transition table {(state, action): (target, predicate)},
its deadline rules, how many re-handling rounds, who evaluates, what is public. The engine's
services look everything up here; the engine never imports a kind.

Engine operations use fixed action keys, which a kind's table maps to its own states:
"assign", "sign" (optional), "reply", "evaluate" (satisfied, or no round left: close),
"rehandle" (unsatisfied with a round left), "merge", "escalate", "send_down", "close",
"auto_close" (unevaluated for too long), "reassign" (the lead unit's re-assignment request was
approved: the matter goes back to staff to assign again), "convert" (taken up into a matter of
another kind, e.g. an opinion adopted into a suggestion)."""

import math
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from minyi.workdays.calendar import parse_rule

ENGINE_ACTIONS = frozenset(
    {"assign", "sign", "reply", "evaluate", "rehandle", "merge", "escalate", "send_down", "close", "auto_close", "reassign", "convert"}
)


@dataclass(frozen=True)
class State:
    label: str
    terminal: bool = False


def _actor(actor):
    from minyi.accounts import access

    return actor if isinstance(actor, access.Actor) else access.actor_for(actor)


# Small predicates, composable with any_of / all_of (django-rules style).
def anyone(actor, matter):
    return True


def nobody(actor, matter):
    return False


def is_system_admin(actor, matter):
    return _actor(actor).is_system_admin


def is_owner_staff(actor, matter):
    """Staff (not leaders) of the congress holding the matter."""
    from minyi.accounts.models import Role

    actor = _actor(actor)
    return actor.is_system_admin or (Role.CONGRESS_STAFF in actor.roles and matter.owner_congress_id in actor.congress_ids)


def is_parent_staff(actor, matter):
    """Staff of the congress directly above the holder: they may pull a matter up (提级) when the
    lower congress has not acted, e.g. a township without staff on the platform."""
    from minyi.accounts.models import Role

    actor = _actor(actor)
    parent_id = matter.owner_congress.parent_id if matter.owner_congress_id else None
    return parent_id is not None and Role.CONGRESS_STAFF in actor.roles and parent_id in actor.congress_ids


def is_assigned_unit(actor, matter):
    actor = _actor(actor)
    return actor.is_system_admin or matter.assignments.filter(unit_id__in=actor.unit_ids, round=matter.round).exists()


def is_lead_unit(actor, matter):
    actor = _actor(actor)
    return actor.is_system_admin or matter.assignments.filter(
        unit_id__in=actor.unit_ids, round=matter.round, role="lead"
    ).exists()


def is_addressed_representative(actor, matter):
    actor = _actor(actor)
    return matter.representative_id is not None and matter.representative_id in actor.representative_ids


def is_evaluator(actor, matter):
    actor = _actor(actor)
    evaluator = registry.get(matter.kind).evaluator(matter)
    return actor.is_system_admin or (evaluator is not None and actor.user is not None and getattr(actor.user, "pk", None) == evaluator.pk)


def any_of(*predicates):
    def predicate(actor, matter):
        return any(p(actor, matter) for p in predicates)

    return predicate


def all_of(*predicates):
    def predicate(actor, matter):
        return all(p(actor, matter) for p in predicates)

    return predicate


def halve(rule):
    """A green-channel rule: half the period, rounded up, never below 1."""
    unit, count = parse_rule(rule)
    return f"{unit}:{max(1, math.ceil(count / 2))}" if count else rule


class Policy:
    key = ""
    label = ""
    states = {}  # key -> State
    initial = ""
    transitions = {}  # (state, action) -> (target state, predicate(actor, matter))
    sign_rule = "workdays:1"
    handle_rule = "workdays:15"
    rehandle_rule = None  # None: the handling rule again
    co_handle_rule = None  # co-handling units' period for their opinion to the lead; None: the handling rule
    max_rehandling_rounds = 1
    auto_close_after_days = 15
    # Warning window: the larger of these working days and this share of the period.
    warning_workdays = 1
    warning_share = 0.2
    # Kind-specific actions (through services.transition) that count as a response to the citizen.
    response_actions = frozenset()
    reassignment_closed_message = _("A re-assignment can only be asked for before signing, within the sign deadline.")

    def initial_state(self, matter):
        """The state a new matter starts in; a kind may start some matters elsewhere (an opinion
        addressed to a representative waits for them first)."""
        return self.initial

    def rehandle_state(self, matter, has_lead):
        """Where an unsatisfied evaluation sends the matter: the table's target by default; a kind
        may send one nobody assigned (resolved without a unit) somewhere else."""
        return self.target(matter.status, "rehandle")

    def reassignment_window_open(self, assignment, today):
        """Whether the unit may still ask to be relieved of `assignment`: by default before it signs,
        while its sign deadline runs."""
        if assignment.state != "assigned":
            return False
        return assignment.sign_due is None or today <= assignment.sign_due

    def check_reply(self, matter, assignment, details):
        """Raise ValidationError when the lead unit may not reply yet or `details` (the kind's extra
        reply fields, e.g. a reply class) are incomplete. Called inside the reply's transaction."""

    def decides_round(self, matter, actor):
        """Whether this evaluator's judgement settles the round (moves the matter); the others'
        (co-signers of a joint suggestion) are recorded beside it."""
        return True

    def evaluated_state(self, matter, rating, rehandle):
        """Where an evaluation that opens no new round sends the matter; None: the table's target.
        A kind may keep it open (a B-class suggestion followed up, one handed to supervision)."""
        return None

    def on_evaluated(self, matter, evaluation, rehandle):
        """After an evaluation moved the matter, inside its transaction (a kind re-opens work here)."""

    def deadline_rules(self, matter):
        rules = {"sign": self.sign_rule, "handle": self.handle_rule, "rehandle": self.rehandle_rule or self.handle_rule,
                 "co_handle": self.co_handle_rule or self.handle_rule}
        if matter.green_channel:
            rules = {name: halve(rule) for name, rule in rules.items()}
        return rules

    def evaluator(self, matter):
        return matter.raised_by

    def is_public(self, matter):
        return False

    def attachments_are_public(self, matter):
        """Whether anyone may see the matter's public photos and documents without an account (a
        livelihood project's site photos); a citizen's photos never are."""
        return False

    def warning_window(self, period_workdays):
        return max(self.warning_workdays, math.ceil(period_workdays * self.warning_share))

    # Reading the table.
    def is_terminal(self, state):
        return self.states[state].terminal

    def target(self, state, action):
        entry = self.transitions.get((state, action))
        return entry[0] if entry else None

    def check(self):
        """Raise ImproperlyConfigured when the table names a state the policy does not declare."""
        if not self.key:
            raise ImproperlyConfigured(f"{type(self).__name__} has no key")
        if self.initial not in self.states:
            raise ImproperlyConfigured(f"policy {self.key!r}: unknown initial state {self.initial!r}")
        for (state, action), entry in self.transitions.items():
            target, predicate = entry
            for name in (state, target):
                if name not in self.states:
                    raise ImproperlyConfigured(f"policy {self.key!r}: transition ({state!r}, {action!r}) names unknown state {name!r}")
            if not callable(predicate):
                raise ImproperlyConfigured(f"policy {self.key!r}: transition ({state!r}, {action!r}) has no predicate")
        for rule in (self.sign_rule, self.handle_rule, self.rehandle_rule or self.handle_rule, *filter(None, [self.co_handle_rule])):
            try:
                parse_rule(rule)
            except (TypeError, ValueError) as error:
                raise ImproperlyConfigured(f"policy {self.key!r}: {error}") from None


class Registry:
    def __init__(self):
        self._policies = {}

    def register(self, policy_class):
        policy = policy_class() if isinstance(policy_class, type) else policy_class
        policy.check()
        self._policies[policy.key] = policy
        return policy_class

    def unregister(self, key):
        self._policies.pop(key, None)

    def get(self, key):
        try:
            return self._policies[key]
        except KeyError:
            raise ImproperlyConfigured(f"no policy registered for kind {key!r}") from None

    def __contains__(self, key):
        return key in self._policies

    def __iter__(self):
        return iter(list(self._policies.values()))

    def check_all(self):
        for policy in self:
            policy.check()


registry = Registry()
register = registry.register


def available_actions(actor, matter):
    """The actions `actor` may take on `matter` now, in table order: the buttons to show."""
    policy = registry.get(matter.kind)
    actor = _actor(actor)
    return [
        action
        for (state, action), (_target, predicate) in policy.transitions.items()
        if state == matter.status and predicate(actor, matter)
    ]
