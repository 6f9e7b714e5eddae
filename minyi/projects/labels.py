"""Timeline words for the project kind's own steps."""

from django.utils.translation import gettext_lazy as _

from minyi.matters import labels

for action, words in {
    "plan": _("Implementation plan set"),
    "report_progress": _("Progress reported"),
    "milestone": _("Milestone reached"),
    "inspect": _("Inspected by representatives"),
    "answer_finding": _("Inspection finding answered"),
    "judge_satisfied": _("Judged satisfactory at the year's end"),
    "judge_rectify": _("Judged unsatisfactory: to be rectified"),
    "report_rectification": _("Rectification reported"),
    "rectified": _("Rectification accepted"),
}.items():
    labels.register(action, words)
