"""The opinion kind's policy: its states, who may take each step, its deadlines.

    with_representative ─forward─▶ submitted ─accept─▶ accepted ─assign─▶ assigned ─sign─▶ handling
          │  resolve_on_spot            │ return / merge / escalate / send_down        │ reply
          ▼                             ▼                                               ▼
       replied ◀──────────────────── returned                                       replied ─evaluate─▶ closed
                                                                                      └─rehandle─▶ handling
"""

from django.utils.translation import gettext_lazy as _

from minyi.matters import policies
from minyi.matters.policies import State, any_of, is_evaluator, is_lead_unit, is_owner_staff, is_parent_staff, nobody

KIND = "opinion"

DEFAULT_RULES = {"sign": "workdays:1", "handle": "workdays:15"}
# 随手拍: respond and dispatch within 24 hours, finish and feed back within 3 working days (DOMAIN.md).
SNAPSHOT_RULES = {"sign": "days:1", "handle": "workdays:3"}


def is_resolving_representative(actor, matter):
    """The representative the citizen addressed, or one serving the station it came through."""
    from minyi.accounts import access
    from minyi.organisations.models import StationAssignment

    actor = actor if isinstance(actor, access.Actor) else access.actor_for(actor)
    if not actor.representative_ids:
        return False
    if matter.representative_id in actor.representative_ids:
        return True
    if matter.station_id is None:
        return False
    return StationAssignment.objects.current().filter(station_id=matter.station_id, representative_id__in=actor.representative_ids).exists()


class OpinionPolicy(policies.Policy):
    key = KIND
    label = _("Citizen opinion")
    initial = "submitted"
    states = {
        "with_representative": State(_("With the representative")),
        "submitted": State(_("Waiting for acceptance")),
        "accepted": State(_("Accepted, waiting for assignment")),
        "assigned": State(_("Assigned, waiting for signature")),
        "handling": State(_("Being handled")),
        "replied": State(_("Replied, waiting for evaluation")),
        "closed": State(_("Closed"), terminal=True),
        "returned": State(_("Not accepted"), terminal=True),
        "merged": State(_("Merged into another opinion"), terminal=True),
        "converted": State(_("Taken up into a representative's suggestion"), terminal=True),
    }
    transitions = {
        ("with_representative", "resolve_on_spot"): ("replied", is_resolving_representative),
        ("with_representative", "forward"): ("submitted", is_resolving_representative),
        ("with_representative", "accept"): ("accepted", is_owner_staff),
        ("with_representative", "return"): ("returned", is_owner_staff),
        ("with_representative", "merge"): ("merged", is_owner_staff),
        ("with_representative", "convert"): ("converted", any_of(is_resolving_representative, is_owner_staff)),
        ("with_representative", "escalate"): ("submitted", any_of(is_owner_staff, is_parent_staff)),
        ("submitted", "accept"): ("accepted", is_owner_staff),
        ("submitted", "return"): ("returned", is_owner_staff),
        ("submitted", "merge"): ("merged", is_owner_staff),
        ("submitted", "convert"): ("converted", any_of(is_resolving_representative, is_owner_staff)),
        ("submitted", "escalate"): ("submitted", any_of(is_owner_staff, is_parent_staff)),
        ("submitted", "send_down"): ("submitted", is_owner_staff),
        ("accepted", "assign"): ("assigned", is_owner_staff),
        ("accepted", "merge"): ("merged", is_owner_staff),
        ("accepted", "convert"): ("converted", any_of(is_resolving_representative, is_owner_staff)),
        ("accepted", "escalate"): ("submitted", any_of(is_owner_staff, is_parent_staff)),
        ("accepted", "send_down"): ("submitted", is_owner_staff),
        ("accepted", "close"): ("closed", is_owner_staff),
        ("assigned", "sign"): ("handling", is_lead_unit),
        ("assigned", "reply"): ("replied", is_lead_unit),
        ("assigned", "reassign"): ("accepted", is_owner_staff),
        ("assigned", "close"): ("closed", is_owner_staff),
        ("handling", "reply"): ("replied", is_lead_unit),
        ("handling", "close"): ("closed", is_owner_staff),
        ("replied", "evaluate"): ("closed", any_of(is_evaluator, is_resolving_representative)),
        ("replied", "rehandle"): ("handling", any_of(is_evaluator, is_resolving_representative)),
        ("replied", "auto_close"): ("closed", nobody),
        ("replied", "close"): ("closed", is_owner_staff),
    }
    response_actions = frozenset({"resolve_on_spot", "accept", "forward"})
    max_rehandling_rounds = 1
    auto_close_after_days = 15

    def rehandle_state(self, matter, has_lead):
        """Unsatisfied with an on-the-spot resolution (no unit involved): back to the representative."""
        if has_lead:
            return "handling"
        return "with_representative" if (matter.representative_id or matter.station_id) else "submitted"

    def initial_state(self, matter):
        return "with_representative" if (matter.representative_id or matter.station_id) else "submitted"

    def deadline_rules(self, matter):
        from .settings import rules_for

        rules = rules_for(matter)
        rules.setdefault("rehandle", rules["handle"])
        if matter.green_channel:
            rules = {name: policies.halve(rule) for name, rule in rules.items()}
        return rules

    def evaluator(self, matter):
        return matter.raised_by

    def is_public(self, matter):
        opinion = getattr(matter, "opinion", None)
        return bool(opinion and opinion.publish_consent and matter.status == "closed")


policies.register(OpinionPolicy)
