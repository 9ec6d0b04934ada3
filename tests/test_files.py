"""Reading JSON the user supplied: each failure is one line saying what did not happen."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnercare.errors import InvalidInputError
from partnercare.files import load_json


@pytest.mark.parametrize(
    "raw", [b'{"a": [1, 2]}', b'\xef\xbb\xbf{"a": [1, 2]}'], ids=["plain", "with a BOM"]
)
def test_utf8_json_with_or_without_a_bom(raw: bytes) -> None:
    assert load_json(raw, "f.json", outcome="nothing was saved") == {"a": [1, 2]}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b"{not json", "is not valid JSON (line 1, column 2"),
        (b"[" * 100_000, "is nested too deeply"),
        (b"", "is not valid JSON"),
    ],
)
def test_unreadable_json_is_one_line_naming_file_and_outcome(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        load_json(raw, "answers.json", outcome="nothing was saved")
    message = str(caught.value)
    assert message.startswith(f"answers.json {reason}")
    assert message.endswith("; nothing was saved")
    assert "\n" not in message


# -- reading is bounded (issue 10: `journal import /dev/zero` took all memory) -----------------


def test_a_device_or_a_pipe_is_refused_before_it_is_read(tmp_path: Path) -> None:
    import os

    from partnercare.files import read_input

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for source in ("/dev/zero", str(fifo), str(tmp_path)):
        with pytest.raises(InvalidInputError, match="not a regular file"):
            read_input(source)


def test_more_than_the_limit_is_refused_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from partnercare.files import read_input

    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(InvalidInputError, match=r"more than 0\.001 MB"):
        read_input(str(big), limit=1000)
    assert read_input(str(big), limit=1001)[0] == b"x" * 1001

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    class Stdin:
        buffer = io.BufferedReader(Endless())

    monkeypatch.setattr("sys.stdin", Stdin())
    with pytest.raises(InvalidInputError, match="stdin holds more than"):
        read_input("-", limit=10_000)
