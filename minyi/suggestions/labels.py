"""Timeline words for the suggestion kind's own steps."""

from django.utils.translation import gettext_lazy as _

from minyi.matters import labels

for action, words in {
    "submit": _("Sent to review"),
    "cosign": _("Co-signer confirmed"),
    "cosign_declined": _("Co-signer declined"),
    "register": _("Registered and numbered"),
    "return": _("Returned to the representative for revision"),
    "resubmit": _("Revised and sent again"),
    "withdraw": _("Withdrawn by the representative"),
    "contact": _("Contact with the representative recorded"),
    "contact_confirmed": _("Contact confirmed by the representative"),
    "contact_disputed": _("Contact disputed by the representative"),
    "designate_key": _("Made a key suggestion"),
    "roll_over": _("Rolled over into the next year"),
    "renumber": _("Numbered in the new term"),
}.items():
    labels.register(action, words)
