"""Bars drawn on the server as SVG for the cockpit's PDF: WeasyPrint runs no JavaScript, so the
ECharts of the page become tables with a plain bar beside each number."""

from django.utils.html import format_html

WIDTH = 220
HEIGHT = 10
COLOUR = "#1f4e8c"
LIMIT = 15


def bar(value, largest, colour=COLOUR):
    length = round(WIDTH * value / largest, 1) if largest and value else 0
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}">'
        '<rect x="0" y="0" width="{}" height="{}" fill="#e8edf4"/><rect x="0" y="0" width="{}" height="{}" fill="{}"/></svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        length,
        HEIGHT,
        colour,
    )


def _rows(items):
    """[(label, value)] → [(label, value, svg)], scaled to the largest."""
    items = list(items)
    largest = max((value for _label, value in items), default=0)
    return [(label, value, bar(value, largest)) for label, value in items]


class Bars:
    def __init__(self, cockpit):
        self.cockpit = cockpit

    def funnel(self):
        return _rows((s["label"], s["count"]) for s in self.cockpit.funnel)

    def trend(self):
        """[(trend row, svg)]."""
        rows = self.cockpit.trend
        return list(zip(rows, [svg for _l, _v, svg in _rows((row["month"], row["figures"].collected) for row in rows)]))

    def children(self):
        """[(Line, svg)] of the busiest regions below."""
        lines = self.cockpit.children[:LIMIT]
        return list(zip(lines, [svg for _l, _v, svg in _rows((line.label, line.figures.collected) for line in lines)]))

    def breakdowns(self):
        return [
            (label, _rows((line.label, line.figures.collected) for line in lines[:LIMIT]))
            for _dimension, label, lines in self.cockpit.breakdowns
            if lines
        ]

    def topics(self):
        return _rows((t["word"], t["count"]) for t in self.cockpit.hot_topics)
