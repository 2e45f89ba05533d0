"""Bytes to text: refuse binary data, decode UTF-8, fall back to detection.

Shared by every reader so that a wrong encoding is handled the same way
everywhere: decoded when the detector is confident (with a warning kept on the
document), refused with a reason otherwise.
"""

from __future__ import annotations

import unicodedata

from eventwire.errors import BinaryInputError, InputError

# Share of control characters (other than tab, CR, LF, FF) above which bytes
# are taken for binary data; real text, even mis-encoded, has almost none.
MAX_CONTROL_SHARE = 0.05
SNIFF_BYTES = 8192


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NULs or many control characters."""
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > MAX_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Return (NFC text, warning or None); raise InputError when it is not text."""
    if looks_binary(data):
        raise BinaryInputError("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
        warning = None
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError("not UTF-8 and no other encoding fits") from None
        text = str(best)
        warning = f"not UTF-8; decoded as {best.encoding}"
    return unicodedata.normalize("NFC", text), warning
