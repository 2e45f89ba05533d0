"""Reading and cleaning speed per input format, on a large generated input.

Builds N documents from the bundled example articles (each copy with its own
id) as a JSONL corpus, a CSV corpus, a gzipped WARC archive, an RSS feed and a
folder of text files, then times `read_inputs` + `clean_source` over each and
records peak memory. Reported: median articles per second over the repeats.

    python benchmarks/bench_ingest.py [--documents 5000] [--repeats 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import tempfile
import time
from html import escape
from pathlib import Path

from eventwire.clean import clean_source
from eventwire.data_files import demo_paths
from eventwire.ingest import read_inputs
from eventwire.records import Source

from _common import emit


def build_inputs(folder: Path, documents: int, formats: set[str]) -> dict[str, Path]:
    texts = [Path(p).read_text(encoding="utf-8") for p in demo_paths()]
    docs = [(f"doc-{n}", texts[n % len(texts)] + f"\n\nCopy {n}.") for n in range(documents)]
    paths = {"jsonl": folder / "corpus.jsonl", "csv": folder / "corpus.csv", "warc": folder / "crawl.warc.gz"}
    with paths["jsonl"].open("w", encoding="utf-8") as handle:
        for doc_id, text in docs:
            handle.write(json.dumps({"id": doc_id, "text": text}) + "\n")
    with paths["csv"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows(docs)
    if formats == {"jsonl"}:
        return {"jsonl": paths["jsonl"]}
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with paths["warc"].open("wb") as stream:
        warc = WARCWriter(stream, gzip=True)
        for doc_id, text in docs:
            paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
            html = f"<html><body><article>{paragraphs}</article></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = warc.create_warc_record(
                f"https://example.org/{doc_id}", "response", payload=io.BytesIO(html), http_headers=headers
            )
            warc.write_record(record)
    text_folder = folder / "texts"
    text_folder.mkdir()
    for doc_id, text in docs:
        (text_folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    paths["text_files"] = text_folder
    return paths


def time_format(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    count = 0
    for item in read_inputs([str(path)]):
        if isinstance(item, Source):
            clean_source(item)
            count += 1
    return time.perf_counter() - started, count


# ru_maxrss survives exec on Linux (a child forked from a large parent reports
# the parent's size), so the child reads its own high-water mark, VmHWM.
READER_SNIPPET = """
import sys
from eventwire.clean import clean_source
from eventwire.ingest import read_inputs
from eventwire.records import Source
for item in read_inputs([sys.argv[1]]):
    if isinstance(item, Source):
        clean_source(item)
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
print(int(hwm.split()[1]) // 1024)
"""


def reader_rss_mb(path: Path) -> int:
    """Peak memory of a fresh process that only reads and cleans ``path``."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", READER_SNIPPET, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--formats", default="jsonl,csv,warc,text_files", help="comma-separated formats to time"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results: dict[str, object] = {"documents": args.documents}
    with tempfile.TemporaryDirectory() as tmp:
        formats = set(args.formats.split(","))
        paths = {k: v for k, v in build_inputs(Path(tmp), args.documents, formats).items() if k in formats}
        results["input_mb"] = {
            k: round(sum(f.stat().st_size for f in ([v] if v.is_file() else v.iterdir())) / 2**20)
            for k, v in paths.items()
        }
        for name, path in paths.items():
            runs = [time_format(path) for _ in range(args.repeats)]
            seconds = statistics.median(r[0] for r in runs)
            results[f"{name}_articles_per_s"] = round(runs[0][1] / seconds, 0)
            results[f"{name}_reader_peak_rss_mb"] = reader_rss_mb(path)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
