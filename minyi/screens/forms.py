"""The form that issues a screen. The rules stay in `services.issue`; the form offers the regions of
the person's own congresses and shows the service's errors field by field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minyi.opinions.forms import attach_service_errors

from .models import MAX_REFRESH_SECONDS, MIN_REFRESH_SECONDS, Figure

__all__ = ["DisplayTokenForm", "attach_service_errors"]


class DisplayTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Where does the screen stand?"), max_length=100,
        error_messages={"required": _("Say where the screen stands, e.g. 东宝区代表之家大厅."),
                        "max_length": _("Keep the name within 100 characters.")},
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 东宝区代表之家大厅")}),
        help_text=_("Only staff see this name, on this list."),
    )
    region_code = forms.ChoiceField(
        label=_("Figures of"), error_messages={"required": _("Choose the region whose figures the screen shows."),
                                               "invalid_choice": _("You can only issue screens for the regions of your own congresses.")},
        help_text=_("The screen shows this region and everything beneath it; its map shows the regions one level down."),
    )
    figure = forms.ChoiceField(
        label=_("The map is coloured by"), choices=Figure.choices, initial=Figure.COLLECTED,
        error_messages={"invalid_choice": _("Choose one of the figures offered for the map.")},
    )
    refresh_seconds = forms.IntegerField(
        label=_("Refresh every (seconds)"), initial=60, min_value=MIN_REFRESH_SECONDS, max_value=MAX_REFRESH_SECONDS,
        error_messages={"required": _("Say how often the screen refreshes, in seconds."),
                        "invalid": _("Enter a whole number of seconds."),
                        "min_value": _("Refresh every %(limit_value)s seconds or more."),
                        "max_value": _("Refresh at least every %(limit_value)s seconds.")},
    )

    def __init__(self, data=None, *, region_options, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region_code"].choices = [("", _("Choose a region"))] + list(region_options)
