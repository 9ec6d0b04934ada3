"""Reading JSON the user supplied: each failure is one line saying what did not happen."""

from __future__ import annotations

import pytest

from partnercare.errors import InvalidInputError
from partnercare.files import load_json


@pytest.mark.parametrize(
    "raw", [b'{"a": [1, 2]}', b'\xef\xbb\xbf{"a": [1, 2]}'], ids=["plain", "with a BOM"]
)
def test_utf8_json_with_or_without_a_bom(raw: bytes) -> None:
    assert load_json(raw, "f.json", outcome="nothing saved") == {"a": [1, 2]}


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
        load_json(raw, "answers.json", outcome="nothing saved")
    message = str(caught.value)
    assert message.startswith(f"answers.json {reason}")
    assert message.endswith("; nothing saved")
    assert "\n" not in message
