"""The bounds on what one input may hold, so that no input can stall or exhaust a run.

Every bound refuses one document (or one record) with a reason naming it, and
the run goes on; none of them ever stops a run. They are settings
(``max_document_mb`` ... in ``settings.py``, documented in ``docs/limits.md``),
read here by the readers through a context variable, so a reader several
calls deep needs no extra parameter.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one input may hold (see ``docs/limits.md`` for why each default)."""

    max_document_mb: float = 50.0  # one text or HTML file
    max_record_mb: float = 20.0  # one JSONL line, CSV row or WARC record
    max_gunzip_mb: float = 2000.0  # what one gzip file may expand to in all
    max_nesting: int = 100  # brackets deep in one JSON record
    max_records: int = 10_000_000  # records read from one corpus file or archive

    @property
    def document_bytes(self) -> int:
        return int(self.max_document_mb * MB)

    @property
    def record_bytes(self) -> int:
        return int(self.max_record_mb * MB)

    @property
    def gunzip_bytes(self) -> int:
        return int(self.max_gunzip_mb * MB)


def megabytes(n: int) -> str:
    """A byte bound as the reasons write it ("20 MB", "0.5 MB")."""
    value = n / MB
    return f"{round(value, 3):g} MB"


DEFAULT = Limits()
_CURRENT: ContextVar[Limits | None] = ContextVar("eventwire_limits", default=None)


def current() -> Limits:
    """The limits in force (the defaults unless a run applied its own)."""
    return _CURRENT.get() or DEFAULT


@contextlib.contextmanager
def applied(limits: Limits | None) -> Iterator[Limits]:
    """Apply ``limits`` for the readers called inside the block."""
    if limits is None:
        yield current()
        return
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def nesting_depth(text: str, stop_at: int) -> int:
    """How deep the brackets of a JSON text go, counted outside strings; stops
    counting at ``stop_at`` (a record nested deeper is refused before parsing)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def too_many_records(limits: Limits, container: str = "file") -> str:
    """The reason given at the record where reading a corpus or archive stops."""
    return f"more than {limits.max_records:,} records (max_records); the rest of the {container} is not read"
