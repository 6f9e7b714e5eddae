"""The demo city's annual duty list and evaluation, through the services the desk uses:

- 荆门市人大 2026 年度履职清单: at least 4 reception days, 1 suggestion and 2 inspections in the year,
  and a contact with voters every quarter (with a note to the representatives); the 2025 list is
  the same but for 3 reception days, so "copy last year's list" has something to copy;
- the city congress's points scheme: the suggested points (an unapproved absence from a session −2);
- one adjustment of rep_li's 2026 score by jm_staff, with its reason.

The progress, the scores and the statistics follow from what the archive counts (see demo/duty.py).
A reload makes nothing twice: each list, the scheme and the adjustment are looked for first."""

from minyi.accounts.models import Role, RoleGrant, User
from minyi.duty import duty_list, evaluation
from minyi.duty.models import DutyList, PointsRule, ScoreAdjustment

from . import jingmen as J

LISTS = {
    2025: [("reception", 3, "year"), ("suggestion_raised", 1, "year"), ("inspection", 2, "year"), ("contact", 1, "quarter")],
    2026: [("reception", 4, "year"), ("suggestion_raised", 1, "year"), ("inspection", 2, "year"), ("contact", 1, "quarter")],
}
NOTE = "每季度至少联系选民一次；代表接待日以代表联络站排班为准。"
ADJUSTMENT = ("带头组织代表联络站“局长进站”活动，协调解决群众反映问题", "2")


def load(writer):
    city = writer.congress[J.CITY]
    staff = User.objects.get(username="jm_staff")
    for year, requirements in LISTS.items():
        if not DutyList.objects.filter(congress=city, year=year, requirements__isnull=False).exists():
            duty_list.save_list(staff, city, year, requirements, note=NOTE)
            writer.created[DutyList._meta.label] += 1
    if not PointsRule.objects.filter(congress=city).exists():
        evaluation.save_scheme(staff, city, evaluation.DEFAULT_POINTS)
        writer.created[PointsRule._meta.label] += len(evaluation.DEFAULT_POINTS)
    rep_li = RoleGrant.objects.get(user__username="rep_li", role=Role.REPRESENTATIVE).representative
    reason, points = ADJUSTMENT
    if not ScoreAdjustment.objects.filter(congress=city, representative=rep_li, year=2026, reason=reason).exists():
        evaluation.adjust(staff, city, rep_li, 2026, points=points, reason=reason)
        writer.created[ScoreAdjustment._meta.label] += 1
    writer.report(DutyList, PointsRule, ScoreAdjustment)
