from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "minyi.voting"
    verbose_name = _("Votes")

    def ready(self):
        from minyi.audit.services import track

        from . import models, rules  # noqa: F401  (rules registers who sees which vote)
        from .views import register_navigation

        # Never Ballot, nor an elector's "voted": an entry written with the ballot would carry the
        # member's name and the moment the ballot went in (close_vote records the turnout instead).
        for model in (models.Vote, models.Option, models.Teller, models.PaperEntry):
            track(model)
        track(models.Elector, exclude={"method"})
        register_navigation()
