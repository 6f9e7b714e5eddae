"""The sheet specs, one per kind of record that can be imported and exported.

A spec is a plain class (see specs/base.py): its columns with their Chinese headers (English source
strings, translated), which of them are required, how each cell is read, the natural key that lets
a re-import update instead of duplicate, how a valid file is applied, and how records are
exported in the same columns."""

from django.http import Http404

_specs = {}


def register(spec_class):
    spec = spec_class()
    _specs[spec.kind] = spec
    return spec_class


def get(kind):
    _load()
    try:
        return _specs[kind]
    except KeyError:
        raise LookupError(f"no sheet spec for {kind!r}") from None


def get_or_404(kind):
    try:
        return get(kind)
    except LookupError:
        raise Http404 from None


def all_specs():
    _load()
    return sorted(_specs.values(), key=lambda spec: spec.order)


def choices():
    return [(spec.kind, spec.title) for spec in all_specs()]


def _load():
    if not _specs:
        from .specs import accounts, representatives, stations, units  # noqa: F401  (they register themselves)
