"""Exception classes and coded messages.

Codes (E0xx for errors that stop one document, W0xx for warnings) make log
lines greppable and let the docs explain each one.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.reason = message


class InputError(EventwireError):
    """An input could not be found, opened or decoded."""

    code = "E001"


class EmptyInputError(InputError):
    """An input holds no text."""

    code = "E002"


class BinaryInputError(InputError):
    """An input is binary data, not text."""

    code = "E003"


class RecordFormatError(InputError):
    """One record of a corpus file (a JSONL line, a CSV row) is malformed."""

    code = "E004"


class CleanError(EventwireError):
    """No article text could be found in a document."""

    code = "E010"


class ModelNotInstalledError(EventwireError):
    """The spaCy pipeline package is not installed."""

    code = "E020"


class StoreError(EventwireError):
    """The SQLite store could not be opened or is of an unknown schema."""

    code = "E030"


class OptionalDependencyError(EventwireError):
    """A feature needs an extra that is not installed."""

    code = "E040"


class ExportError(EventwireError):
    """An export cannot be written where it was asked to (the target is not ours to replace)."""

    code = "E050"
