"""The project kind's policy: a chosen livelihood project as a matter on the engine.

    implementing ─reply (the unit reports completion)─▶ completed
         │ judge_satisfied / judge_rectify (the year-end vote)   │ judge_satisfied → closed
         ▼                                                      │ judge_rectify → rectifying
    rectifying ─rectified (the unit reports, staff accept)─▶ closed

The handling deadline is the project's completion date; progress, inspections and milestones are
recorded on the timeline as the engine's "progress" and "supervise" events."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.matters import policies
from minyi.matters.policies import State, any_of, is_lead_unit, is_owner_staff

KIND = "project"


class ProjectPolicy(policies.Policy):
    key = KIND
    label = _("Livelihood project")
    initial = "chosen"
    states = {
        "chosen": State(_("Chosen, being handed to the unit")),
        "implementing": State(_("Being carried out")),
        "completed": State(_("Completed, waiting for the year-end evaluation")),
        "rectifying": State(_("Being rectified")),
        "closed": State(_("Closed"), terminal=True),
    }
    transitions = {
        ("chosen", "assign"): ("implementing", is_owner_staff),
        ("implementing", "reply"): ("completed", is_lead_unit),
        ("implementing", "judge_satisfied"): ("closed", is_owner_staff),
        ("implementing", "judge_rectify"): ("rectifying", is_owner_staff),
        ("completed", "judge_satisfied"): ("closed", is_owner_staff),
        ("completed", "judge_rectify"): ("rectifying", is_owner_staff),
        ("rectifying", "rectified"): ("closed", is_owner_staff),
        ("rectifying", "report_rectification"): ("rectifying", any_of(is_lead_unit, is_owner_staff)),
        # Records on the timeline that do not move the project.
        **{(state, "plan"): (state, any_of(is_lead_unit, is_owner_staff)) for state in ("implementing",)},
        **{(state, "report_progress"): (state, is_lead_unit) for state in ("implementing", "rectifying")},
        **{(state, "milestone"): (state, any_of(is_lead_unit, is_owner_staff)) for state in ("implementing", "completed")},
        **{(state, "inspect"): (state, is_owner_staff) for state in ("implementing", "completed", "rectifying")},
        **{(state, "answer_finding"): (state, is_lead_unit) for state in ("implementing", "completed", "rectifying")},
    }
    sign_rule = "workdays:3"
    handle_rule = "months:12"
    max_rehandling_rounds = 0
    response_actions = frozenset({"report_rectification"})

    def deadline_rules(self, matter):
        """Sign within 3 working days; finish by the completion date the government promised."""
        rules = super().deadline_rules(matter)
        project = getattr(matter, "project", None)
        if project is not None:
            days = max(1, (project.completion_date - timezone.localdate()).days)
            rules.update(handle=f"days:{days}", rehandle=f"days:{days}", co_handle=f"days:{days}")
        return rules

    def evaluator(self, matter):
        return None

    def is_public(self, matter):
        return True

    def attachments_are_public(self, matter):
        return True

    def reassignment_window_open(self, assignment, today):
        # The unit was named on the candidate list the representatives voted for: no re-assignment.
        return False


policies.register(ProjectPolicy)

