"""The distinct real news of ../shared/bench as corpus records, shared by the benchmarks.

TimeBank 1.2 documents (with their creation date as the publication date) and
the GeoWebNews articles, one JSONL record each, in a fixed order. Never
repeated copies: speed and coverage figures are about real, varied text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from _common import shared_or_exit


def _creation_date(root: ET.Element) -> str | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            return value[:10] if len(value) >= 10 else None
    return None


def real_records(limit: int | None = None) -> list[dict[str, Any]]:
    """TimeBank documents and GeoWebNews articles as corpus records, in a fixed order."""
    records: list[dict[str, Any]] = []
    for path in sorted(shared_or_exit("bench", "timebank").glob("*.tml")):
        root = ET.parse(path).getroot()
        node = root.find("TEXT")
        text = "".join(node.itertext()).strip() if node is not None else ""
        if text:
            records.append({"id": f"timebank-{path.stem}", "text": text, "published": _creation_date(root)})
    gwn = shared_or_exit("bench", "geoparsing", "GWN.xml")
    for node in ET.parse(gwn).getroot().iter("article"):
        text = (node.findtext("text") or "").strip()
        if text:
            records.append({"id": f"gwn-{node.get('file')}", "text": text, "title": node.findtext("title")})
    return records[:limit] if limit else records
