"""The annual report as a PDF: the outline rendered through an HTML template by WeasyPrint
(minyi.core.documents), the charts embedded as data URIs so that nothing is fetched while printing."""

import base64

from minyi.core.documents import render_pdf

from .outline import Chart, Heading, Paragraph, Table


def _block(block):
    if isinstance(block, Heading):
        return {"kind": "heading", "item": block}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "item": block}
    if isinstance(block, Chart):
        return {"kind": "chart", "item": block, "src": "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")}
    if isinstance(block, Table):
        cells = [[(value, index in block.numeric) for index, value in enumerate(row)] for row in block.rows]
        return {"kind": "table", "item": block, "cells": cells}
    raise TypeError(f"no layout for {type(block).__name__}")


def render(outline):
    return render_pdf("annual_reports/document.html", {"outline": outline, "blocks": [_block(b) for b in outline.blocks]})
