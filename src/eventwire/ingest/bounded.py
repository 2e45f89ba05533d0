"""A stream that refuses to give more than its bound: the guard against compression bombs.

A gzipped corpus or archive is streamed, never held whole, but a bomb (300 kB
of zeros that expand to 300 MB, or to 30 GB) would still take minutes to read
through, and a reader looking for the end of a line inside it would hold all
of it in memory. Reading through ``bounded_stream`` ends such an input with
one ``InputError`` naming the setting to raise, after the records read before.
"""

from __future__ import annotations

import gzip
import io
from typing import IO

from eventwire.errors import InputError
from eventwire.limits import megabytes


class _Bounded(io.RawIOBase):
    def __init__(self, stream: IO[bytes] | gzip.GzipFile, limit: int, max_line: int | None) -> None:
        self.stream, self.limit, self.max_line = stream, limit, max_line
        self.given = 0
        self.run = 0  # bytes since the last line break

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        # read1: what is there, without reading on into a cut-off gzip member
        read = getattr(self.stream, "read1", self.stream.read)
        try:
            data = read(min(len(buffer), self.limit + 1 - self.given))
        except EOFError:
            # a gzip stream cut short: what came before it stands, the reader sees the end
            # (a WARC record cut by it is reported as cut short)
            data = b""
        self.given += len(data)
        if self.given > self.limit:
            raise InputError(f"expands to more than {megabytes(self.limit)} (max_gunzip_mb)")
        if self.max_line is not None:
            cut = data.rfind(b"\n")
            self.run = len(data) - cut - 1 if cut >= 0 else self.run + len(data)
            if self.run > self.max_line:
                raise InputError(
                    f"holds {megabytes(self.max_line)} without a line break: not an archive or corpus "
                    "record (max_record_mb); the rest of the file is not read"
                )
        buffer[: len(data)] = data
        return len(data)


def bounded_stream(
    stream: IO[bytes] | gzip.GzipFile, limit: int, max_line: int | None = None
) -> io.BufferedReader:
    """``stream`` read through a buffer that raises ``InputError`` past ``limit``
    bytes in all, or past ``max_line`` bytes without a line break."""
    return io.BufferedReader(_Bounded(stream, limit, max_line))
