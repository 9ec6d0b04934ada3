"""Every interactive question partnercare asks. The only module that imports questionary.

questionary is imported inside each function: most commands never ask anything,
and it pulls in prompt_toolkit. A prompt that returns None (Ctrl-C, Esc)
becomes CancelledError, so the caller saves nothing half-done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from partnercare.errors import CancelledError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from questionary import Choice

    from partnercare.checkin import Question

CHECKIN_CANCELLED = "check-in cancelled, nothing was saved"
CANCELLED = "cancelled; nothing was changed"
# questionary turns a None value into the choice's title, so "couldn't tell" has a
# stand-in value that cannot collide with a scale number.
_SKIP = "__skip__"
_GO_ON = "go_on"
_SAVE_NOW = "save_now"


class _Interrupted(Exception):
    """Ctrl-C or Esc at a prompt: the caller decides whether that cancels.

    `typed` is what was in the text field, so that going back to the question
    does not lose a half-written note.
    """

    def __init__(self, typed: str = "") -> None:
        super().__init__(typed)
        self.typed = typed


class _SaveNow(Exception):
    """Stop asking and save the answers so far (a safety worry was already answered)."""


def _io(input: Input | None, output: Output | None) -> dict[str, Any]:
    io: dict[str, Any] = {}
    if input is not None:
        io["input"] = input
    if output is not None:
        io["output"] = output
    return io


def _ask(question: Any, extra: Any = None) -> Any:
    """Run one questionary question. Ctrl-C and Esc raise _Interrupted; an ended
    input (Ctrl-D) raises CancelledError, since nothing more can be asked."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys

    interrupt = KeyBindings()

    @interrupt.add("escape", eager=True)
    @interrupt.add("c-c", eager=True)
    def _(event: Any) -> None:
        typed = event.app.current_buffer.text
        event.app.exit(exception=_Interrupted(typed), style="class:aborting")

    @interrupt.add(Keys.Vt100MouseEvent)
    def _(event: Any) -> None:
        # No question here uses the mouse. Typed or pasted colour codes ("\x1b[31m")
        # read as a mouse report, which prompt_toolkit's own handler cannot parse
        # (a ValueError that ends the check-in): they are left out instead.
        return

    application = question.application
    application.key_bindings = merge_key_bindings(
        [b for b in (application.key_bindings, interrupt, extra) if b is not None]
    )
    try:
        answer = question.unsafe_ask()
    except KeyboardInterrupt:
        raise _Interrupted from None
    except EOFError:
        raise CancelledError(CHECKIN_CANCELLED) from None
    if answer is None:
        raise _Interrupted
    return answer


def _once(question: Any, cancelled: str = CANCELLED) -> Any:
    """A question outside the check-in: Ctrl-C or Esc cancel at once."""
    try:
        return _ask(question)
    except _Interrupted:
        raise CancelledError(cancelled) from None
    except CancelledError:
        raise CancelledError(cancelled) from None


def confirm(message: str, *, default: bool = False) -> bool:
    """A yes/no question; Ctrl-C raises CancelledError."""
    from partnercare import terminal

    if terminal.dumb():
        return _plain_confirm(message, default=default)
    import questionary

    laid, _ = laid_out(message, "", ["(y/N) Yes"])
    return bool(_once(questionary.confirm(laid, default=default)))


def _plain_confirm(message: str, *, default: bool) -> bool:
    """The same question as plain text, for a terminal that shows escape codes raw."""
    hint = "[Y/n]" if default else "[y/N]"
    while True:
        try:
            answer = input(f"{message} {hint} ").strip().lower()
        except (KeyboardInterrupt, EOFError):
            print()
            raise CancelledError(CANCELLED) from None
        if not answer:
            return default
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")


# -- crisis help ------------------------------------------------------------------------


def ask_country(countries: Mapping[str, str], *, other: str) -> str | None:
    """Which country's crisis lines to show: a code from countries, `other`, or None
    when the user skips the question with Esc (Ctrl-C raises CancelledError).

    Nothing is pointed at to begin with, so Enter alone never picks a country.
    """

    import questionary

    choices = [questionary.Choice(name, value=code) for code, name in countries.items()]
    choices.append(questionary.Choice("Another country (lines worldwide)", other))
    message, hint = laid_out(
        "Where are you? partnercare shows the crisis lines for your country (asked once).",
        "(arrow keys, then Enter; Esc to skip)",
        [str(choice.title) for choice in choices],
    )
    question = questionary.select(message, choices=choices, instruction=hint)
    from prompt_toolkit.key_binding import KeyBindings

    skip: KeyBindings = _number_keys([], pointer_free=True)(question)

    @skip.add("escape", eager=True)
    def _(event: Any) -> None:
        event.app.exit(result=_SKIP)

    try:
        answer = str(_ask(question, skip))
    except _Interrupted:
        raise CancelledError(CANCELLED) from None
    return None if answer == _SKIP else answer


def ask_contact(
    roles: Mapping[str, str],
    check_name: Callable[[str], str | None],
    check_number: Callable[[str, str], str | None],
) -> tuple[str, str, str] | None:
    """One contact (name, number, role), or None when the name is left empty.

    check_name and check_number return an error sentence, or None when the text is fine.
    """
    import questionary

    name = str(
        _once(
            questionary.text(
                "Name (for example: Dr Lee, the clinic's after-hours line, my sister Jo)."
                " Enter to finish:",
                validate=lambda text: not text.strip() or check_name(text) or True,
            )
        )
    ).strip()
    if not name:
        return None
    number = str(
        _once(
            questionary.text(
                f"Number for {name}:",
                validate=lambda text: check_number(name, text) or True,
            )
        )
    )
    choices = [questionary.Choice(words, value=key) for key, words in roles.items()]
    role = str(_once(questionary.select(f"Who is {name}?", choices=choices)))
    return name, number, role


def ask_another(message: str) -> bool:
    return confirm(message, default=False)


def ask_safety_plan(answers: Mapping[str, str]) -> tuple[str, str]:
    """Whether the partner has a safety plan with their treatment team, and where it is."""
    import questionary

    choices = [questionary.Choice(words, value=key) for key, words in answers.items()]
    has = str(
        _once(
            questionary.select(
                "Does your partner have a safety plan with their treatment team?",
                choices=choices,
            )
        )
    )
    where = ""
    if has == "yes":
        where = str(
            _once(
                questionary.text("Where is it kept? (for example: the blue folder; Enter to skip)")
            )
        )
    return has, where


# -- the daily check-in ------------------------------------------------------------------


class _Checkin:
    """One interactive check-in: its prompt_toolkit streams and whether anything is answered."""

    def __init__(self, io: dict[str, Any]) -> None:
        self.io = io
        self.started = False
        #: Set once a worry about safety is answered: from then on nothing discards.
        self.keep = False
        #: The text of a field left with Ctrl-C or Esc, offered again when going back.
        self.typed = ""
        #: A text answer cut short by leaving early after a worry: (key, text so far).
        self.partial: tuple[str, str] | None = None

    def run(self, make: Callable[[], Any], bind: Callable[[Any], Any] | None = None) -> Any:
        """Ask until answered. Ctrl-C or Esc before the first answer cancels; after it,
        "Discard this check-in?" is asked once (and a second Ctrl-C discards).

        make builds the question afresh for each try; bind, if given, makes the
        extra key bindings for the question just built.
        """
        while True:
            question = make()
            try:
                answer = _ask(question, None if bind is None else bind(question))
            except _Interrupted as interrupted:
                if self.keep:
                    self.typed = interrupted.typed  # a half-typed note is kept too
                    raise _SaveNow from None
                if not self.started or self._discard():
                    raise CancelledError(CHECKIN_CANCELLED) from None
                self.typed = interrupted.typed
                continue
            except CancelledError:
                if self.keep:  # the input ended: keep what the user said about safety
                    raise _SaveNow from None
                raise
            self.started = True
            self.typed = ""
            return answer

    def _discard(self) -> bool:
        """Ask once; Enter, n or Esc go back to the question, y or Ctrl-C discard."""
        import questionary
        from prompt_toolkit.key_binding import KeyBindings

        escape_is_no = KeyBindings()

        @escape_is_no.add("escape", eager=True)
        def _(event: Any) -> None:
            event.app.exit(result=False)

        question = questionary.confirm("Discard this check-in?", default=False, **self.io)
        try:
            return bool(_ask(question, escape_is_no))
        except (_Interrupted, CancelledError):
            return True


def ask_checkin(
    questions: Sequence[Question],
    *,
    ask_who5: bool,
    offer_who5: bool = False,
    day_words: str = "today",
    on_worry: Callable[[], None] | None = None,
    input: Input | None = None,
    output: Output | None = None,
) -> dict[str, object]:
    """Ask the check-in questions in order and return the answers as an answers file has them.

    1. Each question is asked only if `q.asked(answers so far)`; Enter alone takes
       its default, so Enter on every question gives a valid check-in.
    2. An answer in `q.alarm` (safety: "yes", "not sure") calls `on_worry` at once,
       before any further question, which shows the crisis screen; then the user
       chooses to go on, or to save now with the answers so far.
    3. With `ask_who5`, the five WHO-5 items come before the note; with `offer_who5`
       the user is first asked whether to answer them now.
    4. Ctrl-C or Esc: "Discard this check-in?" once answers exist; CancelledError
       when it is discarded. Nothing has been saved.

    `input` and `output` are prompt_toolkit's, for tests (`create_pipe_input()`).
    """
    session = _Checkin(_io(input, output))
    answers: dict[str, object] = {}
    # After a worry about safety, leaving early (Ctrl-C, Esc, the input ending, the
    # terminal closing) saves what was answered, a half-typed note included.
    with suppress(_SaveNow), _hangup_interrupts():
        _ask_all(session, answers, questions, ask_who5, offer_who5, day_words, on_worry)
    if session.partial is not None and session.partial[1].strip():
        key, typed = session.partial
        if key == "tags":
            from partnercare import tags

            # Half typed: kept as far as the tag rule allows, never refused.
            answers[key] = list(tags.coerce_all([typed]))
        else:
            answers[key] = typed
    return answers


@contextmanager
def _hangup_interrupts() -> Iterator[None]:
    """Closing the terminal (SIGHUP) or a polite kill (SIGTERM) during the check-in
    leave the prompt like Ctrl-C does, so that what was said about safety is kept."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        from prompt_toolkit.application import get_app_or_none

        app = get_app_or_none()
        raise _Interrupted(app.current_buffer.text if app is not None else "")

    names = [name for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _ask_all(
    session: _Checkin,
    answers: dict[str, object],
    questions: Sequence[Question],
    ask_who5: bool,
    offer_who5: bool,
    day_words: str,
    on_worry: Callable[[], None] | None,
) -> None:
    who5_due = ask_who5 or offer_who5
    for q in questions:
        if q.kind == "text" and who5_due:
            # the WHO-5 goes before the note, so that the note is still the last question
            _add_who5(session, answers, offer=offer_who5 and not ask_who5)
            who5_due = False
        if not q.asked(answers):
            continue
        answers[q.key] = _ask_question(session, q, day_words)
        if answers[q.key] in q.alarm:
            session.keep = True
            if on_worry is not None:
                on_worry()
                if not _go_on(session):
                    return
    if who5_due:
        _add_who5(session, answers, offer=offer_who5 and not ask_who5)


def _go_on(session: _Checkin) -> bool:
    import questionary

    choices = [
        questionary.Choice("Go on with the check-in", value=_GO_ON),
        questionary.Choice("Save it now with the answers so far", value=_SAVE_NOW),
    ]
    message, hint = laid_out(
        "What now?", "(arrow keys and Enter)", [str(choice.title) for choice in choices]
    )
    answer = session.run(
        lambda: questionary.select(message, choices=choices, instruction=hint, **session.io)
    )
    return bool(answer == _GO_ON)


def _pick(choices: Sequence[Choice], value: object) -> Choice | None:
    """The choice with this value: the pointer starts there, so Enter alone picks it."""
    return next((c for c in choices if c.value == value), None)


def _number_keys(values: Sequence[int], *, pointer_free: bool) -> Callable[[Any], Any]:
    """Key bindings for a select of numbered answers: a number key answers at once.

    With pointer_free, no answer is pointed at to begin with: Enter does nothing
    until an arrow key has chosen one, so a score never comes from a key the user
    did not mean.
    """
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout

    def bind(question: Any) -> Any:
        from questionary.prompts.common import InquirerControl

        layout: Layout = question.application.layout
        control = next(c for c in layout.find_all_controls() if isinstance(c, InquirerControl))
        count = len(control.choices)
        if pointer_free:
            control.pointed_at = -1
        keys = KeyBindings()

        def answer(event: Any, index: int) -> None:
            control.pointed_at = index
            control.is_answered = True
            event.app.exit(result=control.choices[index].value)

        for index, value in enumerate(values):

            @keys.add(str(value), eager=True)
            def _(event: Any, index: int = index) -> None:
                answer(event, index)

        @keys.add("enter", eager=True)
        def _(event: Any) -> None:
            if control.pointed_at >= 0:
                answer(event, control.pointed_at)

        @keys.add("down", eager=True)
        @keys.add("j", eager=True)
        def _(event: Any) -> None:
            control.pointed_at = (control.pointed_at + 1) % count

        @keys.add("up", eager=True)
        @keys.add("k", eager=True)
        def _(event: Any) -> None:
            control.pointed_at = count - 1 if control.pointed_at < 0 else control.pointed_at - 1
            control.pointed_at %= count

        return keys

    return bind


def _ask_question(session: _Checkin, q: Question, day_words: str) -> object:
    import questionary

    io = session.io
    prompt = q.prompt_for(day_words)
    if q.kind == "scale":
        choices = [questionary.Choice(f"{n}  {label}", value=n) for n, label in q.labels]
        if q.skippable:
            choices.append(questionary.Choice(q.skip_label, value=_SKIP))
        default = _pick(choices, _SKIP if q.default is None else q.default)
        bind = _number_keys([n for n, _ in q.labels], pointer_free=False)

        message, hint = laid_out(
            prompt,
            f"(arrow keys and Enter, or {q.min}-{q.max})",
            [str(choice.title) for choice in choices],
        )
        answer = session.run(
            lambda: questionary.select(
                message, choices=choices, default=default, instruction=hint, **io
            ),
            bind,
        )
        return None if answer == _SKIP else answer
    if q.kind == "choice":
        choices = [questionary.Choice(label, value=value) for value, label in q.options]
        default = _pick(choices, q.default)
        message, hint = laid_out(
            prompt, "(arrow keys and Enter)", [str(choice.title) for choice in choices]
        )
        return session.run(
            lambda: questionary.select(
                message, choices=choices, default=default, instruction=hint, **io
            )
        )
    if q.kind == "multi":
        chosen = q.default if isinstance(q.default, tuple) else ()
        # Answered, a checkbox shows "[the one ticked]" or "done (N selections)".
        message, hint = laid_out(
            prompt,
            "(space to tick, Enter when done)",
            ["done (10 selections)", *(f"[{label}]" for _, label in q.options)],
        )
        return list(
            session.run(
                lambda: questionary.checkbox(
                    message,
                    choices=[
                        questionary.Choice(label, value=value, checked=value in chosen)
                        for value, label in q.options
                    ],
                    instruction=hint,
                    **io,
                )
            )
        )
    if q.kind == "bool":
        # questionary's own "(y/N) " hint, which goes once answered; laid out for
        # the longest it shows, the hint with a key typed after it.
        message, _ = laid_out(prompt, "", ["(y/N) Yes"])
        return bool(
            session.run(lambda: questionary.confirm(message, default=bool(q.default), **io))
        )
    initial = q.default if isinstance(q.default, str) else ""
    # Tags are checked as typed, so a stray character is fixed there and then,
    # not found after every other answer is given.
    check = _tag_problem if q.kind == "tags" else (lambda _text: True)
    try:
        text = str(
            session.run(
                lambda: questionary.text(
                    laid_out(prompt, "")[0],
                    default=session.typed or initial,
                    validate=check,
                    **io,
                )
            )
        )
    except _SaveNow:
        session.partial = (q.key, session.typed)
        raise
    if q.kind == "tags":
        # One typed line; validation splits it on commas.
        return [text] if text.strip() else []
    return text


def _tag_problem(text: str) -> bool | str:
    """True if the typed line is tags under the rule (or empty), else what is wrong."""
    from partnercare import tags
    from partnercare.errors import InvalidInputError

    if not text.strip():
        return True
    try:
        tags.parse([text])
    except InvalidInputError as error:
        # Shown on the one line under the prompt, which the terminal cuts at its
        # width: what is wrong first, in as few words.
        import shutil

        problem = error.short if isinstance(error, tags.TagError) else str(error)
        width = max(shutil.get_terminal_size().columns - 1, 20)
        return problem if len(problem) <= width else problem[: width - 1] + "…"
    return True


def laid_out(message: str, hint: str, answers: Sequence[str] = ()) -> tuple[str, str]:
    """A question and its key hint laid out for the terminal's width, as
    (message, instruction) for questionary. Each line of the message is wrapped
    between words, keeping its own indent and continuing two columns in (the
    question's first line sits after questionary's "? "). The hint, and then the
    answer given (one of `answers`), follow the last line if the longest of them
    fits there, else they start a line of their own, two columns in, rather than
    being left for the terminal to cut mid-word."""
    import shutil
    import textwrap

    width = max(shutil.get_terminal_size().columns - 1, 20)
    lines: list[str] = []
    for number, line in enumerate(message.split("\n")):
        body = line.lstrip(" ")
        indent = "? " if number == 0 else line[: len(line) - len(body)] or "  "
        wrapped = textwrap.wrap(body, width, initial_indent=indent, subsequent_indent="  ")
        if number == 0 and wrapped:
            wrapped[0] = wrapped[0][len(indent) :]
        lines.extend(wrapped or [""])
    last = ("? " if len(lines) == 1 else "") + lines[-1]
    after = max([len(hint), *(len(answer) for answer in answers)])
    # questionary writes "? MESSAGE HINT" (or "? MESSAGE ANSWER"): a space either side.
    if after and len(last) + 2 + after > width:
        # " " + questionary's own space: the hint and the answer sit two columns in.
        hint = "\n  ".join(textwrap.wrap(hint, width - 2))
        return "\n".join(lines) + "\n ", hint
    return "\n".join(lines), hint


def _add_who5(session: _Checkin, answers: dict[str, object], *, offer: bool) -> None:
    who5 = _ask_who5(session, offer=offer)
    if who5 is not None:
        answers["who5"] = who5


def _ask_who5(session: _Checkin, *, offer: bool) -> list[int] | None:
    """The five WHO-5 items (None if the user chose not to answer them now).

    No answer is pointed at to begin with, and Enter alone answers nothing:
    the user picks each answer with the arrow keys or a number key 0-5.
    """
    import questionary

    from partnercare.checkin import (
        who5_about,
        who5_items,
        who5_lead,
        who5_name,
        who5_options,
        who5_preamble,
    )

    io = session.io
    if offer:
        now = session.run(
            lambda: questionary.confirm(
                "Every two weeks: five statements about your own wellbeing (the WHO-5)."
                " Answer them now?",
                # No by default: a made-up score is worse than none.
                default=False,
                **io,
            )
        )
        if not now:
            return None
    options = who5_options()
    choices = [questionary.Choice(f"{value}  {label}", value=value) for value, label in options]
    bind = _number_keys([value for value, _ in options], pointer_free=True)
    items: list[int] = []
    for number, item in enumerate(who5_items(), start=1):
        message = f"{who5_lead()} ({number} of 5)\n  {item}"
        if number == 1:
            message = f"{who5_name()}\n  {who5_about()}\n  {who5_preamble()}\n  {message}"
        message, hint = laid_out(
            message, "(arrow keys then Enter, or 0-5)", [str(c.title) for c in choices]
        )

        def make(message: str = message, hint: str = hint) -> Any:
            return questionary.select(message, choices=choices, instruction=hint, **io)

        items.append(int(session.run(make, bind)))
    return items
