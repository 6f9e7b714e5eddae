"""ECharts options of the cockpit, as plain JSON (static/minyi/charts.js draws them; no formatter
functions). Each data item carries the `url` of the matters behind it: static/minyi/cockpit.js
opens it on a click, so the charts click through like the tables."""

from django.utils.translation import gettext as _

TOPICS = 12  # words drawn as bars; the tag list below names all of them
GRID = {"left": 8, "right": 36, "top": 36, "bottom": 8, "containLabel": True}


STAGE_COLOURS = ["#1f4e8c", "#2f8f9d", "#d08a1e", "#6a4c93", "#2b7a3d", "#a8181d"]


def funnel(stages):
    """The loop's stages as bars centred on one axis, widest on top: a funnel whose widths are the
    counts themselves (ECharts' funnel sorts or squeezes the side branches — resolved on the spot,
    turned into suggestions — into an hourglass)."""
    top = max((s["count"] for s in stages), default=0)
    labels = [s["label"] for s in stages][::-1]
    shown = stages[::-1]
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c}"},
        "grid": {"left": 8, "right": 8, "top": 4, "bottom": 4, "containLabel": True},
        "xAxis": {"type": "value", "show": False, "max": top or 1},
        "yAxis": {
            "type": "category",
            "data": labels,
            "axisTick": {"show": False},
            "axisLine": {"show": False},
            "axisLabel": {"interval": 0},
        },
        "series": [
            {
                "type": "bar",
                "stack": "funnel",
                "silent": True,
                "tooltip": {"show": False},
                "itemStyle": {"color": "transparent"},
                "data": [(top - s["count"]) / 2 for s in shown],
            },
            {
                "type": "bar",
                "stack": "funnel",
                "barWidth": "70%",
                "label": {"show": True, "position": "inside", "color": "#fff", "formatter": "{c}"},
                "data": [
                    {
                        "value": s["count"],
                        "url": s["url"],
                        "itemStyle": {"color": STAGE_COLOURS[(len(shown) - 1 - i) % len(STAGE_COLOURS)]},
                    }
                    for i, s in enumerate(shown)
                ],
            },
        ],
    }


def trend(rows):
    months = [row["month"] for row in rows]
    collected, completed, on_time, satisfaction = _("Collected"), _("Completed"), _("On-time rate"), _("Satisfaction rate")
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [collected, completed, on_time, satisfaction], "top": 0},
        "grid": GRID,
        "xAxis": {"type": "category", "data": months},
        "yAxis": [
            {"type": "value", "name": _("Matters"), "minInterval": 1},
            {"type": "value", "name": "%", "min": 0, "max": 100, "splitLine": {"show": False}},
        ],
        "series": [
            {"name": collected, "type": "bar", "data": [{"value": r["figures"].collected, "url": r["url"]} for r in rows]},
            {"name": completed, "type": "bar", "data": [{"value": r["figures"].completed, "url": r["url"]} for r in rows]},
            {"name": on_time, "type": "line", "yAxisIndex": 1, "connectNulls": True, "data": [r["on_time"] for r in rows]},
            {
                "name": satisfaction,
                "type": "line",
                "yAxisIndex": 1,
                "connectNulls": True,
                "data": [r["satisfaction"] for r in rows],
            },
        ],
    }


def bars(lines, *, limit=10, name=None):
    """Horizontal bars of the matters collected per value, the largest on top."""
    shown = [line for line in lines if line.figures.collected][:limit]
    shown.reverse()
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c}"},
        "grid": {**GRID, "top": 8},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {
            "type": "category",
            "data": [line.label for line in shown],
            "axisLabel": {"width": 140, "overflow": "truncate", "interval": 0},
        },
        "series": [
            {
                "type": "bar",
                "name": name or _("Collected"),
                "label": {"show": True, "position": "right"},
                "data": [{"value": line.figures.collected, "url": line.links["collected"]} for line in shown],
            }
        ],
    }


def words(topics):
    shown = list(reversed(topics[:TOPICS]))
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c}"},
        "grid": {**GRID, "top": 8},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [t["word"] for t in shown], "axisLabel": {"interval": 0}},
        "series": [
            {
                "type": "bar",
                "name": _("Matters"),
                "label": {"show": True, "position": "right"},
                "data": [{"value": t["count"], "url": t["url"]} for t in shown],
            }
        ],
    }


def options(cockpit):
    """{element id: option} for every chart of the page."""
    found = {
        "chart-funnel": funnel(cockpit.funnel),
        "chart-trend": trend(cockpit.trend),
        "chart-regions": bars(cockpit.children, limit=12),
    }
    for dimension, _label, lines in cockpit.breakdowns:
        if len(lines) > 1:
            found[f"chart-{dimension}"] = bars(lines)
    if cockpit.hot_topics:
        found["chart-topics"] = words(cockpit.hot_topics)
    return found


def height(lines, *, limit=10):
    """Pixels for a bar chart of `lines`: each bar keeps its thickness however few there are."""
    return 48 + 26 * min(len([line for line in lines if line.figures.collected]), limit)
