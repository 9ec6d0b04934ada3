"""The CLI's output: data to stdout, messages and errors to stderr (files: `files.py`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from partnercare.text import neutralise

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def examples(*lines: str) -> str:
    """An --help epilog listing examples, one per line."""
    return "\n".join(["Examples:", *(f"  {line}" for line in lines)])


def print_error(message: str) -> None:
    """One line on stderr, with anything the user typed made harmless."""
    line = neutralise(" ".join(message.split()))
    sys.stderr.write(f"partnercare: {line}\n")


def print_message(message: str) -> None:
    sys.stderr.write(neutralise(message) + "\n")


def print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def stdout_console() -> Console:
    from partnercare.render.screen import make_console

    return make_console(stderr=False)


def show(*renderables: RenderableType) -> None:
    console = stdout_console()
    for renderable in renderables:
        console.print(renderable)
