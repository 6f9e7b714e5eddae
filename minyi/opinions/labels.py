from django.utils.translation import gettext_lazy as _

from minyi.matters import labels

labels.register("forward", _("Forwarded to the congress staff"))
labels.register("resolve_on_spot", _("Resolved on the spot by the representative"))
labels.register("accept", _("Accepted"))
labels.register("return", _("Not accepted"))
