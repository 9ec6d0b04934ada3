"""`partnercare report`: one page to bring to a therapist or the treatment team."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples

if TYPE_CHECKING:
    from datetime import date

    from partnercare.report import Report

HELP = (
    "One page for a therapist or the treatment team: how your partner seemed (averages, "
    "charts, weekly numbers, the treatment course), your own wellbeing, routines, the "
    "entries you tagged 'question', and how every number was made. The last 28 days "
    "unless --since/--until. Your notes stay out unless --include-notes. Markdown to the "
    "screen; --format html writes a file to print or share (partnercare-report-DATE.html "
    "unless --output). Observations, not a diagnosis."
)
EPILOG = examples(
    ("partnercare report", "the last 28 days, as Markdown"),
    ("partnercare report --format html", "a file to print or bring along"),
    ("partnercare report --since 2026-09-01 --until 2026-11-30", "a period of your choosing"),
    ("partnercare report --include-notes --output report.md", "with your notes, to a file"),
)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


def report_command(
    *,
    since: common.Since = None,
    until: common.Until = None,
    format_: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html or json; unless given, from --output's ending (.html, .json), else md.",
        ),
    ] = None,
    output: common.Output = None,
    include_notes: Annotated[
        bool,
        typer.Option(
            "--include-notes", help="Add your notes and check-in notes (left out by default)."
        ),
    ] = False,
    force: common.Force = False,
) -> None:
    from partnercare import clock, trends
    from partnercare.cli.output import print_message, write_output

    today = clock.today()
    # Everything the user typed is checked before the journal is read.
    first, last = trends.period(today, since=since, until=until)
    target = output
    if format_ is None:
        format_ = _format_of(target)
    if target is None and format_ is ReportFormat.html:
        target = Path(f"partnercare-report-{last.isoformat()}.html")
    _check_target(target, force=force)
    found = _load(first, last, today=today, include_notes=include_notes)
    text = _render(found, format_)
    is_json = format_ is ReportFormat.json
    if write_output([text], target, is_json=is_json, replace=force):
        print_message(f"Report written to {target} (readable only by you).")


def _format_of(target: Path | None) -> ReportFormat:
    """The format an --output file's name asks for: report.html is HTML."""
    suffix = "" if target is None else target.suffix.lower()
    if suffix in (".html", ".htm"):
        return ReportFormat.html
    return ReportFormat.json if suffix == ".json" else ReportFormat.md


def _check_target(target: Path | None, *, force: bool) -> None:
    """A file that exists is replaced only with --force: a report is never written over
    something by accident (and the write itself refuses one that appears meanwhile)."""
    if target is None or str(target) == "-":
        return
    from partnercare import files, paths
    from partnercare.errors import InvalidInputError

    if files.output_target(target, private_dir=paths.data_dir()) and not force:
        raise InvalidInputError(f"{target} exists; add --force to replace it")


def _load(first: date, last: date, *, today: date, include_notes: bool) -> Report:
    from partnercare import report, settings

    country = settings.load().settings.country
    store = common.open_existing_store()
    if store is None:
        return report.load(
            None, first, last, prepared=today, include_notes=include_notes, country=country
        )
    with store:
        return report.load(
            store, first, last, prepared=today, include_notes=include_notes, country=country
        )


def _render(found: Report, format_: ReportFormat) -> str:
    if format_ is ReportFormat.html:
        from partnercare.render import html

        return html.report(found)
    if format_ is ReportFormat.json:
        import json

        from partnercare.render import json as shapes

        return json.dumps(shapes.report(found), ensure_ascii=False, indent=2) + "\n"
    from partnercare.render import markdown

    return markdown.report(found)
