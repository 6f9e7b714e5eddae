"""Strict readers for settings that come from the environment.

A wrong value stops start-up with one message that names the variable, instead of a
half-configured server that fails later in a confusing place.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name, default=None):
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_str(name, default=""):
    return _raw(name, default)


def env_bool(name, default=False):
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"Setting {name} must be true or false, not {value!r}.")


def env_int(name, default, *, minimum=None, maximum=None):
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Setting {name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Setting {name} must be at least {minimum}, not {number}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"Setting {name} must be at most {maximum}, not {number}.")
    return number


def env_list(name, default=()):
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name, default, choices):
    value = _raw(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"Setting {name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_url(name, default="", schemes=()):
    value = _raw(name, default)
    if not value:
        return value
    parsed = urlparse(value)
    if schemes and parsed.scheme not in schemes:
        raise ImproperlyConfigured(
            f"Setting {name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}, not {value!r}."
        )
    return value


def require(name, value):
    if not value:
        raise ImproperlyConfigured(f"Setting {name} is required when MINYI_ENV=production.")
    return value
