"""The one exception family the CLI turns into a one-line message and exit 1."""

from __future__ import annotations


class PartnercareError(Exception):
    """A problem the user can fix: bad input, a missing entry, an unusable file.

    The message is shown to the user as one line on stderr; it must make sense
    on its own, without a traceback.
    """

    exit_code = 1


class NotFoundError(PartnercareError):
    """Something the user named (a tip, an entry) does not exist."""


class InvalidInputError(PartnercareError):
    """A value the user typed or supplied in a file is not acceptable."""


class StoreError(PartnercareError):
    """The database cannot be used as it is (not a database, too new, read-only)."""


class CancelledError(PartnercareError):
    """The user cancelled an interactive flow (Ctrl-C, Esc); nothing was saved."""
