"""Strings Django itself shows but its own zh_Hans catalogue lacks, declared here so that
`makemessages` puts them into ours and the translation test keeps them translated."""

from django.utils.translation import ngettext_lazy

UPSTREAM_STRINGS = [
    # Django 5.2's MinimumLengthValidator asks for this "%d" msgid; its own zh_Hans catalogue only has the
    # older "%(min_length)d" wording, so without this entry the message stays English.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    ),
]
