"""What of a citizen's opinion the public may read, shared by every public reader (the Open311
adapter, the transparency portal and its open data) so that there is one rule and one scrubber.

An opinion is readable by the public only when its citizen agreed to publication; it is listed
as a *published* opinion once it has been answered (replied, or closed). Its name, phone and
address are never shown, and its free texts (its own text, the unit's reply, the representative's
answer on the spot) are scrubbed: citizens and officials type names and numbers into them."""

import re

from minyi.matters.models import Matter

from .policy import KIND

# Answered: a unit replied or a representative answered on the spot (waiting for the evaluation), or closed.
PUBLISHED_STATES = ("replied", "closed")

# Mainland mobile numbers, also typed with +86, spaces or dashes: 138 1234 5678, +86-13812345678.
_MOBILE = re.compile(r"(?<![\dA-Za-z])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)")
# Resident ID numbers: 18 characters (the last may be X) and the old 15-digit ones.
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACES = re.compile(r"\s+")
# An address shorter than this ("东门") would mask ordinary words of the text.
_MIN_ADDRESS = 4


def consented():
    """Opinions whose citizens agreed to publication, answered or not (Open311 lists open ones too)."""
    return Matter.objects.filter(kind=KIND, opinion__publish_consent=True)


def published():
    """Opinions the public portal lists: consented and answered."""
    return consented().filter(status__in=PUBLISHED_STATES)


def private_words(opinion, account_name=""):
    """The citizen's own name(s) and address, to be masked wherever they were typed into a text."""
    names = {n for n in (opinion.citizen_name, account_name) for n in (n.strip(), _SPACES.sub("", n)) if len(n) >= 2}
    address = (opinion.address or "").strip()
    return {"names": sorted(names, key=len, reverse=True), "addresses": [address] if len(address) >= _MIN_ADDRESS else []}


def matter_private_words(matter):
    """private_words of an opinion matter (select_related("opinion", "raised_by") to read it without queries)."""
    opinion = getattr(matter, "opinion", None)
    if opinion is None:
        return {"names": [], "addresses": []}
    return private_words(opinion, matter.raised_by.full_name if matter.raised_by_id else "")


def _mask_name(name):
    # 张三 → 张某, as court judgments and official replies anonymise a person.
    return name[0] + "某"


def scrub(text, private=None):
    """`text` with ID numbers, mobile numbers and e-mail addresses masked, and the citizen's own
    name and address (from private_words) taken out."""
    text = str(text or "")
    text = _ID_NUMBER.sub(lambda m: "*" * len(m.group(0)), text)
    text = _MOBILE.sub(r"\1****\2", text)
    text = _EMAIL.sub("***@***", text)
    for address in (private or {}).get("addresses", ()):
        text = text.replace(address, "***")
    for name in (private or {}).get("names", ()):
        text = text.replace(name, _mask_name(name))
    return text
