"""Every interactive question partnercare asks. The only module that imports questionary.

questionary is imported inside each function: most commands never ask anything,
and it pulls in prompt_toolkit. A prompt that returns None (Ctrl-C, Esc)
becomes CancelledError, so the caller saves nothing half-done.
"""

from __future__ import annotations

from partnercare.errors import CancelledError


def confirm(message: str, *, default: bool = False) -> bool:
    """A yes/no question; Ctrl-C raises CancelledError."""
    import questionary

    answer = questionary.confirm(message, default=default).ask()
    if answer is None:
        raise CancelledError("cancelled; nothing was changed")
    return bool(answer)
