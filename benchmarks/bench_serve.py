"""Load test of ``eventwire serve`` on loopback, and the page's load time in Chromium.

Builds a store of about 100,000 events (``--events``; built from real coded
mentions as ``bench_query.py`` does, plus the bundled example articles run by
the pipeline), starts ``eventwire serve`` on a free 127.0.0.1 port, then runs
N concurrent clients for a fixed time over a mix of API calls and the page;
reports requests, errors, throughput, median and p95 latency. The clients are
wrk (Debian's package ``wrk``, a load generator in C in its own process) when
it is installed, else an asyncio + httpx client, whose own CPU on the same
cores weighs on the figures (``load_client`` says which). Then loads the page in headless Chromium
several times and reports the median navigation time (load event) and the time
until the page has fetched and drawn its data. Traffic goes to loopback only,
and the loop stops by itself.

    python benchmarks/bench_serve.py [--clients 50] [--seconds 30] [--loads 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from eventwire.data_files import demo_paths
from eventwire.pipeline import run
from eventwire.settings import load_settings
from eventwire.store import Store

from _common import emit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_store(folder: Path, events: int) -> Path:
    """The bundled example articles, run by the real pipeline, and, with ``events``,
    about that many more events built from real coded mentions (``bench_query``)."""
    path = folder / "bench.db"
    if events:
        from bench_query import build_store as build_large

        build_large(path, events, random.Random(11))
    with Store(path) as store:
        run(demo_paths(), load_settings(None, db=str(path)), store)
    return path


def start_server(store: Path) -> tuple[subprocess.Popen[str], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/api/meta", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("eventwire serve did not start")


def request_mix(base: str) -> list[str]:
    """The URLs a client cycles through: lists, filters, one event, aggregates, the page."""
    events = httpx.get(base + "/api/events", params={"limit": 20}).json()["events"]
    detail = [f"/api/events/{e['id']}" for e in events[:5]]
    return [
        "/api/events?limit=50",
        "/api/events?actor_country=USA&recipient_country=RUS",
        "/api/events?dyad=USA-RUS&type=CONSULT",
        "/api/aggregates?by=month",
        "/api/aggregates?by=day&actor_country=USA",
        "/api/network",
        "/api/actors?limit=20",
        "/",
        *detail,
    ]


async def load(base: str, clients: int, seconds: float) -> dict[str, Any]:
    urls = request_mix(base)
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.perf_counter() + seconds

    async def client(number: int, http: httpx.AsyncClient) -> None:
        i = number
        while time.perf_counter() < stop:
            url = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                response = await http.get(url)
                if response.status_code != 200:
                    errors.append(f"{url}: HTTP {response.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{url}: {type(exc).__name__}")
            latencies.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(n, http) for n in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "median_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
    }


WRK = Path("/usr/bin/wrk")
# wrk's script: cycle through the request mix; at the end print the figures as JSON
WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("EVENTWIRE_URLS")) do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "errors": %d, "median_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f}\\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


COUNTRIES = ["USA", "RUS", "CHN", "UKR", "FRA", "DEU", "GBR", "IRN", "ISR", "TUR", "IND", "PAK", "AFG", "SYR"]
TYPES = ["CONSULT", "ASSAULT", "COERCE", "ACCUSE", "PROTEST", "AGREE", "AID", "THREATEN"]


def distinct_mix(count: int, rng: random.Random) -> list[str]:
    """``count`` different questions (filters, periods, groupings), so that nearly
    every request misses the answer cache: the server's cost when nobody repeats.
    There are about 12,000 such questions; ``count`` must stay below that."""
    if count > 10_000:
        raise ValueError("at most 10,000 distinct questions in this mix")
    urls = set()
    while len(urls) < count:
        a, r = rng.sample(COUNTRIES, 2)
        year = rng.randrange(2000, 2025)
        kind = rng.randrange(5)
        if kind == 0:
            urls.add(f"/api/events?actor_country={a}&date_from={year}-{rng.randrange(1, 13):02d}&limit=50")
        elif kind == 1:
            urls.add(f"/api/aggregates?by=month&actor_country={a}&type={rng.choice(TYPES)}&date_from={year}")
        elif kind == 2:
            urls.add(f"/api/events?dyad={a}-{r}&date_from={year}&limit=20")
        elif kind == 3:
            urls.add(f"/api/actors?type={rng.choice(TYPES)}&date_from={year}&limit=20")
        else:
            urls.add(f"/api/network?actor_country={a}&date_from={year}&date_to={year + 1}")
    return sorted(urls)


def load_wrk(base: str, clients: int, seconds: float, urls: list[str] | None = None) -> dict[str, Any]:
    """The request mix from wrk, a load generator in C in its own process, so the
    figures are the server's and not the Python client's (which spends more CPU
    per request than the server does, on the same two cores)."""
    urls = urls or request_mix(base)
    with tempfile.TemporaryDirectory() as folder:
        listing, script = Path(folder) / "urls.txt", Path(folder) / "mix.lua"
        listing.write_text("\n".join(urls) + "\n")
        script.write_text(WRK_SCRIPT)
        command = [
            str(WRK),
            "-t2",
            f"-c{clients}",
            f"-d{int(seconds)}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, check=True, env={"EVENTWIRE_URLS": str(listing)}
        )
    line = next(x for x in done.stdout.splitlines() if x.startswith("JSON "))
    figures: dict[str, Any] = json.loads(line[5:])
    return {
        "load_client": "wrk",
        "clients": clients,
        "seconds": seconds,
        **figures,
        "requests_per_s": round(figures["requests"] / seconds, 1),
    }


def page_load(base: str, loads: int) -> dict[str, Any]:
    """Median navigation timing of the page, and the time until its data is drawn."""
    if not CHROMIUM.exists():
        return {"page_load": f"skipped: {CHROMIUM} absent"}
    from playwright.sync_api import sync_playwright

    load_ms: list[float] = []
    ready_ms: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1500, "height": 1000})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready=true]", timeout=30_000)
            ready_ms.append(1000 * (time.perf_counter() - started))
            timing = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
            load_ms.append(timing["loadEventEnd"] - timing["startTime"])
            context.close()
        browser.close()
    return {
        "page_loads": loads,
        "page_load_ms_median": round(statistics.median(load_ms), 1),
        "page_ready_ms_median": round(statistics.median(ready_ms), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument(
        "--events", type=int, default=100_000, help="events in the store besides the examples' (0: none)"
    )
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = build_store(Path(folder), args.events)
        with Store.open_readonly(store) as reader:
            events = reader.count("event")
        process, base = start_server(store)
        try:
            results: dict[str, Any] = {"store_events": events}
            if WRK.exists():
                results |= load_wrk(base, args.clients, args.seconds)
                # the same clients asking questions nobody asked before (cache misses)
                cold = load_wrk(base, args.clients, args.seconds, distinct_mix(8_000, random.Random(5)))
                results |= {
                    f"uncached_{k}": v for k, v in cold.items() if k not in {"load_client", "clients"}
                }
            else:
                results |= {"load_client": "python (httpx); install wrk for the server's own figures"}
                results |= asyncio.run(load(base, args.clients, args.seconds))
            results |= page_load(base, args.loads)
        finally:
            process.terminate()
            process.wait(timeout=10)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
