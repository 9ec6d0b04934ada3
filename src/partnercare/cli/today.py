"""Bare `partnercare`: today's screen."""

from __future__ import annotations

from partnercare import clock, tips
from partnercare.cli.output import print_json, show

COMMANDS = (
    ("partnercare tips", "the ten tips for supporting your partner"),
    ("partnercare help-now", "crisis lines and support, any time"),
)


def show_today(*, as_json: bool) -> None:
    today = clock.today()
    tip = tips.of_the_day(today)
    if as_json:
        print_json(
            {
                "date": today.isoformat(),
                "tip_of_the_day": {
                    "number": tip.number,
                    "slug": tip.slug,
                    "title": tip.title,
                    "summary": tip.summary,
                },
            }
        )
        return
    from partnercare.render import today_screen

    show(today_screen(today, tip, [], COMMANDS))
