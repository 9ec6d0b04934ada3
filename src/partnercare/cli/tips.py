"""`partnercare tips`: list, read, pick and search the ten tips."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from partnercare.cli.help_examples import examples
from partnercare.cli.output import print_json, show

if TYPE_CHECKING:
    from partnercare import tips

HELP = (
    "The ten tips for supporting a partner: list them, read one in full, "
    "or find the one you need. Not medical advice."
)
EPILOG = examples(
    "partnercare tips",
    "partnercare tips 4",
    "partnercare tips be-patient-and-listen",
    "partnercare tips --next",
    'partnercare tips --search "won\'t talk"',
)


def _read_state() -> dict[int, str]:
    from partnercare import tips
    from partnercare.cli.common import journal_encrypted, open_existing_store, open_if_unlocked

    # An encrypted journal without its key at hand: the tips, with no read marks.
    store = open_if_unlocked() if journal_encrypted() else open_existing_store()
    if store is None:
        return {}
    with store:
        return tips.read_marks(store)


def tips_command(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="[TIP]", help="A tip number (1-10) or short name, to read it in full."
        ),
    ] = None,
    *,
    today: Annotated[bool, typer.Option("--today", help="The tip of the day.")] = False,
    random: Annotated[bool, typer.Option("--random", help="A random tip.")] = False,
    next_: Annotated[bool, typer.Option("--next", help="The first tip you have not read.")] = False,
    search: Annotated[
        str | None, typer.Option("--search", "-s", metavar="WORDS", help="Find tips by words.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the tips as JSON.")] = False,
) -> None:
    from partnercare import clock, tips
    from partnercare.cli.common import open_if_unlocked

    chosen = [
        name
        for name, on in (
            ("TIP", ref is not None),
            ("--today", today),
            ("--random", random),
            ("--next", next_),
            ("--search", search is not None),
        )
        if on
    ]
    if len(chosen) > 1:
        raise typer.BadParameter(f"use one of these at a time: {', '.join(chosen)}")
    content = tips.content()

    if search is not None:
        if not search.strip():
            from partnercare.errors import InvalidInputError

            raise InvalidInputError(
                "nothing to search for: give a word or two, such as --search sleep"
            )
        matches = tips.search(search)
        if as_json:
            from partnercare.render import json as shapes

            read = _read_state()
            print_json([shapes.tip_match(m, read, content.disclaimer) for m in matches])
        else:
            from partnercare.render.screen import search_results

            show(search_results(matches, search))
        return

    label = None
    if ref is not None:
        tip = tips.find(ref)
    elif today:
        tip, label = tips.of_the_day(clock.today()), "Tip of the day"
    elif random:
        tip = tips.pick_random()
    elif next_:
        unread = tips.first_unread(set(_read_state()))
        if unread is None:
            if as_json:
                print_json([])
            else:
                show_all_read(content.closing)
            return
        tip, label = unread, "Next unread tip"
    else:
        read = _read_state()
        if as_json:
            from partnercare.render import json as shapes

            print_json([shapes.tip(t, read, content.disclaimer) for t in content.tips])
        else:
            from partnercare.render.screen import tips_table

            show(tips_table(content.tips, read))
        return

    if as_json:
        from partnercare.render import json as shapes

        print_json([shapes.tip(tip, _read_state(), content.disclaimer)])
        return
    closing = content.closing if tip.number == len(content.tips) else None
    _show_tip(tip, len(content.tips), content.disclaimer, label, closing)
    # A read-only or locked (encrypted, no key at hand) journal still shows the tip;
    # it stays unmarked.
    store = open_if_unlocked()
    if store is None:
        return
    with store:
        if not store.read_only:
            tips.mark_read(store, tip.number, clock.now().isoformat())


def _show_tip(
    tip: tips.Tip, total: int, disclaimer: str, label: str | None, closing: str | None
) -> None:
    """The tip in full: laid out by render.tip_plain (no rich import), or by rich if it must
    (and for the last tip, which ends with the closing thoughts)."""
    from partnercare import terminal
    from partnercare.render.tip_plain import tip_text

    text = None
    if closing is None:
        text = tip_text(
            tip,
            total,
            disclaimer,
            label=label,
            width=terminal.width(sys.stdout),
            styled=terminal.styled(sys.stdout),
        )
    if text is None:
        from partnercare.render.screen import tip_full

        show(tip_full(tip, total, disclaimer, label=label, closing=closing))
    else:
        sys.stdout.write(text)


def show_all_read(closing: str) -> None:
    from partnercare.cli.output import print_message
    from partnercare.render.screen import closing_thoughts

    show(closing_thoughts(closing))
    print_message(
        "You have read all ten tips. "
        "Any one again: partnercare tips N, or partnercare tips --random"
    )
