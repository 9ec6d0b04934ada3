"""Where an encrypted journal's passphrase comes from, and the key made from it.

For every command that opens an encrypted journal, in this order:

1. PARTNERCARE_KEY: the raw key `partnercare unlock` printed (no key derivation);
2. PARTNERCARE_PASSPHRASE_COMMAND: a command whose output is the passphrase
   (as borg's BORG_PASSCOMMAND: `pass show partnercare`, a keyring tool...);
3. asked on the terminal, without echo, up to three tries;
4. else one line saying how to give it.

The passphrase itself is never stored, printed or passed on; only the key
derived from it is kept, for this one process.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from partnercare.errors import CancelledError, InvalidInputError, PartnercareError
from partnercare.store.cipher import Key, derive, header, opens, parse_key

ENV_KEY = "PARTNERCARE_KEY"
ENV_COMMAND = "PARTNERCARE_PASSPHRASE_COMMAND"
ENV_NEW_COMMAND = "PARTNERCARE_NEW_PASSPHRASE_COMMAND"
TRIES = 3
#: Shorter passphrases are accepted, with a warning.
ADVISED_LENGTH = 12
#: A passphrase command's output beyond this is not a passphrase.
MAX_BYTES = 4096

HOW = (
    f"run it in a terminal to be asked, set {ENV_COMMAND} to a command that prints it, "
    f"or set {ENV_KEY} with 'partnercare unlock'"
)

Ask = Callable[[str], str]


class WrongPassphrase(PartnercareError):
    """The passphrase or key given does not open the journal."""


def from_command(variable: str) -> str | None:
    """The passphrase a command prints (its last line end removed), or None when the
    variable is not set. A command that fails or prints nothing is one line."""
    import subprocess

    command = os.environ.get(variable, "")
    if not command.strip():
        return None
    try:
        # Read at most MAX_BYTES + 1: a command that never stops printing (`yes`)
        # is stopped, not buffered in memory.
        with subprocess.Popen(command, shell=True, stdout=subprocess.PIPE) as process:
            assert process.stdout is not None
            output = process.stdout.read(MAX_BYTES + 1)
            if len(output) > MAX_BYTES:
                process.kill()
                raise PartnercareError(
                    f"{variable} printed far too much to be a passphrase; nothing was changed"
                )
            status = process.wait(timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise PartnercareError(
            f"{variable} could not be run ({exc}); nothing was changed"
        ) from None
    if status != 0:
        how = f"stopped by signal {-status}" if status < 0 else f"exit status {status}"
        raise PartnercareError(f"{variable} failed ({how}); nothing was changed")
    text = output.decode("utf-8", "replace")
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise PartnercareError(f"{variable} printed nothing; nothing was changed")
    return text


def key_from_env() -> Key | None:
    """PARTNERCARE_KEY, if set; a value partnercare did not make is one line."""
    text = os.environ.get(ENV_KEY, "")
    if not text.strip():
        return None
    key = parse_key(text)
    if key is None:
        raise InvalidInputError(
            f"{ENV_KEY} is not a key from 'partnercare unlock' (96 hexadecimal digits); "
            f"run 'partnercare unlock' again, or unset {ENV_KEY}"
        )
    return key


def unlock(
    path: Path, ask: Ask | None, tell: Callable[[str], None], *, what: str = "your journal"
) -> Key:
    """The key that opens the encrypted file at `path`: from the environment, else
    asked through `ask` (None: no terminal to ask on). Raises WrongPassphrase or a
    one-line error; nothing is ever written."""
    key = key_from_env()
    journal = what == "your journal"
    # The key holds its salt; an older key (the passphrase changed since) fails here.
    # A backup it does not open may still open with its own passphrase, asked below.
    if key is not None and (journal or opens(path, key)):
        if opens(path, key):
            return key
        raise WrongPassphrase(
            f"{ENV_KEY} does not open {what} (was the passphrase changed?); "
            f"run 'partnercare unlock' again, or unset {ENV_KEY}. Nothing was changed"
        )
    salt = header(path)
    given = from_command(ENV_COMMAND)
    if given is not None:
        key = derive(given, salt)
        if opens(path, key):
            return key
        if journal or ask is None:
            hint = "" if journal else f" (unset {ENV_COMMAND} to be asked for its own)"
            raise WrongPassphrase(
                f"the passphrase from {ENV_COMMAND} does not open {what}{hint}; nothing was changed"
            )
    if ask is None:
        raise PartnercareError(f"{what} is encrypted and needs its passphrase: {HOW}")
    for attempt in range(TRIES):
        key = derive(_asked(ask, f"Passphrase for {what}: "), salt)
        if opens(path, key):
            return key
        left = TRIES - attempt - 1
        if left:
            tries = "try" if left == 1 else "tries"
            tell(f"That passphrase does not open {what}. {left} more {tries}.")
    raise WrongPassphrase(f"the passphrase did not open {what}; nothing was changed")


def new_passphrase(ask: Ask | None, tell: Callable[[str], None], *, variable: str) -> str:
    """A new passphrase: from `variable`'s command (no confirmation), else asked twice.
    Empty is refused; under ADVISED_LENGTH characters is warned about."""
    given = from_command(variable)
    if given is None:
        if ask is None:
            raise PartnercareError(
                f"a new passphrase is needed: run this in a terminal to be asked, or set "
                f"{variable} to a command that prints it"
            )
        given = _asked(ask, "New passphrase: ")
        if given and _asked(ask, "The same again: ") != given:
            raise InvalidInputError("the two passphrases differ; nothing was changed")
    if not given.strip():
        raise InvalidInputError("an empty passphrase protects nothing; nothing was changed")
    if len(given) < ADVISED_LENGTH:
        tell(
            f"That passphrase is short ({len(given)} characters): anyone who gets the file "
            f"can try many short ones. {ADVISED_LENGTH} or more, or a few words, is stronger."
        )
    return given


def _asked(ask: Ask, prompt: str) -> str:
    try:
        return ask(prompt)
    except (KeyboardInterrupt, EOFError):
        raise CancelledError("cancelled; nothing was changed") from None


def terminal() -> Ask | None:
    """How to ask on this process's terminal (/dev/tty, which getpass reads, even with
    a note piped in), or None when there is none."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None
    os.close(fd)
    return ask_on_terminal


def ask_on_terminal(prompt: str) -> str:
    """getpass: no echo, read from the terminal itself."""
    import getpass
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # getpass's "can not control echo" fallback
        return getpass.getpass(prompt)
