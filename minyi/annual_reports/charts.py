"""The report's charts as PNG images, drawn on the server by matplotlib (Agg, no display) so that
the same picture goes into the Word file and the PDF.

Chinese labels need a CJK font: Noto Sans CJK (Debian's fonts-noto-cjk, which the PDF needs too)
is looked up through fontconfig. Without it the charts are still drawn, with a warning in the log,
and their Chinese labels show as empty boxes.

Only matplotlib's object API is used (Figure + its Agg canvas), never pyplot: the worker runs
tasks in threads, and pyplot keeps global state."""

import io
import logging
import os
import shutil
import subprocess
import threading

log = logging.getLogger(__name__)

# The colours of the desk's ECharts (static/minyi/charts.js), so the printed charts match the pages.
PALETTE = ["#1f4e8c", "#a8181d", "#d08a1e", "#2b7a3d", "#6a4c93", "#2f8f9d", "#8c8c8c", "#c46d97", "#b3a01f", "#5a6b7d"]
WIDTH_INCHES = 7.2
DPI = 200
BAR_LIMIT = 12

_font_lock = threading.Lock()
_font_family = None


def cjk_font_file():
    """The file of Noto Sans CJK SC as fontconfig knows it, or None."""
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}|%{file}", "Noto Sans CJK SC:lang=zh-cn"],
                               capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families, _bar, path = found.partition("|")
    # fc-match always answers, with some other font when the one asked for is missing.
    return path if path and "CJK" in families else None


def _setup():
    """Choose the font once per process; returns the font family used for every text."""
    global _font_family
    with _font_lock:
        if _font_family is not None:
            return _font_family
        from django.conf import settings

        # matplotlib keeps its font list in a cache folder; in the var dir it survives the
        # worker's restarts (a home folder may not be writable for the service's user).
        os.environ.setdefault("MPLCONFIGDIR", str(settings.VAR_DIR / "matplotlib"))
        import matplotlib

        matplotlib.use("Agg", force=True)
        from matplotlib import font_manager

        path = cjk_font_file()
        family = "DejaVu Sans"
        if path:
            try:
                font_manager.fontManager.addfont(path)
                family = font_manager.FontProperties(fname=path).get_name()
            except Exception:  # a broken font file must not stop the report; the labels lose their glyphs
                log.warning("could not load the CJK font %s for the report charts", path, exc_info=True)
        else:
            log.warning("no Noto Sans CJK font found (install fonts-noto-cjk): the report charts' Chinese labels will not show")
        matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"]
        matplotlib.rcParams["axes.unicode_minus"] = False
        _font_family = family
        return family


def _figure(height):
    _setup()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    return figure, figure.add_subplot()


def _tidy(axes, integer_axis="y"):
    from matplotlib.ticker import MaxNLocator

    if integer_axis:
        getattr(axes, f"{integer_axis}axis").set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=9)
    axes.grid(axis="y" if axes.name == "rectilinear" else "both", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _png(figure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return out.getvalue()


def trend(months, series, *, ylabel=""):
    """A monthly chart: `series` is [(label, [value per month])]; the first as bars, the others as lines."""
    figure, axes = _figure(3.2)
    positions = list(range(len(months)))
    (first_label, first_values), *others = series
    axes.bar(positions, first_values, color=PALETTE[0], width=0.6, label=first_label)
    for index, (label, values) in enumerate(others, start=1):
        axes.plot(positions, values, color=PALETTE[index], marker="o", linewidth=2, markersize=4, label=label)
    for x, value in zip(positions, first_values):
        if value:
            axes.annotate(f"{value:,}", (x, value), ha="center", va="bottom", fontsize=7, color="#333333",
                          xytext=(0, 2), textcoords="offset points")
    axes.set_xticks(positions, months)
    if ylabel:
        axes.set_ylabel(ylabel, fontsize=9)
    handles, labels = axes.get_legend_handles_labels()
    order = [labels.index(label) for label, _values in series]  # the series' order, not bars after lines
    axes.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=8, frameon=False, loc="upper left", ncols=len(series))
    axes.margins(y=0.15)
    _tidy(axes)
    return _png(figure)


def bars(labels, values, *, value_format="{:,}", limit=BAR_LIMIT, xmax=None):
    """Horizontal bars, largest at the top; at most `limit` of them."""
    labels, values = list(labels)[:limit], list(values)[:limit]
    figure, axes = _figure(max(1.6, 0.32 * len(labels) + 0.6))
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=PALETTE[0], height=0.6)
    axes.set_yticks(positions, labels)
    top = xmax or (max(values) if values else 1) or 1
    axes.set_xlim(0, top * (1.0 if xmax else 1.15))
    for y, value in zip(positions, values):
        axes.annotate(value_format.format(value), (value, y), va="center", ha="left", fontsize=8, xytext=(3, 0),
                      textcoords="offset points", annotation_clip=False)
    _tidy(axes, integer_axis="" if xmax else "x")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.grid(axis="y", visible=False)
    return _png(figure)


def _wrapped(label, width=10):
    """A long axis label on several lines, about `width` Latin letters (or half as many Chinese characters) each."""
    lines, line, used = [], "", 0
    for word in str(label).replace(" ", " \0").split("\0"):
        pieces = [word] if word.isascii() else list(word)
        for piece in pieces:
            size = sum(2 if ord(char) > 0x2E80 else 1 for char in piece)
            if line and used + size > width:
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + piece, used + size
    return "\n".join([*lines, line.rstrip()])


def grouped_bars(labels, series, *, limit=BAR_LIMIT):
    """Vertical bars side by side per label, the first `limit` labels: `series` is [(label, [values])]."""
    labels = [_wrapped(label) for label in labels][:limit]
    series = [(name, list(values)[:limit]) for name, values in series]
    figure, axes = _figure(3.2)
    count = len(series)
    width = 0.8 / count
    for index, (label, values) in enumerate(series):
        offset = (index - (count - 1) / 2) * width
        axes.bar([x + offset for x in range(len(labels))], values, width=width, color=PALETTE[index % len(PALETTE)], label=label)
    axes.set_xticks(list(range(len(labels))), labels, rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
    axes.legend(fontsize=8, frameon=False, ncols=count)
    axes.margins(y=0.12)
    _tidy(axes)
    return _png(figure)


def shares(labels, values):
    """A ring of shares with the labels and percentages beside it (for a handful of parts)."""
    pairs = [(label, value) for label, value in zip(labels, values) if value]
    figure, axes = _figure(3.0)
    total = sum(value for _label, value in pairs) or 1
    wedges, _texts = axes.pie([v for _l, v in pairs], colors=[PALETTE[i % len(PALETTE)] for i in range(len(pairs))],
                              startangle=90, counterclock=False, wedgeprops={"width": 0.42, "edgecolor": "white"})
    axes.legend(wedges, [f"{label}  {value:,} ({100 * value / total:.1f}%)" for label, value in pairs], loc="center left",
                bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
    axes.set_aspect("equal")
    return _png(figure)
