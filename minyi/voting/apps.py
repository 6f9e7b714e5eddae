from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "minyi.voting"
    verbose_name = _("Votes")

    def ready(self):
        from minyi.audit.services import track

        from . import models, rules  # noqa: F401  (rules registers who sees which vote)
        from .views import register_navigation

        # Never Ballot: an audit entry per ballot would stamp each with the time it was cast.
        for model in (models.Vote, models.Option, models.Elector, models.Teller, models.PaperEntry):
            track(model)
        register_navigation()
