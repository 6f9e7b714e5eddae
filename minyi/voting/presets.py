"""Ready-made votes other apps offer on the vote form: e.g. the suggestions app's satisfaction vote on
the units that handled a year's suggestions. A preset fills the form; staff check and change it
before saving, and the vote follows the usual rules from there."""

_presets = {}


def register(key, function):
    """function(actor, params) -> the form's initial values (a dict), or None when it does not apply."""
    _presets[key] = function


def initial_for(actor, params):
    function = _presets.get(params.get("preset", ""))
    return (function(actor, params) or {}) if function else {}
