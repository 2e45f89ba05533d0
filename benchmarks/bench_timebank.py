"""Date resolution on TimeBank 1.2: TIMEX3 DATE values against the creation time.

For every ``.tml`` file in ../shared/bench/timebank, the document creation time
(the TIMEX3 with functionInDocument="CREATION_TIME") is the reference; every
other TIMEX3 of type DATE is resolved from its text alone with
``resolve_date(text, dct)`` (no tense, no context) and compared with the gold
``value`` turned into a date range:

    1998-02-06 day        1998-02 month        1998 year       199 decade
    19 century (1900-1999)                     1998-W08 ISO week (Mon-Sun)
    1998-W08-WE that week's Saturday-Sunday    1998-Q1 quarter 1998-H2 half
    1998-SU/SP/FA/WI meteorological season (winter = Dec 1998-Feb 1999)

Exact means our start and end equal the gold range's. Values with unknown
digits (1998-WXX, 1998-QX, 198X, 1999-XX-XX) only say "somewhere in the known
part", so any answer inside it counts as exact. The TimeML reference values:

    PRESENT_REF  exact when we give the creation day itself ("now" -> today)
    PAST_REF     exact when we give a range ending no later than the creation day
    FUTURE_REF   exact when we give a range starting no earlier than it

Anything else (durations such as PXY in a DATE) is counted as unscorable and
reported apart. "Overlap" is the looser share whose range overlaps the gold one.

End to end (``e2e_*``): the same gold DATEs, but the spans are the DATE
entities spaCy finds in each document's TEXT (our pipeline's own spans). A
gold DATE is found when an entity overlaps it; it counts as exact when that
entity's text, resolved the same way, gives the gold value. Span precision is
the share of DATE entities that overlap any gold TIMEX3 (of any type).

    python benchmarks/bench_timebank.py [--json out.json] [--errors] [--no-e2e]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
TIMEBANK = PROJECT.parent / "shared" / "bench" / "timebank"
sys.path.insert(0, str(PROJECT / "src"))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from eventwire.records import DateRange  # noqa: E402
from eventwire.resolve.dates import resolve_date  # noqa: E402

SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True)
class Gold:
    """What a gold value accepts: an exact range, any range inside one, or a side of the DCT."""

    kind: str  # "exact" | "within" | "present" | "past" | "future" | "unscorable"
    start: dt.date | None = None
    end: dt.date | None = None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def gold_range(value: str, dct: dt.date) -> Gold:
    """Turn a TimeML DATE value into what it accepts (see the module docstring)."""
    v = value.strip().upper()
    if v == "PRESENT_REF":
        return Gold("present", dct, dct)
    if v == "PAST_REF":
        return Gold("past")
    if v == "FUTURE_REF":
        return Gold("future")
    v = v.split("T", 1)[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", v) else v
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return Gold("exact", day, day)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            year, month = int(m[1]), int(m[2])
            return Gold("exact", dt.date(year, month, 1), _month_end(year, month))
        if m := re.fullmatch(r"(\d{4})", v):
            return Gold("exact", dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31))
        if m := re.fullmatch(r"(\d{3})", v):
            start = int(m[1]) * 10
            return Gold("exact", dt.date(start, 1, 1), dt.date(start + 9, 12, 31))
        if m := re.fullmatch(r"(\d{2})", v):
            start = int(m[1]) * 100
            return Gold("exact", dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31))
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return Gold("exact", monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
            return Gold("exact", monday, monday + dt.timedelta(days=6))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            year, q = int(m[1]), int(m[2])
            return Gold("exact", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
        if m := re.fullmatch(r"(\d{4})-H([12])", v):
            year, h = int(m[1]), int(m[2])
            return Gold("exact", dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h))
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            year = int(m[1])
            first, last = SEASONS[m[2]]
            end_year = year + 1 if last < first else year
            return Gold("exact", dt.date(year, first, 1), _month_end(end_year, last))
        # unknown digits: the known prefix is all the gold says
        if m := re.fullmatch(r"(\d{4})-(?:WXX|QX|XX|XX-XX|HX)", v):
            return Gold("within", dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-XX", v):
            year, month = int(m[1]), int(m[2])
            return Gold("within", dt.date(year, month, 1), _month_end(year, month))
        if m := re.fullmatch(r"(\d{3})X", v):
            start = int(m[1]) * 10
            return Gold("within", dt.date(start, 1, 1), dt.date(start + 9, 12, 31))
        if m := re.fullmatch(r"(\d{2})XX", v):
            start = int(m[1]) * 100
            return Gold("within", dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31))
    except ValueError:
        pass
    return Gold("unscorable")


def shape(value: str) -> str:
    """The value with digits masked: the unit the gold names (1998-02 -> 9999-99)."""
    return re.sub(r"\d", "9", value.split("T", 1)[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", value) else value)


def _bounds(found: DateRange | None) -> tuple[dt.date, dt.date] | None:
    if found is None or found.start is None or found.end is None:
        return None
    return dt.date.fromisoformat(found.start), dt.date.fromisoformat(found.end)


def judge(found: DateRange | None, gold: Gold, dct: dt.date) -> tuple[bool, bool]:
    """(exact, overlap) for one answer."""
    if found is not None and gold.kind in {"past", "future"}:
        # an open range ("in the past": no start, ends at the reference) answers a side
        side_end = dt.date.fromisoformat(found.end) if found.end else None
        side_start = dt.date.fromisoformat(found.start) if found.start else None
        ok = (
            side_end is not None and side_end <= dct
            if gold.kind == "past"
            else side_start is not None and side_start >= dct
        )
        return ok, ok
    got = _bounds(found)
    if got is None:
        return False, False
    start, end = got
    if gold.kind == "past":
        ok = end <= dct
        return ok, ok
    if gold.kind == "future":
        ok = start >= dct
        return ok, ok
    assert gold.start is not None and gold.end is not None
    overlap = start <= gold.end and gold.start <= end
    if gold.kind == "within":
        return gold.start <= start and end <= gold.end, overlap
    return (start, end) == (gold.start, gold.end), overlap


def read_document(path: Path) -> tuple[dt.date | None, list[tuple[str, str]]]:
    """(creation date, [(text, value)]) for the DATE TIMEX3s of one TimeML file."""
    root = ET.parse(path).getroot()
    dct: dt.date | None = None
    dates: list[tuple[str, str]] = []
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            try:
                dct = dt.date.fromisoformat(value[:10])
            except ValueError:
                dct = None
            continue
        if timex.get("type") != "DATE":
            continue
        text = " ".join("".join(timex.itertext()).split())
        dates.append((text, timex.get("value", "")))
    return dct, dates


@dataclass(frozen=True)
class GoldSpan:
    """One TIMEX3 in the document TEXT, with its character offsets."""

    start: int
    end: int
    type: str
    value: str


def read_text(path: Path) -> tuple[str, list[GoldSpan]]:
    """The document TEXT as plain text, and the TIMEX3s inside it with offsets."""
    root = ET.parse(path).getroot()
    node = root.find("TEXT")
    if node is None:
        return "", []
    parts: list[str] = []
    spans: list[GoldSpan] = []

    def walk(element: ET.Element) -> None:
        if element.text:
            parts.append(element.text)
        for child in element:
            start = sum(len(p) for p in parts)
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(len(p) for p in parts)
                spans.append(GoldSpan(start, end, child.get("type", ""), child.get("value", "")))
            if child.tail:
                parts.append(child.tail)

    walk(node)
    return "".join(parts), spans


def end_to_end(files: list[Path]) -> dict[str, Any]:
    """Gold DATE values as ``eventwire annotate`` gives them on the documents as a corpus.

    Each document's TEXT becomes a JSONL record ``{id, text, published}`` with
    the creation time as ``published``. A gold DATE is found when an annotated
    time overlaps it (offsets into the body: the record's text, stripped); it
    is exact when that time's range is the gold one. ``e2e_same_text_exact``
    is the acceptance check's stricter reading: the first annotated time with
    the gold text must resolve to the gold value.
    """
    import tempfile

    from _public import run_verb, write_corpus

    records, golds = [], {}
    for path in files:
        dct, _ = read_document(path)
        if dct is None:
            continue
        text, spans = read_text(path)
        lead = len(text) - len(text.lstrip())
        records.append({"id": path.stem, "text": text.strip(), "published": dct.isoformat()})
        golds[path.stem] = (
            dct,
            text.strip(),
            [GoldSpan(g.start - lead, g.end - lead, g.type, g.value) for g in spans],
        )
    with tempfile.TemporaryDirectory(prefix="timebank-") as tmp:
        done = run_verb("annotate", [write_corpus(records, Path(tmp))])
    annotated = {a["article_id"]: a for a in done.records}
    totals: Counter[str] = Counter()
    for doc_id, (dct, _text, spans) in golds.items():
        times = annotated.get(doc_id, {}).get("times", [])
        totals["entities"] += len(times)
        totals["entities_matching"] += sum(
            any(g.start < t["end"] and t["start"] < g.end for g in spans) for t in times
        )
        for gold in spans:
            if gold.type != "DATE":
                continue
            wanted = gold_range(gold.value, dct)
            if wanted.kind == "unscorable":
                continue
            totals["gold"] += 1
            found = next((t for t in times if gold.start < t["end"] and t["start"] < gold.end), None)
            if found is None:
                continue
            totals["found"] += 1
            answer = DateRange(
                found["start_date"], found["end_date"], found["granularity"], found["text"], "stated"
            )
            exact, overlap = judge(answer, wanted, dct)
            totals["exact"] += exact
            totals["overlap"] += overlap
    gold_n = totals["gold"] or 1
    return {
        "e2e_path": "end to end: JSONL corpus through `eventwire annotate`",
        "e2e_documents_annotated": len(annotated),
        "e2e_dates_gold": totals["gold"],
        "e2e_span_recall": round(totals["found"] / gold_n, 3),
        "e2e_span_precision": round(totals["entities_matching"] / (totals["entities"] or 1), 3),
        "e2e_exact": round(totals["exact"] / gold_n, 3),
        "e2e_overlap": round(totals["overlap"] / gold_n, 3),
        "e2e_exact_of_found": round(totals["exact"] / (totals["found"] or 1), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--errors", action="store_true", help="list every DATE that was not resolved exactly")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end run (no spaCy)")
    args = parser.parse_args()
    if not TIMEBANK.is_dir():
        print(
            f"skipped: {TIMEBANK} not found (TimeBank lives in ../shared/bench/timebank beside the project)"
        )
        return 0
    files = sorted(TIMEBANK.glob("*.tml"))
    if not files:
        print(f"skipped: no .tml files in {TIMEBANK}")
        return 0

    resolve_date("today", dt.date(2000, 1, 1))  # load the tables before timing
    per_shape: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    misses: list[str] = []
    calls = 0
    elapsed = 0.0
    for path in files:
        dct, dates = read_document(path)
        if dct is None:
            totals["documents_without_dct"] += 1
            continue
        totals["documents"] += 1
        for text, value in dates:
            gold = gold_range(value, dct)
            key = shape(value)
            counts = per_shape[key]
            counts["n"] += 1
            totals["n"] += 1
            if gold.kind == "unscorable":
                counts["unscorable"] += 1
                totals["unscorable"] += 1
                continue
            tick = time.perf_counter()
            found = resolve_date(text, dct)
            elapsed += time.perf_counter() - tick
            calls += 1
            exact, overlap = judge(found, gold, dct)
            for name, hit in (
                ("scored", True),
                ("resolved", found is not None),
                ("exact", exact),
                ("overlap", overlap),
            ):
                counts[name] += int(hit)
                totals[name] += int(hit)
            if not exact:
                got = "None" if found is None else f"{found.start}..{found.end} {found.granularity}"
                misses.append(f"{path.name}\tDCT {dct}\t{text!r}\tgold {value}\tgot {got}")

    scored = totals["scored"] or 1

    def share(counter: Counter[str], name: str) -> float:
        return round(counter[name] / (counter["scored"] or 1), 3)

    result: dict[str, Any] = {
        "set": "development",
        "path": "component: resolve_date on each gold TIMEX3 text (no parse, no tense); e2e_* end to end",
        "exact": round(totals["exact"] / scored, 3),
        "overlap": round(totals["overlap"] / scored, 3),
        "resolved": round(totals["resolved"] / scored, 3),
        "dates_scored": totals["scored"],
        "dates_unscorable": totals["unscorable"],
        "documents": totals["documents"],
        "microseconds_per_call": round(1e6 * elapsed / max(calls, 1), 1),
        "per_shape": {
            key: {
                "n": c["n"],
                "scored": c["scored"],
                "exact": share(c, "exact"),
                "overlap": share(c, "overlap"),
                "resolved": share(c, "resolved"),
            }
            for key, c in sorted(per_shape.items(), key=lambda kv: -kv[1]["n"])
        },
        **({} if args.no_e2e else end_to_end(files)),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, {platform.system()}",
        "date": dt.date.today().isoformat(),
    }

    lines = [
        "### Dates: TimeBank 1.2 (DATE TIMEX3 values against the creation time)",
        "",
        f"{totals['scored']} DATE expressions in {totals['documents']} documents "
        f"({totals['unscorable']} unscorable values left out); text alone, no tense.",
        "",
        f"- **exact: {result['exact']:.3f}**, overlap {result['overlap']:.3f}, "
        f"resolved {result['resolved']:.3f}; {result['microseconds_per_call']} µs per call",
        "",
        "| gold value shape | n | exact | overlap | resolved |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, figures in result["per_shape"].items():
        if figures["scored"] == 0:
            lines.append(f"| `{key}` | {figures['n']} | unscorable | | |")
            continue
        lines.append(
            f"| `{key}` | {figures['scored']} | {figures['exact']:.3f} | {figures['overlap']:.3f} "
            f"| {figures['resolved']:.3f} |"
        )
    if not args.no_e2e:
        lines += [
            "",
            "End to end (`eventwire annotate` on the documents as a JSONL corpus): "
            f"exact {result['e2e_exact']:.3f}, overlap "
            f"{result['e2e_overlap']:.3f}, span recall {result['e2e_span_recall']:.3f}, span precision "
            f"{result['e2e_span_precision']:.3f}; exact among found {result['e2e_exact_of_found']:.3f}",
        ]
    lines += ["", "Command: `python benchmarks/bench_timebank.py`", ""]
    print("\n".join(lines))
    if args.errors:
        print("\n".join(misses))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
