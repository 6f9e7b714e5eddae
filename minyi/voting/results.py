"""A counted vote's result as rows for pages, the result sheet and the spreadsheet: one place that
turns the stored tally into what people read, so the three never disagree."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

from . import tally
from .models import Kind


def choice_label(choice):
    return {
        "for": _("For"), "against": _("Against"), "abstain": _("Abstain"),
        "satisfied": _("Satisfied"), "basically_satisfied": _("Basically satisfied"), "unsatisfied": _("Unsatisfied"),
    }[choice]


@dataclass
class Row:
    number: int
    label: str
    votes: int = 0  # choices: votes received
    rank: int = 0
    counts: dict = field(default_factory=dict)  # motions / satisfaction: choice → n
    rate: Fraction | None = None  # satisfaction
    outcome: str = ""  # "chosen", "tied", "passed", "failed", "not_chosen"

    outcome_label: str = ""

    @property
    def rate_percent(self):
        return None if self.rate is None else f"{float(self.rate) * 100:.2f}%"


def rows(vote):
    """The options in ranking order (choices) or ballot order (items) with their figures."""
    result = vote.result
    if not result:
        return []
    labels = dict(vote.options.values_list("position", "label"))
    chosen, tied = set(result["chosen"]), set(result["tied"])
    if vote.kind in (Kind.DIFFERENTIAL, Kind.POLL):
        words = {
            "chosen": _("Elected") if vote.kind == Kind.DIFFERENTIAL else _("Selected"),
            "not_chosen": _("Not elected") if vote.kind == Kind.DIFFERENTIAL else _("Not selected"),
            "tied": _("Tied: second round"),
        }
        out, rank, previous = [], 0, None
        for place, (number, votes) in enumerate(result["ranking"], start=1):
            if votes != previous:
                rank, previous = place, votes
            outcome = "chosen" if number in chosen else "tied" if number in tied else "not_chosen"
            out.append(Row(number=number, label=labels[number], votes=votes, rank=rank, outcome=outcome, outcome_label=words[outcome]))
        return out
    out = []
    for number, label in sorted(labels.items()):
        counts = result["counts"][str(number)]
        row = Row(number=number, label=label, counts=counts)
        if vote.kind == Kind.MOTION:
            row.outcome = "passed" if number in chosen else "failed"
            row.outcome_label = _("Passed") if number in chosen else _("Not passed")
        else:
            rate = result["rates"].get(str(number))
            row.rate = None if rate is None else Fraction(*rate)
        out.append(row)
    return out


def choices(vote):
    """The columns of an item vote's table, in ballot order."""
    if vote.kind == Kind.MOTION:
        return [(c, choice_label(c)) for c in tally.MOTION_CHOICES]
    if vote.kind == Kind.SATISFACTION:
        return [(c, choice_label(c)) for c in tally.SATISFACTION_CHOICES]
    return []


def summary(vote):
    """The sentences above the table: ballots, quorum, threshold."""
    result = vote.result or {}
    rules = result.get("rules", {})
    return {
        "members": rules.get("electorate", 0), "present": rules.get("present", 0), "cast": result.get("cast", 0),
        "valid": result.get("valid", 0), "invalid": result.get("invalid", 0), "blank": result.get("blank", 0),
        "quorum_met": result.get("quorum_met", False), "threshold": result.get("threshold", 0),
        "threshold_applies": vote.kind in (Kind.DIFFERENTIAL, Kind.MOTION),
        "open_places": result.get("open_places", 0), "tied": bool(result.get("tied")),
    }
