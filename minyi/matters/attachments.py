"""Photos and documents attached to a matter.

Every image is opened with Pillow and written again as a new JPEG: that is what removes EXIF
(the phone's GPS position, its serial number) and any other metadata, turns the photo upright,
caps its size, and refuses a file that only claims to be an image. A thumbnail is written at the
same time for lists and timelines."""

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import Attachment

MAX_PHOTOS = 9
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# A 10 MB file can still unpack to gigabytes of pixels; refuse anything larger than a 60-megapixel camera.
MAX_PIXELS = 60_000_000
LONG_SIDE = 2560
THUMBNAIL_SIDE = 320
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
DOCUMENT_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png"}


def _reencode(image, side, quality):
    copy = image.copy()
    copy.thumbnail((side, side))
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def clean_photo(upload):
    """(full JPEG bytes, thumbnail JPEG bytes) of an uploaded image, or ValidationError in plain words."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo %(name)s is %(size)s; each photo may be at most %(limit)s."),
            code="photo_too_large",
            params={"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(MAX_PHOTO_BYTES)},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            elif image.mode == "L":
                image = image.convert("RGB")
            return _reencode(image, LONG_SIDE, 85), _reencode(image, THUMBNAIL_SIDE, 75)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("%(name)s is not a photo we can read: use a JPEG, PNG or WebP image."), code="photo_not_an_image", params={"name": name}
        ) from None
    finally:
        upload.seek(0)


def clean_photos(uploads):
    """Check every photo before anything is saved; all errors at once, so the citizen fixes them together."""
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(
            _("You chose %(count)d photos; at most %(limit)d can be sent."),
            code="too_many_photos",
            params={"count": len(uploads), "limit": MAX_PHOTOS},
        )
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append((upload.name, *clean_photo(upload)))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_document(upload):
    name = getattr(upload, "name", "") or ""
    extension = os.path.splitext(name)[1].lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("%(name)s: attach a PDF, Word, Excel or image file."), code="document_type", params={"name": name}
        )
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; a document may be at most %(limit)s."),
            code="document_too_large",
            params={"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_BYTES)},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf" and not head.startswith(b"%PDF-"):
        raise ValidationError(_("%(name)s is not a PDF file."), code="document_not_pdf", params={"name": name})
    return upload


def save_photos(matter, cleaned, *, event=None, user=None, visibility="public"):
    """Store photos checked by clean_photos; call inside the transaction that records the event."""
    saved = []
    for original_name, full, thumbnail in cleaned:
        attachment = Attachment(
            matter=matter, event=event, kind=Attachment.Kind.IMAGE, original_name=original_name[:200], size=len(full),
            content_type="image/jpeg", visibility=visibility, uploaded_by=user,
        )
        attachment.file.save("photo.jpg", ContentFile(full), save=False)
        attachment.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
        attachment.save()
        saved.append(attachment)
    return saved


def save_documents(matter, uploads, *, event=None, user=None, visibility="public"):
    saved = []
    for upload in uploads:
        attachment = Attachment(
            matter=matter, event=event, kind=Attachment.Kind.DOCUMENT, original_name=upload.name[:200], size=upload.size,
            content_type=getattr(upload, "content_type", "") or "", visibility=visibility, uploaded_by=user,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved
