"""Bare `partnercare`: today's screen."""

from __future__ import annotations

from partnercare import clock, tips
from partnercare.cli.output import print_json, show

CHECKIN_COMMAND = "partnercare checkin"
COMMANDS = (
    (CHECKIN_COMMAND, "today's check-in, in under a minute"),
    ("partnercare tips", "the ten tips for supporting your partner"),
    ("partnercare journal", "your journal: notes and check-ins"),
    ("partnercare appointments", "the treatment course and therapy sessions"),
    ("partnercare trends", "how the last weeks went, and what seems to help"),
    ("partnercare report", "one page to bring to a therapist or the clinic"),
    ("partnercare help-now", "crisis lines and support, any time"),
)


def show_today(*, as_json: bool) -> None:
    """Reads only: a first look before any check-in creates nothing."""
    from partnercare.checkin import service as daily
    from partnercare.cli.common import open_existing_store
    from partnercare.errors import PartnercareError

    today = clock.today()
    tip = tips.of_the_day(today)
    status = daily.TodayStatus(done=False, streak=0, nudge=None)
    unreadable: PartnercareError | None = None
    try:
        store = open_existing_store()
        if store is not None:
            with store:
                status = daily.today_status(store, today)
    except PartnercareError as exc:
        if as_json:
            raise  # no made-up status in data a script reads
        # A journal that cannot be read (damaged, another program's) does not hide
        # the tip and the commands, help-now among them; the line says why after.
        unreadable = exc
    if as_json:
        from partnercare.render import json as shapes

        print_json(shapes.today(today, status, tip))
        return
    from partnercare.render.screen import (
        next_appointment_lines,
        today_checkin_lines,
        today_screen,
    )

    lines = (
        []
        if unreadable is not None
        else today_checkin_lines(
            done=status.done,
            streak=status.streak,
            nudge=status.nudge,
            command=CHECKIN_COMMAND,
            worried=status.worried,
        )
    )
    if unreadable is None and not status.worried and (status.next_appointment or status.care):
        from partnercare import appointments

        care = []
        if status.care:
            infusion = status.care_for
            care = appointments.care(
                status.care,
                driver=bool(infusion and infusion.driver),
                going=None if infusion is None else infusion.going,
            )
        lines += next_appointment_lines(status.next_appointment, today, care)
    show(today_screen(today, tip, lines, COMMANDS))
    if unreadable is not None:
        raise unreadable
