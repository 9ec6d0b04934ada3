"""Every interactive question partnercare asks. The only module that imports questionary.

questionary is imported inside each function: most commands never ask anything,
and it pulls in prompt_toolkit. A prompt that returns None (Ctrl-C, Esc)
becomes CancelledError, so the caller saves nothing half-done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnercare.errors import CancelledError


def confirm(message: str, *, default: bool = False) -> bool:
    """A yes/no question; Ctrl-C raises CancelledError."""
    import questionary

    answer = questionary.confirm(message, default=default).ask()
    if answer is None:
        raise CancelledError("cancelled; nothing was changed")
    return bool(answer)


# -- the daily check-in ------------------------------------------------------------

if TYPE_CHECKING:
    from collections.abc import Sequence

    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from questionary import Choice

    from partnercare.checkin import Question

CHECKIN_CANCELLED = "check-in cancelled, nothing saved"
# questionary turns a None value into the choice's title, so "couldn't tell" has a
# stand-in value that cannot collide with a scale number.
_SKIP = "__skip__"


def ask_checkin(
    questions: Sequence[Question],
    *,
    ask_who5: bool,
    offer_who5: bool = False,
    input: Input | None = None,
    output: Output | None = None,
) -> dict[str, object]:
    """Ask the check-in questions in order and return the answers as an answers file has them.

    1. Each question is asked only if `q.asked(answers so far)`; Enter alone takes
       its default, so Enter on every question gives a valid check-in.
    2. With `ask_who5`, the five WHO-5 items follow the safety question's run, before
       the note; with `offer_who5` the user is first asked whether to answer them now.
    3. Ctrl-C or Esc at any point raises CancelledError: nothing has been saved.

    `input` and `output` are prompt_toolkit's, for tests (`create_pipe_input()`).
    """
    io: dict[str, object] = {}
    if input is not None:
        io["input"] = input
    if output is not None:
        io["output"] = output
    answers: dict[str, object] = {}
    for q in questions:
        if q.kind == "text" and (ask_who5 or offer_who5):
            # the WHO-5 goes before the note, so that the note is still the last question
            who5 = _ask_who5(offer=offer_who5 and not ask_who5, io=io)
            if who5 is not None:
                answers["who5"] = who5
            ask_who5 = offer_who5 = False
        if q.asked(answers):
            answers[q.key] = _ask_question(q, io)
    if ask_who5 or offer_who5:
        who5 = _ask_who5(offer=offer_who5 and not ask_who5, io=io)
        if who5 is not None:
            answers["who5"] = who5
    return answers


def _run(question: Any) -> Any:
    """Ask one questionary question; Ctrl-C, Esc or an ended input cancel the check-in."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    escape = KeyBindings()

    @escape.add("escape", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    application = question.application
    application.key_bindings = merge_key_bindings(
        [b for b in (application.key_bindings, escape) if b is not None]
    )
    try:
        answer = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise CancelledError(CHECKIN_CANCELLED) from None
    if answer is None:
        raise CancelledError(CHECKIN_CANCELLED)
    return answer


def _pick(choices: Sequence[Choice], value: object) -> Choice | None:
    """The choice with this value: the pointer starts there, so Enter alone picks it."""
    return next((c for c in choices if c.value == value), None)


def _ask_question(q: Question, io: dict[str, Any]) -> object:
    import questionary

    if q.kind == "scale":
        choices = [questionary.Choice(f"{n}  {label}", value=n) for n, label in q.labels]
        if q.skippable:
            choices.append(questionary.Choice(q.skip_label, value=_SKIP))
        default = _pick(choices, _SKIP if q.default is None else q.default)
        answer = _run(questionary.select(q.prompt, choices=choices, default=default, **io))
        return None if answer == _SKIP else answer
    if q.kind == "choice":
        choices = [questionary.Choice(label, value=value) for value, label in q.options]
        default = _pick(choices, q.default)
        return _run(questionary.select(q.prompt, choices=choices, default=default, **io))
    if q.kind == "multi":
        chosen = q.default if isinstance(q.default, tuple) else ()
        choices = [
            questionary.Choice(label, value=value, checked=value in chosen)
            for value, label in q.options
        ]
        instruction = "(space to tick, Enter when done)"
        question = questionary.checkbox(q.prompt, choices=choices, instruction=instruction, **io)
        return list(_run(question))
    if q.kind == "bool":
        return bool(_run(questionary.confirm(q.prompt, default=bool(q.default), **io)))
    initial = q.default if isinstance(q.default, str) else ""
    text = str(_run(questionary.text(q.prompt, default=initial, **io)))
    if q.kind == "tags":
        from partnercare.checkin import split_tags

        return split_tags(text)
    return text


def _ask_who5(*, offer: bool, io: dict[str, Any]) -> list[int] | None:
    """The five WHO-5 items (None if the user chose not to answer them now)."""
    import questionary

    from partnercare.checkin import who5_items, who5_lead, who5_options, who5_preamble

    if offer:
        now = _run(
            questionary.confirm(
                "It has been a week: answer five questions on your own wellbeing (WHO-5)?",
                # No by default: Enter through five statements would record a score of
                # 100 that nobody chose, and a made-up score is worse than none.
                default=False,
                **io,
            )
        )
        if not now:
            return None
    choices = [questionary.Choice(label, value=value) for value, label in who5_options()]
    items: list[int] = []
    for number, item in enumerate(who5_items(), start=1):
        message = f"{who5_lead()} ({number} of 5)\n  {item}"
        if number == 1:
            message = f"{who5_preamble()}\n  {message}"
        items.append(int(_run(questionary.select(message, choices=choices, **io))))
    return items
