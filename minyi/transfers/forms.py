from django import forms
from django.utils.translation import gettext_lazy as _

from .reading import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("At most %(size)d MB. It is checked first; nothing changes until you confirm the import.") % {"size": MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["file"].widget.attrs["id"] = f"id_file_{kind}" if kind else "id_file"
