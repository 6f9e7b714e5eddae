"""A vote on paper: the numbered paper ballots (选票), the counted result for signing (计票结果报告单)
and the result as a spreadsheet with every ballot of the box. Plain functions returning bytes; the
desk's views wrap them in responses.

Every figure comes from the stored result through results.rows/summary/choices, so the sheet, the
spreadsheet and the pages never disagree; every word comes from gettext (the templates hold
placeholders only)."""

import io
import re
import unicodedata

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from minyi.core.documents import render_pdf

from . import results
from .models import Body, Kind

BALLOTS_TEMPLATE = "voting/documents/paper_ballots.html"
RESULT_TEMPLATE = "voting/documents/result_sheet.html"
# WeasyPrint holds a whole document's layout in memory: a batch's numbers are laid out a hundred
# ballots at a time (as minyi/core/documents.render_pdf_in_parts does) and joined.
BALLOTS_PER_PART = 100
MAX_BALLOTS = 10000  # services.print_paper_ballots allows as many


# --- Words shared by the documents ----------------------------------------------------------------


def serial_label(number, count):
    """第0007号: zero-padded to four digits (more for a batch of 10,000), the same width on every ballot
    of the batch so the tellers read them in order."""
    width = max(4, len(str(count)))
    return _("No. %(number)s") % {"number": f"{number:0{width}d}"}


def round_label(number):
    names = {1: _("First round"), 2: _("Second round"), 3: _("Third round")}
    return names.get(number) or _("Round %(number)s") % {"number": number}


def meeting_label(vote):
    """The meeting that holds the vote, under the congress's name."""
    if vote.body == Body.SESSION and vote.session_id:
        session = vote.session
        return _("At the %(term)sth congress's session %(session)s") % {"term": session.term.number, "session": session.number}
    return vote.get_body_display()


def ballot_kind_label(vote):
    return _("Secret ballot") if vote.secret else _("Open ballot")


def outcome_label(kind, row):
    """当选 for a differential vote, 入选 for a poll, a tie short enough for the sheet's column; motions
    as results.Row says them."""
    if row.outcome == "tied":
        return _("Tied: a second round decides")
    if kind == Kind.DIFFERENTIAL and row.outcome in ("chosen", "not_chosen"):
        return _("Elected") if row.outcome == "chosen" else _("Not elected")
    if kind == Kind.POLL and row.outcome in ("chosen", "not_chosen"):
        return _("Selected") if row.outcome == "chosen" else _("Not selected")
    return row.outcome_label


def truncate(text, limit):
    """A description on one or two printed lines: whitespace collapsed, cut at `limit` characters."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip("，,、；;：: ") + "…"


# --- Paper ballots --------------------------------------------------------------------------------


# How much of a description fits, by the number of options on one A4 page (checked on rendered pages:
# up to 8 options with two lines of description, 16 with one, 27 with labels only; a margin is kept for
# labels long enough to wrap. A ballot of more than 27 goes on to a second page, its number on each).
DENSITY = ((6, "roomy", 70), (14, "compact", 34), (None, "dense", 0))


def _density(option_count):
    for limit, name, description_chars in DENSITY:
        if limit is None or option_count <= limit:
            return name, description_chars


def instructions(vote, option_count):
    if vote.kind == Kind.DIFFERENTIAL:
        text = _(
            'There are %(candidates)s candidates for %(places)s places. Mark at most %(places)s on each ballot: a ballot '
            'that marks more is invalid. Draw a "○" in the box after each candidate you agree with.'
        )
    elif vote.kind == Kind.POLL:
        text = _(
            'Choose at most %(places)s of the %(candidates)s options: a ballot that marks more is invalid. Draw a "○" in '
            'the box after each option you choose.'
        )
    elif vote.kind == Kind.MOTION:
        text = _('For each item draw a "○" in one of its three boxes, For, Against or Abstain: one mark per item.')
    else:
        text = _('For each object draw a "○" in one of its three boxes, Satisfied, Basically satisfied or Unsatisfied: one mark per object.')
    return [
        text % {"candidates": option_count, "places": vote.places},
        _("Write with a black or blue pen. A ballot marked so that it cannot be read is invalid."),
    ]


def ballot_context(vote):
    """What every ballot of the vote shows; only the serial number changes from one to the next."""
    options = list(vote.options.all())
    density, description_chars = _density(len(options))
    if vote.is_choice:
        mark_headers = [_("Agree") if vote.kind == Kind.DIFFERENTIAL else _("Choose")]
        name_header = _("Candidate item")
    else:
        mark_headers = [label for _choice, label in results.choices(vote)]
        name_header = _("Item voted on") if vote.kind == Kind.MOTION else _("Object of the evaluation")
    return {
        "congress": vote.congress.name,
        "meeting": meeting_label(vote),
        "title": vote.title,
        "heading": _("Ballot"),
        "kind": vote.get_kind_display(),
        "ballot_kind": ballot_kind_label(vote),
        "secret": vote.secret,
        "name_field": _("Representative's name:"),
        "instructions": instructions(vote, len(options)),
        "number_header": _("Number"),
        "name_header": name_header,
        "mark_headers": mark_headers,
        "density": density,
        "options": [
            {"number": o.position, "label": o.label,
             "description": truncate(o.description, description_chars) if vote.is_choice and description_chars else ""}
            for o in options
        ],
    }


def paper_ballots_pdf(vote, count, *, per_part=BALLOTS_PER_PART):
    """`count` numbered paper ballots, 第0001号 to the last, one per A4 page (a ballot of very many
    options takes more, its number on each).

    Every ballot of a vote is the same but for its number, so the ballot is laid out once, stored once
    (as a form every page draws) and each number laid out on a page of its own over it: WeasyPrint
    takes 0.2 s to lay out a page of the ballot and 0.03 s a page of just a number, so a hall's 320
    ballots take seconds where laying out each ballot took more than a minute. The numbers are laid
    out a hundred ballots at a time, so memory stays flat for a batch of any size."""
    from pypdf import PdfReader, PdfWriter

    if not 1 <= count <= MAX_BALLOTS:
        raise ValueError(f"between 1 and {MAX_BALLOTS} ballots, not {count}")
    ballot = ballot_context(vote)
    writer = PdfWriter()
    blank = PdfReader(io.BytesIO(render_pdf(BALLOTS_TEMPLATE, {"ballot": ballot}))).pages
    layers = [_page_as_layer(writer, page, f"/MinyiBallot{number}") for number, page in enumerate(blank)]
    for start in range(1, count + 1, per_part):
        numbers = range(start, min(start + per_part, count + 1))
        # A page of the number for each page of each ballot, laid out where the ballot leaves room for it.
        serials = [serial_label(number, count) for number in numbers for _page in blank]
        stamps = PdfReader(io.BytesIO(render_pdf(BALLOTS_TEMPLATE, {"serials": serials, "numbers_only": True})))
        for index, stamp in enumerate(stamps.pages):
            _draw_under(writer.add_page(stamp), layers[index % len(layers)])
    writer.add_metadata({"/Title": f"{vote.title} {ballot['heading']}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _page_as_layer(writer, page, name):
    """A page as a Form XObject of `writer`, stored once, and the few bytes that draw it on another
    page: (name, form, drawing)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(value) for value in page.mediabox]),
        NameObject("/Resources"): page["/Resources"].clone(writer),
    })
    drawing = DecodedStreamObject()
    drawing.set_data(f"q {name} Do Q\n".encode())
    # pypdf has no public call that adds a new object to a writer; _add_object is what its own code uses.
    return NameObject(name), writer._add_object(form.flate_encode()), writer._add_object(drawing)


def _draw_under(page, layer):
    """Draw the layer first on `page` (a page of `writer`), under what the page draws itself."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    name, form, drawing = layer
    resources = page["/Resources"]
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"][name] = form
    contents = page.raw_get("/Contents")
    contents = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([drawing, *contents])


# --- The counted result ---------------------------------------------------------------------------


def _require_result(vote):
    if not vote.result:
        raise ValueError(f"vote {vote.pk} has not been counted")


def figures(vote):
    """(label, number) of the ballots, in the order a result report lists them."""
    summary = results.summary(vote)
    return [
        (_("Members (to attend)"), summary["members"]),
        (_("Members present"), summary["present"]),
        (_("Ballots cast"), summary["cast"]),
        (_("Valid ballots"), summary["valid"]),
        (_("Invalid ballots"), summary["invalid"]),
        (_("Of them blank"), summary["blank"]),
    ]


def quorum_text(vote):
    summary = results.summary(vote)
    numbers = {"present": summary["present"], "members": summary["members"]}
    if vote.result["rules"]["quorum"] == "none":
        return _("No quorum is required.")
    if summary["quorum_met"]:
        return _("%(present)s of %(members)s members present, more than two thirds: the quorum is met.") % numbers
    return _("%(present)s of %(members)s members present, not more than two thirds: the quorum is not met and the count decides nothing.") % numbers


def threshold_text(vote):
    rules = vote.result["rules"]
    summary = results.summary(vote)
    of_all = rules["threshold_base"] == "all"
    numbers = {"base": rules["electorate"] if of_all else rules["present"], "threshold": summary["threshold"]}
    if vote.kind == Kind.DIFFERENTIAL:
        text = (_("Elected with more than half of all %(base)s members' votes, that is at least %(threshold)s votes.") if of_all
                else _("Elected with more than half of the %(base)s members present, that is at least %(threshold)s votes."))
    elif vote.kind == Kind.MOTION:
        text = (_("Passed with more than half of all %(base)s members voting for, that is at least %(threshold)s votes for.") if of_all
                else _("Passed with more than half of the %(base)s members present voting for, that is at least %(threshold)s votes for."))
    elif vote.kind == Kind.POLL:
        text = _("The %(places)s options with the most votes are selected; there is no threshold.")
        numbers = {"places": rules["places"]}
    else:
        text = _("Satisfaction rate = (satisfied + basically satisfied) ÷ the valid ballots that judged the object.")
    return text % numbers


def places_text(vote):
    if not vote.is_choice:
        return ""
    return _("%(places)s of %(candidates)s") % {"places": vote.result["rules"]["places"], "candidates": len(vote.result["counts"])}


def notes(vote, rows):
    """What the count left undecided: places open for a tie (a second round decides) or for want of
    candidates over the threshold."""
    summary = results.summary(vote)
    if not vote.is_choice or not summary["quorum_met"] or not summary["open_places"]:
        return []
    tied = [row for row in rows if row.outcome == "tied"]
    if tied:
        return [_("%(names)s are tied at the last place with %(votes)s votes each: %(open)s place(s) remain open and a second round among them decides.")
                % {"names": "、".join(row.label for row in tied), "votes": tied[0].votes, "open": summary["open_places"]}]
    places = vote.result["rules"]["places"]
    return [_("Only %(chosen)s of %(places)s places are filled: %(open)s remain open.")
            % {"chosen": places - summary["open_places"], "places": places, "open": summary["open_places"]}]


def table(vote, rows):
    """(headers, body rows) of the result table: numbers as numbers, the rest as display strings."""
    if vote.is_choice:
        headers = [_("Rank"), _("Number"), _("Candidate item"), _("Votes received"), _("Outcome")]
        return headers, [[row.rank, row.number, row.label, row.votes, outcome_label(vote.kind, row)] for row in rows]
    choice_columns = results.choices(vote)
    headers = [_("Number"), _("Item voted on") if vote.kind == Kind.MOTION else _("Object of the evaluation")]
    headers += [label for _choice, label in choice_columns]
    headers.append(_("Outcome") if vote.kind == Kind.MOTION else _("Satisfaction rate"))
    body = []
    for row in rows:
        cells = [row.number, row.label] + [row.counts.get(choice, 0) for choice, _label in choice_columns]
        cells.append(outcome_label(vote.kind, row) if vote.kind == Kind.MOTION else (row.rate_percent or "—"))
        body.append(cells)
    return headers, body


def column_layout(vote):
    """(millimetres, alignment) of the result table's columns on the sheet; a width of None takes
    what is left (the names)."""
    if vote.is_choice:
        return [(16, "center"), (16, "center"), (None, "left"), (22, "right"), (36, "left")]
    if vote.kind == Kind.MOTION:
        return [(14, "center"), (None, "left"), (16, "right"), (16, "right"), (16, "right"), (20, "center")]
    return [(14, "center"), (None, "left"), (16, "right"), (20, "right"), (18, "right"), (22, "right")]


def counted_at_text(vote):
    return date_format(timezone.localtime(vote.counted_at), "DATETIME_FORMAT") if vote.counted_at else ""


def signers(vote):
    """(role, name) of each signature line: the chief teller, the vote's tellers by name (or blank
    lines for a scrutineer and a teller), the chair."""
    names = [str(teller.user) for teller in vote.tellers.select_related("user").order_by("id")]
    lines = [(_("Chief teller"), "")]
    if names:
        lines += [(_("Scrutineer and teller"), name) for name in names]
    else:
        lines += [(_("Scrutineer"), ""), (_("Teller"), "")]
    lines.append((_("Chair"), ""))
    return lines


def sheet_context(vote):
    rows = results.rows(vote)
    headers, body = table(vote, rows)
    layout = column_layout(vote)
    info = [(_("Kind of vote"), vote.get_kind_display()), (_("Voting method"), ballot_kind_label(vote))]
    if vote.is_choice:
        info += [(_("Round of voting"), round_label(vote.round_number)), (_("Places"), places_text(vote))]
    return {
        "congress": vote.congress.name,
        "meeting": meeting_label(vote),
        "title": vote.title,
        "heading": _("Vote count report"),
        "info": [info[start:start + 2] for start in range(0, len(info), 2)],
        "figures": figures(vote),
        "rules": [(_("Quorum"), quorum_text(vote)), (_("Rule of the count"), threshold_text(vote))],
        "headers": headers,
        "widths": [width for width, _align in layout],
        "body": [[(value, align) for value, (_width, align) in zip(cells, layout)] for cells in body],
        "notes": notes(vote, rows),
        "digest_label": _("Audit file SHA-256"),
        "digest": vote.audit_digest,
        "digest_note": _("Anyone holding the audit file can recount the vote and check it against this value."),
        "counted_label": _("Counted at"),
        "counted_at": counted_at_text(vote),
        "signature_headers": [_("Role at the count"), _("Name"), _("Signature")],
        "signers": signers(vote),
        "date_line": _("Date:        year      month      day"),
    }


def result_sheet_pdf(vote):
    """The counted result on one or two A4 pages, for the tellers and the chair to sign."""
    _require_result(vote)
    return render_pdf(RESULT_TEMPLATE, sheet_context(vote))


# --- The spreadsheet ------------------------------------------------------------------------------


def marks_text(vote, marks):
    """A ballot's marks as a teller reads them out: 1、3 (choices) or 1:赞成 2:反对 (items)."""
    if marks is None:
        return _("Spoilt")
    if not marks:
        return _("(blank)")
    if vote.is_choice:
        return "、".join(str(number) for number in marks)
    return " ".join(f"{number}:{results.choice_label(choice)}" for number, choice in sorted(marks.items(), key=lambda pair: int(pair[0])))


def display_width(value):
    """Columns `value` takes in a spreadsheet or a terminal: a Chinese character takes two."""
    text = str(value if value is not None else "")
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit_columns(sheet, row_numbers, *, minimum=8, maximum=50):
    """Each column as wide as its longest value in `row_numbers` (a Chinese character counts double)."""
    widths = {}
    for number in row_numbers:
        for cell in sheet[number]:
            if cell.value is not None:
                widths[cell.column_letter] = max(widths.get(cell.column_letter, 0), display_width(cell.value))
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = min(max(width + 2, minimum), maximum)


def result_workbook(vote):
    """The result (sheet 计票结果: title block, figures, the table) and the box (sheet 选票明细: every
    ballot's marks, in the box's shuffled order) as an .xlsx."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    _require_result(vote)
    bold = Font(bold=True)
    rows = results.rows(vote)
    headers, body = table(vote, rows)
    workbook = Workbook()

    sheet = workbook.active
    sheet.title = _("Vote count")[:31]
    title = vote.title if not vote.is_choice else f"{vote.title}（{round_label(vote.round_number)}）"
    sheet.append([f"{vote.congress.name} {title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{vote.get_kind_display()}；{ballot_kind_label(vote)}；{threshold_text(vote)}{quorum_text(vote)}"])
    figure_rows = figures(vote)
    sheet.append([label for label, _value in figure_rows])
    for cell in sheet[3]:
        cell.font = bold
    sheet.append([value for _label, value in figure_rows])
    counted_at = timezone.localtime(vote.counted_at).replace(tzinfo=None) if vote.counted_at else None  # Excel has no time zones
    sheet.append([_("Counted at"), counted_at, None, _("Audit file SHA-256"), vote.audit_digest])
    sheet["A5"].font = sheet["D5"].font = bold
    sheet["B5"].number_format = "yyyy-mm-dd hh:mm"
    sheet.append([])
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
    for row, cells in zip(rows, body):
        if vote.kind == Kind.SATISFACTION:
            cells = cells[:-1] + [None if row.rate is None else float(row.rate)]
        sheet.append(cells)
        if vote.kind == Kind.SATISFACTION:
            sheet.cell(row=sheet.max_row, column=len(cells)).number_format = "0.00%"
    table_end = sheet.max_row
    for note in notes(vote, rows):
        sheet.append([note])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    # Widths from the figures and the table; the title lines, the digest and the notes run on to the right.
    _fit_columns(sheet, [3, 4, *range(header_row, table_end + 1)])
    box = workbook.create_sheet(_("Ballots")[:31])
    box.append([_("Running number"), _("Paper ballot number"), _("Marks")])
    for cell in box[1]:
        cell.font = bold
    for running, (marks, paper_number) in enumerate(vote.ballots.order_by("id").values_list("marks", "paper_number"), start=1):
        box.append([running, paper_number, marks_text(vote, marks)])
    box.freeze_panes = "A2"
    _fit_columns(box, range(1, box.max_row + 1))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
