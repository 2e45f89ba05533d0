"""Generated bad input for every format eventwire reads, and the check each must pass.

One generator serves the fast property tests (``test_fuzz.py``, driven by
hypothesis through ``st.randoms()``) and the long benchmark
(``benchmarks/bench_fuzz.py``, driven by a seeded ``random.Random``), so both
try the same kinds of input:

- formats: plain text, HTML, JSONL, CSV, RSS and Atom feeds, WARC archives,
  each possibly gzipped;
- damage: wrong types and missing fields, deep nesting, lone surrogates, huge
  records, invalid UTF-8, UTF-16, NUL bytes, binary noise, truncation, empty
  files, gzip bombs, unbalanced markup and quotes, entity declarations.

The check (``check_input``) is the promise of the "nothing lost" standard:
reading never raises, every document the file holds ends as an article, a skip
or an error, each naming the file, and the run ends within a time bound.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import signal
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# our own sentences, news-like, so some inputs are read as real articles
SENTENCES = (
    "Police arrested twelve protesters outside the parliament on Tuesday, officials said.",
    "Rebels shelled the northern town overnight, killing three civilians.",
    "The foreign ministers met in Vienna to discuss the border dispute.",
    "A car bomb went off near a market in the capital, witnesses said.",
    "The government agreed to release forty prisoners under the deal.",
    "Les ministres se sont réunis lundi à Genève.",
    "Der Minister traf sich am Montag mit Vertretern der Opposition.",
)
ODD_TEXT = ("", " ", "\n\n\n", "12 345 678", "\u200b\u200b", "🙂" * 20, "<<<>>>", "\x00\x01\x02", "null")


@dataclass(frozen=True)
class FuzzInput:
    """One generated file: its name (the suffix tells the format) and its bytes."""

    name: str
    data: bytes
    kind: str


def _text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))
    if roll < 0.75:
        return rng.choice(ODD_TEXT)
    # any code points, surrogates and controls included
    return "".join(
        chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0, 0x10FFFF)])) for _ in range(rng.randint(0, 80))
    )


def _encode(text: str, rng: random.Random) -> bytes:
    """Text as bytes, usually UTF-8, sometimes an encoding or a damage the reader must survive."""
    roll = rng.random()
    if roll < 0.7:
        return text.encode("utf-8", "surrogatepass")
    if roll < 0.78:
        return text.encode("utf-16", "surrogatepass")
    if roll < 0.86:
        return text.encode("latin-1", "replace")
    if roll < 0.93:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    raw = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(rng.randint(1, 5)):
        raw.insert(rng.randint(0, len(raw)), rng.choice([0x00, 0xFF, 0xC3, 0x80, 0xFE]))
    return bytes(raw)


def _nested(rng: random.Random, depth: int) -> object:
    value: object = rng.choice([1, "x", None, True])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


def _json_value(rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.6:
        return _text(rng)
    choices: list[Callable[[], object]] = [
        lambda: rng.randint(-(10**20), 10**20),
        lambda: rng.random(),
        lambda: None,
        lambda: [_text(rng)],
        lambda: {"text": _text(rng)},
        lambda: _nested(rng, rng.choice([3, 50, 400])),
        lambda: "\ud800" + _text(rng),
    ]
    return rng.choice(choices)()


def _jsonl(rng: random.Random) -> bytes:
    lines = []
    for n in range(rng.randint(0, 12)):
        roll = rng.random()
        if roll < 0.08:
            lines.append(rng.choice(["{not json", "[1, 2]", '"a string"', "", "   ", "{}", "null"]))
            continue
        if roll < 0.11:
            # nested deeper than json.dumps can write (a hostile record, written by hand)
            depth = rng.choice([150, 2000, 100_000])
            lines.append(
                '{"text": "' + rng.choice(SENTENCES) + '", "deep": ' + "[" * depth + "]" * depth + "}"
            )
            continue
        record: dict[str, object] = {}
        if rng.random() < 0.85:
            record["text"] = _json_value(rng)
        for key in ("id", "title", "published", "url", "outlet"):
            if rng.random() < 0.4:
                record[key] = _json_value(rng) if rng.random() < 0.3 else f"{key}-{n}"
        if rng.random() < 0.05:
            record["text"] = "word " * rng.randint(10_000, 300_000)
        lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5))
    text = "\n".join(lines) + ("\n" if rng.random() < 0.8 else "")
    return _encode(text, rng) if rng.random() < 0.3 else text.encode("utf-8", "surrogatepass")


def _csv(rng: random.Random) -> bytes:
    header = rng.choice(["id,text", "text", "id,title,text,published", "id,body", "", "text,text"])
    rows = [header]
    for n in range(rng.randint(0, 10)):
        text = _text(rng).replace("\x00", "")
        roll = rng.random()
        if roll < 0.1:
            rows.append(f'r{n},"{text}')  # a quote never closed
        elif roll < 0.15:
            rows.append(f'r{n},"{"word " * rng.randint(1000, 50_000)}"')
        else:
            rows.append(f'r{n},"{text.replace(chr(34), chr(34) * 2)}"')
    return _encode("\n".join(rows) + "\n", rng)


def _html(rng: random.Random) -> bytes:
    roll = rng.random()
    paragraphs = "".join(f"<p>{_text(rng)}</p>" for _ in range(rng.randint(0, 8)))
    if roll < 0.5:
        title = f"<title>{_text(rng)}</title>"
        page = f"<html><head>{title}</head><body><article>{paragraphs}</article></body></html>"
    elif roll < 0.65:
        page = "<div>" * rng.randint(100, 5000) + paragraphs  # deep and never closed
    elif roll < 0.75:
        page = (
            "<html><body>"
            + "<p>"
            + "</p><p>".join(rng.choice(SENTENCES) for _ in range(rng.randint(500, 3000)))
        )
    elif roll < 0.85:
        page = (
            f'<meta charset="{rng.choice(["latin-1", "utf-16", "bogus", "shift_jis"])}"><p>{_text(rng)}</p>'
        )
    else:
        page = "<html><script>" + "x" * rng.randint(0, 10_000) + "</script><p" + paragraphs
    return _encode(page, rng)


def _feed(rng: random.Random) -> bytes:
    items = "".join(
        f"<item><title>{_text(rng)}</title><description><![CDATA[<p>{_text(rng)}</p>]]></description>"
        f"<link>http://example.org/{n}</link>"
        f"<pubDate>{rng.choice(['Mon, 06 Sep 2021 10:00:00 GMT', 'bogus', ''])}</pubDate></item>"
        for n in range(rng.randint(0, 6))
    )
    roll = rng.random()
    if roll < 0.5:
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    elif roll < 0.7:
        entries = "".join(
            f"<entry><title>{_text(rng)}</title><content type='html'>{_text(rng)}</content></entry>"
            for _ in range(rng.randint(0, 5))
        )
        feed = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'
    elif roll < 0.85:
        lol = '<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(6)
        )
        item = "<item><title>&g;</title></item>"
        feed = f'<?xml version="1.0"?><!DOCTYPE rss [{lol}]><rss><channel>{item}</channel></rss>'
    else:
        feed = f"<rss><channel>{items[: rng.randint(0, len(items) + 1)]}"  # cut short
    return _encode(feed, rng)


def _warc_record(payload: bytes, uri: str, content_type: str) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n" + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
        "WARC-Date: 2021-09-22T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def _warc(rng: random.Random) -> bytes:
    records = b"".join(
        _warc_record(_html(rng), f"http://example.org/{n}", rng.choice(["text/html", "image/png", ""]))
        for n in range(rng.randint(0, 4))
    )
    roll = rng.random()
    if roll < 0.2:
        records = records[: rng.randint(0, len(records) + 1)]  # truncated archive
    elif roll < 0.3:
        records = records.replace(b"Content-Length: ", b"Content-Length: 9", 1)  # lies about its length
    return gzip.compress(records) if rng.random() < 0.5 else records


FORMATS: dict[str, tuple[str, Callable[[random.Random], bytes]]] = {
    "text": (".txt", lambda rng: _encode("\n\n".join(_text(rng) for _ in range(rng.randint(0, 5))), rng)),
    "html": (".html", _html),
    "jsonl": (".jsonl", _jsonl),
    "csv": (".csv", _csv),
    "feed": (".rss", _feed),
    "warc": (".warc", _warc),
}


def _bomb(byte: bytes, megabytes: int) -> bytes:
    """A gzip stream of ``megabytes`` MB of one byte, compressed a chunk at a time
    (a few hundred kB, never the whole expansion in memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    chunk = byte * (1024 * 1024)
    parts = [packer.compress(chunk) for _ in range(megabytes)]
    return b"".join([*parts, packer.flush()])


def make_input(rng: random.Random, number: int = 0) -> FuzzInput:
    """One generated input file of a random format and damage."""
    kind = rng.choice(sorted(FORMATS))
    suffix, build = FORMATS[kind]
    data = build(rng)
    roll = rng.random()
    if roll < 0.05:
        data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 4000)))  # binary noise
        kind += "+binary"
    elif roll < 0.08:
        data = b""
        kind += "+empty"
    elif roll < 0.13 and kind != "warc":
        data = gzip.compress(data)
        suffix += ".gz"
        kind += "+gzip"
    elif roll < 0.14:
        data = _bomb(rng.choice([b"\0", b" "]), rng.randint(1, 300))
        suffix += ".gz"
        kind += "+bomb"
    elif roll < 0.18:
        data = data[: rng.randint(0, max(len(data) - 1, 0))]
        kind += "+cut"
    return FuzzInput(f"in{number:05d}{suffix}", data, kind)


class Hang(BaseException):
    """Reading one input took longer than its time bound (a BaseException, so
    that no reader's own ``except Exception`` can swallow it)."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in the block after ``seconds`` (main thread, POSIX only)."""

    def expire(_signum: int, _frame: object) -> None:
        raise Hang(f"no outcome after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """What reading one input gave: counts, and what went wrong if anything did."""

    articles: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    crash: str | None = None  # an exception escaped
    hang: bool = False
    lost: list[str] = field(default_factory=list)  # documents with no outcome


def check_input(path: Path, through_store: bool = False, bound_s: float = 60.0) -> Outcome:
    """Read one input as ``eventwire run`` does (through the store when asked)
    and check that every document in it ends as an article, a skip or an error."""
    from eventwire.pipeline import RunStats, iter_articles, run
    from eventwire.settings import Settings
    from eventwire.store import Store

    outcome = Outcome()
    stats = RunStats()
    started = time.perf_counter()
    try:
        with time_bound(bound_s):
            if through_store:
                with Store(":memory:") as store:
                    stats = run([str(path)], Settings(progress=False), store)
                    stored = store.count("article")
                articles = stats.articles
                if stored != articles:
                    outcome.lost.append(f"{path.name}: {stored} articles stored of {articles} coded")
            else:
                articles = sum(1 for _ in iter_articles([str(path)], stats, languages=None))
    except Hang:
        outcome.hang = True
        return outcome
    except Exception as exc:
        outcome.crash = f"{type(exc).__name__}: {exc}"[:300]
        return outcome
    outcome.seconds = time.perf_counter() - started
    outcome.articles, outcome.skipped, outcome.failed = articles, stats.skipped, stats.failed
    if articles + stats.skipped + stats.failed == 0:
        outcome.lost.append(f"{path.name}: no article, skip or error")
    if articles + stats.skipped + stats.failed != stats.read:
        outcome.lost.append(
            f"{path.name}: {stats.read} read, {articles + stats.skipped + stats.failed} outcomes"
        )
    for line in [*stats.skips, *(e.describe() for e in stats.errors)]:
        if not line.startswith(str(path)):
            outcome.lost.append(f"an outcome that does not name its file: {line[:120]}")
    if path.suffix == ".jsonl":
        # one outcome per non-blank line; a file with none is one outcome (empty, binary)
        lines = jsonl_lines(path.read_bytes()) or 1
        if stats.read != lines:
            outcome.lost.append(f"{path.name}: {stats.read} records read of {lines} lines")
    return outcome


def jsonl_lines(data: bytes) -> int:
    """Non-blank lines of a JSONL input: each must have an outcome of its own."""
    return sum(1 for line in io.BytesIO(data) if line.strip())
