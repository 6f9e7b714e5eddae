from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "minyi.suggestions"
    verbose_name = _("Representatives' suggestions")

    def ready(self):
        from minyi.audit.services import track
        from minyi.workbench import inbox as workbench_inbox

        from . import evaluation, labels, models, notify, policy, rules, workbench  # noqa: F401  (policy registers the kind, rules its permissions)
        from .views import desk, public, representative, unit

        for model in (models.Category, models.Settings, models.Suggestion, models.Signer, models.Contact, models.ReplyLetter,
                      models.KeySuggestion, models.NumberSequence, models.ScoringRule):
            track(model)
        notify.register()
        evaluation.register()
        workbench_inbox.register(workbench.items)
        for pages in (representative, desk, unit, public):
            pages.register_navigation()
