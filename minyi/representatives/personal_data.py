"""Personal data kept encrypted in the database: representatives' phone numbers.

A phone is stored as a Fernet token (AES-128-CBC with an HMAC), so a copied database or backup
does not reveal it, next to an HMAC-SHA256 of the normalised number, so that exact lookups and
the one-phone-one-person check work without decrypting every row.

The key material is the FIELD_ENCRYPTION_KEY setting (read from the environment) when
set, otherwise SECRET_KEY. HKDF derives a separate key for each purpose from it, so the
encryption key, the lookup-hash key and Django's own signing keys never coincide. Changing the
key material makes the stored phones unreadable: a production deployment sets
FIELD_ENCRYPTION_KEY once, backs it up with the database, and does not rotate SECRET_KEY into it.
"""

import base64
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_NUMBER = re.compile(r"^1\d{10}$")
# Spaces, dashes, dots and brackets people type inside numbers, and the country code.
_SEPARATORS = re.compile(r"[\s\-.()（）]")
_COUNTRY_CODE = re.compile(r"^(?:\+86|0086|86)(?=1\d{10}$)")


class UnreadablePersonalData(Exception):
    """A stored value cannot be decrypted: the key material changed since it was written."""


def _key_material():
    return settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY


@lru_cache(maxsize=8)
def _derived_key(material, purpose):
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"minyi-field-keys", info=purpose.encode())
    return hkdf.derive(material.encode())


def _fernet():
    return Fernet(base64.urlsafe_b64encode(_derived_key(_key_material(), "field-encryption")))


def encrypt(text):
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token):
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise UnreadablePersonalData(
            "A stored value cannot be decrypted: FIELD_ENCRYPTION_KEY or SECRET_KEY differs from the one it was written with."
        ) from None


def lookup_hash(text):
    return hmac.new(_derived_key(_key_material(), "lookup-hash"), text.encode(), hashlib.sha256).hexdigest()


def normalise_phone(value):
    """The bare 11-digit mobile number in `value`, or "" for an empty value.

    Raises ValidationError for anything that is not a mainland mobile number, so the same
    number typed with spaces or +86 is stored, hashed and found as one."""
    number = _COUNTRY_CODE.sub("", _SEPARATORS.sub("", value or ""))
    if number and not MOBILE_NUMBER.match(number):
        raise ValidationError(_("Enter an 11-digit mainland mobile number starting with 1."), code="invalid_phone")
    return number


def mask_phone(number):
    """138****1234: enough to recognise one's own number, not enough to call it."""
    return f"{number[:3]}****{number[-4:]}" if len(number) == 11 else ""
