"""Numbers as the portal prints them: rates as per cents, averages with one decimal, a dash for
a figure with nothing to divide."""

from django import template

register = template.Library()
NOTHING = "—"


def _number(value):
    # A missing figure (a region without matters) reaches the template as None or "".
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@register.filter
def percent(value):
    if not _number(value):
        return NOTHING
    return f"{value * 100:.1f}%"


@register.filter
def width(value):
    """A rate as a CSS width in per cent (0 for none)."""
    return round(value * 100) if _number(value) else 0


@register.filter
def one_decimal(value):
    return f"{value:.1f}" if _number(value) else NOTHING
