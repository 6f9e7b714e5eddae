"""Checks and storage names for representatives' photos.

Without an imaging library the photo is a plain file, so the checks are the ones that need
none: the name's extension, the size, and the first bytes, which must be those of a JPEG, PNG
or WebP file whatever the name says (a renamed HTML or script file is refused)."""

import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

EXTENSIONS = ("jpg", "jpeg", "png", "webp")
MAX_BYTES = 2 * 1024 * 1024

validate_extension = FileExtensionValidator(allowed_extensions=EXTENSIONS)


def _looks_like_image(head):
    return head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n") or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def validate_photo(file):
    if getattr(file, "_committed", False):
        # Already stored, so it was checked when it was uploaded.
        return
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The photo is %(size)s; it may be at most %(limit)s."),
            code="photo_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
        )
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    if not _looks_like_image(head):
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="photo_not_an_image")


def photo_path(instance, filename):
    # A random name: the stored name must not reveal who is in the photo.
    extension = os.path.splitext(filename)[1].lower()
    return f"representatives/photos/{uuid.uuid4().hex}{extension}"
