"""`partnercare trends`: how the last weeks went, in strips and a few honest lines."""

from __future__ import annotations

from typing import Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples

HELP = (
    "Are things getting better? How your partner seemed, your own mood, stress and "
    "sleep, day by day over the last 28 days (or --days N, or --since/--until), with "
    "averages against the period before, the routines and self-care you logged, your "
    "WHO-5 scores and the treatment course. At most two patterns, only when three weeks "
    "of check-ins can bear them, and never as cause. Reads your journal; changes nothing."
)
EPILOG = examples(
    ("partnercare trends", "the last 28 days"),
    ("partnercare trends --days 90", "the last 90 days (weekly columns)"),
    ("partnercare trends --since 2026-09-01 --until 2026-10-31", "a period of your choosing"),
    ("partnercare trends --json", "the numbers, for a script"),
)


def trends_command(
    *,
    days: Annotated[
        str | None,
        typer.Option(
            "--days", "-d", metavar="N", help="The last N days (28 unless given; up to 36,600)."
        ),
    ] = None,
    since: common.Since = None,
    until: common.Until = None,
    as_json: common.Json = False,
) -> None:
    from partnercare import clock, trends
    from partnercare.cli.output import print_json, print_text

    # The period is checked before the journal is opened: a typo changes nothing.
    today = clock.today()  # once: a run across midnight still speaks of one day
    first, last = trends.period(today, days=days, since=since, until=until)
    store = common.open_existing_store()
    if store is None:
        found = trends.build(first, last, {}, [], [])
    else:
        with store:
            found = trends.load(store, first, last)
    if as_json:
        from partnercare.render import json as shapes

        print_json(shapes.trends(found))
        return
    import os
    import sys

    from partnercare import terminal
    from partnercare.render.trends_text import trends_text

    # Styles as escape codes: Windows consoles that do not take them get none.
    styled = terminal.styled(sys.stdout) and os.name != "nt"
    width = terminal.width(sys.stdout)
    text = trends_text(found, today=today, width=width, styled=styled)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):  # an ASCII or Latin-1 output: digits for bars
        text = trends_text(found, today=today, width=width, styled=styled, ascii_only=True)
    print_text(text)
