"""Recount a vote from its audit file alone, as anyone holding the file can: print the file's SHA-256
(the one on the result sheet) and the result; with --vote, compare it with what the database stored
at the count and fail loudly when they differ."""

import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.voting import documents, results, services, tally
from minyi.voting.models import Kind, Vote


class Command(BaseCommand):
    help = gettext_lazy(
        "Recount a vote from its audit file (the file whose SHA-256 the result sheet prints) and print the result; "
        "with --vote, compare it with the result stored for that vote."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help)  # argparse wraps it with a regular expression: a lazy string fails there
        return parser

    def add_arguments(self, parser):
        parser.add_argument("audit_file", help=gettext_lazy("the vote's audit file (JSON)"))
        parser.add_argument("--vote", type=int, metavar="ID", help=gettext_lazy("compare with the stored result of this vote"))

    def handle(self, *args, audit_file, vote=None, **options):
        path = Path(audit_file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror or error}) from None
        digest = hashlib.sha256(data).hexdigest()
        try:
            document = json.loads(data)
            recounted = services.recount(data)
            labels = {option["number"]: option["label"] for option in document["options"]}
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CommandError(_("%(path)s is not a vote's audit file: %(error)s") % {"path": path, "error": error}) from None
        info = document["vote"]
        self.stdout.write(_("Audit file: %(path)s") % {"path": path})
        self.stdout.write(f"SHA-256: {digest}")
        self.stdout.write(_("Vote: %(title)s (%(kind)s, %(round)s)") % {
            "title": info.get("title", ""), "kind": Kind(info["kind"]).label, "round": documents.round_label(info.get("round", 1))})
        self._write_result(recounted, labels)
        if vote is not None:
            self._compare(vote, document, digest, recounted)

    def _write_result(self, result, labels):
        rules = result.rules
        self.stdout.write(
            _("Members %(members)s, present %(present)s; ballots cast %(cast)s, valid %(valid)s, invalid %(invalid)s, of them blank %(blank)s.")
            % {"members": rules.electorate, "present": rules.present, "cast": result.cast, "valid": result.valid,
               "invalid": result.invalid, "blank": result.blank}
        )
        if rules.quorum == "none":
            self.stdout.write(_("No quorum is required."))
        elif result.quorum_met:
            self.stdout.write(_("The quorum is met."))
        else:
            self.stdout.write(_("The quorum is not met: the count decides nothing."))
        if rules.kind in (tally.DIFFERENTIAL, tally.POLL):
            self._write_choice(result, labels)
        else:
            self._write_items(result, labels)

    def _write_choice(self, result, labels):
        rules = result.rules
        if rules.kind == tally.DIFFERENTIAL:
            self.stdout.write(_("Elected with at least %(threshold)s votes.") % {"threshold": rules.base // 2 + 1})
        chosen, tied = set(result.chosen), set(result.tied)
        table = [[_("Rank"), _("Number"), _("Candidate item"), _("Votes received"), _("Outcome")]]
        rank, previous = 0, None
        for place, (number, votes) in enumerate(result.ranking, start=1):
            if votes != previous:  # equal votes share a rank, as on the result sheet
                rank, previous = place, votes
            outcome = "chosen" if number in chosen else "tied" if number in tied else "not_chosen"
            row = results.Row(number=number, label=labels[number], votes=votes, rank=rank, outcome=outcome)
            table.append([rank, number, row.label, votes, documents.outcome_label(rules.kind, row)])
        self._write_table(table)
        names = "、".join(f"{number} {labels[number]}" for number in result.chosen) or "—"
        self.stdout.write((_("Elected: %(names)s") if rules.kind == tally.DIFFERENTIAL else _("Selected: %(names)s")) % {"names": names})
        if result.tied:
            self.stdout.write(_("Tied at the last place: %(names)s; %(open)s place(s) remain open for a second round.") % {
                "names": "、".join(f"{number} {labels[number]}" for number in result.tied), "open": result.open_places})
        elif result.open_places and result.quorum_met:
            self.stdout.write(_("Places left open: %(open)s.") % {"open": result.open_places})

    def _write_items(self, result, labels):
        rules = result.rules
        choices = tally.MOTION_CHOICES if rules.kind == tally.MOTION else tally.SATISFACTION_CHOICES
        if rules.kind == tally.MOTION:
            self.stdout.write(_("Passed with at least %(threshold)s votes for.") % {"threshold": rules.base // 2 + 1})
            last = _("Outcome")
        else:
            last = _("Satisfaction rate")
        table = [[_("Number"), _("Item voted on") if rules.kind == tally.MOTION else _("Object of the evaluation"),
                  *(results.choice_label(choice) for choice in choices), last]]
        chosen = set(result.chosen)
        for number, counts in result.counts.items():
            row = results.Row(number=number, label=labels[number], counts=counts)
            if rules.kind == tally.MOTION:
                row.outcome = "passed" if number in chosen else "failed"
                figure = row.outcome_label
            else:
                row.rate = result.rates.get(number)
                figure = row.rate_percent or "—"
            table.append([number, row.label, *(counts[choice] for choice in choices), figure])
        self._write_table(table)

    def _write_table(self, table):
        widths = [max(documents.display_width(row[column]) for row in table) for column in range(len(table[0]))]
        for row in table:
            cells = []
            for column, value in enumerate(row):
                padding = " " * (widths[column] - documents.display_width(value))
                cells.append(f"{padding}{value}" if isinstance(value, int) else f"{value}{padding}")
            self.stdout.write("  ".join(cells).rstrip())

    def _compare(self, vote_id, document, digest, recounted):
        vote = Vote.objects.filter(pk=vote_id).first()
        if vote is None:
            raise CommandError(_("There is no vote %(vote)s.") % {"vote": vote_id})
        if document["vote"].get("id") != vote.pk:
            raise CommandError(_("The audit file is of vote %(file)s, not of vote %(vote)s.") % {"file": document["vote"].get("id"), "vote": vote.pk})
        if not vote.result:
            raise CommandError(_("Vote %(vote)s has not been counted: there is no stored result to compare with.") % {"vote": vote.pk})
        # The recount in the very shape the count stored, so every figure is compared, not a selection.
        recomputed = json.loads(json.dumps(services._result_json(vote, recounted)))
        stored = json.loads(json.dumps(vote.result))
        problems = []
        differing = [key for key in sorted(set(stored) | set(recomputed)) if stored.get(key) != recomputed.get(key)]
        for key in differing:
            self.stderr.write(f"{key}: {json.dumps(stored.get(key), ensure_ascii=False)} ≠ {json.dumps(recomputed.get(key), ensure_ascii=False)}")
        if differing:
            problems.append(_("The recount differs from the result stored for vote %(vote)s in: %(fields)s.") % {"vote": vote.pk, "fields": ", ".join(differing)})
        if vote.audit_digest and digest != vote.audit_digest:
            problems.append(_("The file's SHA-256 is not the one recorded at the count (%(recorded)s): this is not the file that was counted.")
                            % {"recorded": vote.audit_digest})
        if problems:
            raise CommandError(" ".join(problems))
        self.stdout.write(self.style.SUCCESS(
            _("The recount agrees with the result stored for vote %(vote)s, and the file is the one recorded at the count.") % {"vote": vote.pk}))
