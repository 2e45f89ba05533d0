"""Score eventwire on the hand-coded gold articles: the figures behind the quality gate.

Runs ``eventwire articles`` and ``eventwire extract`` on ``tests/gold/articles``
through the CLI, as a user would, and compares the output with ``gold.yaml``
(the matching rules are in ``tests/gold/README.md``). The gate test imports this
module; developers run it to see every figure and every miss:

    .venv/bin/python tests/gold/score.py [--json] [--update-baseline]

It prints the misses, then one line of figures last; the exit code is 1 when a
figure is below its floor in ``baseline.json``.
"""

from __future__ import annotations

import argparse
import calendar
import json
import math
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
GOLD = HERE / "gold.yaml"
BASELINE = HERE / "baseline.json"
# PLOVER's types whose two parties act together: either may be the actor
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
OCCURRED = "occurred"
# a gold key "corpus.jsonl#wire-ken-0002" names one record of a corpus file
RECORD_SEP = "#"
# figures gated as shares (floor: today's value rounded down to 2 decimals)
SHARE_FIGURES = (
    "recall",
    "precision",
    "status_recall",
    "article_checks",
    "sectors",
    "modes",
    "places",
    "counts",
    "names",
    "merged",
)

Record = dict[str, Any]


# ---------------------------------------------------------------- running eventwire


def input_paths() -> list[Path]:
    """The gold articles in a fixed order, so every run reads them alike."""
    return sorted(p for p in ARTICLES.iterdir() if p.suffix in {".txt", ".html", ".jsonl"})


def _isolated_config(workdir: Path) -> Path:
    """A settings file with the defaults, so no eventwire.toml or EVENTWIRE_* changes the run."""
    config = workdir / "gate.toml"
    config.write_text("[eventwire]\nprogress = false\n", encoding="utf-8")
    return config


def run_cli(verb: str, workdir: Path) -> list[Record]:
    """Run one eventwire verb on the gold articles in this process; return its JSON lines."""
    from click.testing import CliRunner

    from eventwire.cli import main
    from eventwire.settings import SETTINGS_TABLE

    out = workdir / f"{verb}.jsonl"
    config = _isolated_config(workdir)
    args = [verb, *(str(p) for p in input_paths()), "--out", str(out), "--config", str(config)]
    env: dict[str, str | None] = {f"EVENTWIRE_{spec.name.upper()}": None for spec in SETTINGS_TABLE}
    result = CliRunner(env=env).invoke(main, args, catch_exceptions=False)
    if result.exit_code != 0 or not out.is_file():
        raise RuntimeError(f"eventwire {verb} failed (exit {result.exit_code}): {result.output[-600:]}")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_gold(path: Path = GOLD) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


# ---------------------------------------------------------------- matching


def as_set(value: Any) -> frozenset[str]:
    """A gold field given as one value or a list, as a set of strings (empty when absent)."""
    if value is None:
        return frozenset()
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(str(v) for v in value)
    return frozenset({str(value)})


def expand(value: Any) -> tuple[str, str]:
    """The first and last day a date written as YYYY, YYYY-MM or YYYY-MM-DD covers."""
    text = str(value)[:10]
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    if len(text) == 7:
        year, month = int(text[:4]), int(text[5:7])
        return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return text, text


def gold_span(value: Any) -> tuple[str, str] | None:
    """A gold date or [start, end] range as inclusive ISO days; None when not given."""
    if value is None:
        return None
    if isinstance(value, list):
        return expand(value[0])[0], expand(value[1])[1]
    return expand(value)


def produced_span(event: Record) -> tuple[str, str] | None:
    """A produced event's date as inclusive ISO days; None when it has no date."""
    date = event.get("date") or {}
    start = date.get("start")
    if not start:
        return None
    return expand(start)[0], expand(date.get("end") or start)[1]


def overlaps(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def has_country(parties: Iterable[Record], want: Record | None) -> bool:
    """Whether some party has one of the wanted countries (no wanted party: always)."""
    if not want:
        return True
    countries = as_set(want.get("country"))
    return any(p.get("country") in countries for p in parties)


def roles_fit(event: Record, gold: Record, test: Any = has_country) -> bool:
    """Whether the produced parties satisfy both gold roles, either way round for symmetric types."""
    actors, recipients = event.get("actor") or [], event.get("recipient") or []
    want_a, want_r = gold.get("actor"), gold.get("recipient")
    if test(actors, want_a) and test(recipients, want_r):
        return True
    if gold["type"] in SYMMETRIC:
        both = actors + recipients
        return bool(test(both, want_a) and test(both, want_r))
    return False


def statuses(gold: Record) -> frozenset[str]:
    return as_set(gold.get("status", OCCURRED))


def matches(event: Record, gold: Record, article_ids: frozenset[str]) -> bool:
    """The match rule of the README: type, status, parties' countries, overlapping date, article."""
    if event.get("type") not in {gold["type"], *as_set(gold.get("also_accept"))}:
        return False
    if event.get("status", OCCURRED) not in statuses(gold):
        return False
    if not roles_fit(event, gold):
        return False
    want = gold_span(gold.get("date"))
    if want is not None:
        got = produced_span(event)
        if got is None or not overlaps(got, want):
            return False
    return any(s.get("article_id") in article_ids for s in event.get("sources") or [])


def trigger_in(source: Record, text: str) -> bool:
    """Whether the source sentence contains ``text`` with the event's trigger inside it.

    Whitespace may differ (line breaks inside a sentence); without trigger
    offsets the sentence containing the text is enough.
    """
    sentence = source.get("sentence") or ""
    pattern = r"\s+".join(re.escape(word) for word in text.split())
    found = re.search(pattern, sentence, flags=re.IGNORECASE)
    if found is None:
        return False
    trigger, start = source.get("trigger"), source.get("start")
    if not trigger or start is None:
        return True
    lo, hi = trigger[0] - start, trigger[1] - start
    return found.start() <= lo and hi <= found.end()


# ---------------------------------------------------------------- checks on the parts of a match


def _sector_fit(parties: Iterable[Record], want: Record | None) -> bool:
    if not want or not want.get("sector"):
        return True
    countries, sectors = as_set(want.get("country")), as_set(want.get("sector"))
    return any(p.get("country") in countries and p.get("sector") in sectors for p in parties)


def _name_fit(parties: Iterable[Record], want: Record | None) -> bool:
    if not want or not want.get("name"):
        return True
    key = str(want["name"]).split()[-1].lower()
    return any(key in f"{p.get('name') or ''} {p.get('text') or ''}".lower() for p in parties)


def sector_right(event: Record, gold: Record) -> bool:
    return roles_fit(event, gold, _sector_fit)


def name_right(event: Record, gold: Record) -> bool:
    return roles_fit(event, gold, _name_fit)


def mode_right(event: Record, gold: Record) -> bool:
    return event.get("mode") in as_set(gold.get("mode"))


def place_right(event: Record, gold: Record) -> bool:
    want, got = gold.get("place") or {}, event.get("place") or {}
    if want.get("country") and got.get("country") != want["country"]:
        return False
    return str(want.get("name", "")).lower() in f"{got.get('name') or ''} {got.get('text') or ''}".lower()


def count_right(event: Record, gold: Record) -> bool:
    size = event.get("size") or {}
    return all(size.get(k) == gold[k] for k in ("dead", "injured", "arrested") if k in gold)


# ---------------------------------------------------------------- scoring


@dataclass
class Share:
    """A figure as a count of successes over a count of cases."""

    hit: int = 0
    total: int = 0
    missed: list[str] = field(default_factory=list)

    def add(self, ok: bool, label: str) -> None:
        self.total += 1
        self.hit += ok
        if not ok:
            self.missed.append(label)

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.value:.2f} ({self.hit}/{self.total})"


@dataclass
class Score:
    """Every figure of one run, with what was missed."""

    shares: dict[str, Share]
    violations: list[str]
    unmatched: list[str]
    near_misses: dict[str, list[str]]
    produced: int

    def figures(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: round(share.value, 4) for name, share in self.shares.items()}
        out["violations"] = len(self.violations)
        out["counts_of"] = {name: [share.hit, share.total] for name, share in self.shares.items()}
        out["produced_events"] = self.produced
        return out


def article_index(articles: list[Record]) -> dict[str, frozenset[str]]:
    """Gold article key -> the article ids eventwire gave it."""
    index: dict[str, set[str]] = {}
    for article in articles:
        path = Path((article.get("source") or {}).get("path") or "")
        if path.suffix == ".jsonl":
            index.setdefault(f"{path.name}{RECORD_SEP}{article['id']}", set()).add(article["id"])
        else:
            index.setdefault(path.name, set()).add(article["id"])
    return {key: frozenset(ids) for key, ids in index.items()}


def check_articles(gold: dict[str, Any], articles: list[Record], index: dict[str, frozenset[str]]) -> Share:
    """The article expectations: title, publication time, outlet, body lines, furniture, captions."""
    by_id = {a["id"]: a for a in articles}
    share = Share()
    for key, want in gold["articles"].items():
        found = [by_id[i] for i in sorted(index.get(key, ()))]
        share.add(len(found) == 1, f"{key}: {len(found)} articles")
        if len(found) != 1:
            continue
        art = found[0]
        body, captions = art.get("body") or "", "\n".join(art.get("captions") or [])
        if "title" in want:
            share.add((art.get("title") or "").strip() == want["title"], f"{key}: title {art.get('title')!r}")
        if "published" in want:
            ok = str(art.get("published") or "").startswith(want["published"])
            share.add(ok, f"{key}: published {art.get('published')!r}, want {want['published']}")
        if "outlet" in want:
            share.add(art.get("outlet") == want["outlet"], f"{key}: outlet {art.get('outlet')!r}")
        for text in want.get("body_has") or []:
            share.add(text in body, f"{key}: body lacks {text[:50]!r}")
        for text in want.get("not_body") or []:
            share.add(text not in body, f"{key}: furniture in body {text[:50]!r}")
        for text in want.get("captions") or []:
            share.add(text in captions and text not in body, f"{key}: caption not kept apart {text[:50]!r}")
    return share


def describe(event: Record) -> str:
    """One line for a produced event: type, status, parties, date, trigger sentence."""

    def parties(role: str) -> str:
        refs = event.get(role) or []
        return ";".join(f"{p.get('country') or '?'}/{p.get('sector') or '?'}" for p in refs) or "-"

    date = event.get("date") or {}
    span = date.get("start") or "?"
    if date.get("end") and date.get("end") != date.get("start"):
        span += f"..{date['end']}"
    sentence = " ".join(((event.get("sources") or [{}])[0].get("sentence") or "").split())
    return (
        f"{event.get('type')}/{event.get('mode') or '-'} {event.get('status')} "
        f"{parties('actor')} -> {parties('recipient')} {span} «{sentence[:90]}»"
    )


def describe_gold(key: str, gold: Record) -> str:
    def party(role: str) -> str:
        want = gold.get(role) or {}
        if not want:
            return "-"
        countries = "|".join(sorted(as_set(want.get("country"))))
        return f"{countries}/{'|'.join(sorted(as_set(want.get('sector')))) or '?'}"

    date = gold.get("date")
    return (
        f"{key} {gold['id']}: {gold['type']} {'|'.join(sorted(statuses(gold)))} "
        f"{party('actor')} -> {party('recipient')} {date if date is not None else 'no date'}"
    )


def _score_entry(
    key: str, entry: Record, events: list[Record], index: dict[str, frozenset[str]], shares: dict[str, Share]
) -> tuple[list[int], list[str]]:
    """Score one gold event; return the produced events it matches and, when missed, its near misses."""
    ids = frozenset(index.get(key, frozenset())).union(
        *(index.get(k, frozenset()) for k in entry.get("also_in") or [])
    )
    hits = [i for i, e in enumerate(events) if matches(e, entry, ids)]
    if not entry.get("required"):
        return hits, []
    label = describe_gold(key, entry)
    shares["recall" if statuses(entry) == {OCCURRED} else "status_recall"].add(bool(hits), label)
    matched = [events[i] for i in hits]
    parts = (
        ("sectors", sector_right, any((entry.get(r) or {}).get("sector") for r in ("actor", "recipient"))),
        ("names", name_right, any((entry.get(r) or {}).get("name") for r in ("actor", "recipient"))),
        ("modes", mode_right, bool(entry.get("mode"))),
        ("places", place_right, bool(entry.get("place"))),
        ("counts", count_right, any(k in entry for k in ("dead", "injured", "arrested"))),
    )
    for name, right, asked in parts:
        if asked:
            shares[name].add(any(right(e, entry) for e in matched), label)
    if entry.get("also_in"):
        cover = [index.get(k, frozenset()) for k in [key, *entry["also_in"]]]
        cited = [{s.get("article_id") for s in e.get("sources") or []} for e in matched]
        shares["merged"].add(any(all(c & art for art in cover) for c in cited), label)
    if hits:
        return hits, []
    types = {entry["type"], *as_set(entry.get("also_accept"))}
    near = [
        describe(e)
        for e in events
        if e.get("type") in types and any(s.get("article_id") in ids for s in e.get("sources") or [])
    ]
    return hits, near


def _violations(key: str, statement: Record, occurred: list[Record], ids: frozenset[str]) -> list[str]:
    """Produced occurred events whose trigger lies in a statement the gold says did not happen."""
    types = as_set(statement.get("type"))
    found = []
    for event in occurred:
        if types and event.get("type") not in types:
            continue
        sources = [s for s in event.get("sources") or [] if s.get("article_id") in ids]
        if any(trigger_in(s, statement["text"]) for s in sources):
            found.append(f"{key}: «{statement['text']}» coded as {describe(event)}")
    return found


def score(gold: dict[str, Any], articles: list[Record], events: list[Record]) -> Score:
    """Compare eventwire's articles and events with the gold; see the README for the rules."""
    index = article_index(articles)
    shares = {name: Share() for name in SHARE_FIGURES}
    shares["article_checks"] = check_articles(gold, articles, index)
    occurred = [e for e in events if e.get("status", OCCURRED) == OCCURRED]
    used: set[int] = set()
    near: dict[str, list[str]] = {}
    violations: list[str] = []
    for key, want in gold["articles"].items():
        for entry in want.get("events") or []:
            hits, candidates = _score_entry(key, entry, events, index, shares)
            if OCCURRED in statuses(entry):
                used.update(i for i in hits if events[i].get("status", OCCURRED) == OCCURRED)
            if candidates:
                near[describe_gold(key, entry)] = candidates
        for statement in want.get("not_occurred") or []:
            violations.extend(_violations(key, statement, occurred, index.get(key, frozenset())))
    for i, event in enumerate(events):
        if event.get("status", OCCURRED) == OCCURRED:
            shares["precision"].add(i in used, describe(event))
    return Score(
        shares=shares,
        violations=violations,
        unmatched=shares["precision"].missed,
        near_misses=near,
        produced=len(occurred),
    )


# ---------------------------------------------------------------- floors


def floor2(value: float) -> float:
    """Round down to 2 decimals (0.357 -> 0.35), safe against 0.29 * 100 = 28.999..."""
    return math.floor(round(value * 100, 6)) / 100


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def below_floors(result: Score, baseline: dict[str, Any]) -> list[str]:
    """Every figure below its floor, as readable lines (empty: the gate holds)."""
    floors = baseline["floors"]
    problems = []
    for name in SHARE_FIGURES:
        share = result.shares[name]
        if name in floors and share.value < floors[name]:
            problems.append(f"{name} {share} is below its floor {floors[name]:.2f}")
    if len(result.violations) > floors.get("max_violations", 0):
        allowed = floors["max_violations"]
        problems.append(f"{len(result.violations)} not-occurred violations, at most {allowed} allowed")
    return problems


def baseline_from(result: Score) -> dict[str, Any]:
    """Floors at today's figures (shares rounded down to 2 decimals), with the figures themselves."""
    floors: dict[str, Any] = {name: floor2(result.shares[name].value) for name in SHARE_FIGURES}
    floors["max_violations"] = len(result.violations)
    return {
        "about": "Floors of the quality gate (tests/test_quality_gate.py); see tests/gold/README.md.",
        "measured_with": _version(),
        "floors": floors,
        "measured": result.figures(),
    }


def _version() -> str:
    from importlib.metadata import version

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown commit"
    return f"eventwire {version('eventwire')} at {commit}"


# ---------------------------------------------------------------- report


def report(result: Score) -> str:
    """The misses by class, then one line of figures."""
    lines: list[str] = []
    for name in ("recall", "status_recall"):
        missed = result.shares[name].missed
        if missed:
            lines.append(f"missed ({name}), {len(missed)}:")
            for label in missed:
                lines.append(f"  {label}")
                for candidate in result.near_misses.get(label, [])[:3]:
                    lines.append(f"      same type produced: {candidate}")
    if result.violations:
        lines.append(f"not-occurred statements coded as occurred, {len(result.violations)}:")
        lines.extend(f"  {v}" for v in result.violations)
    if result.unmatched:
        lines.append(f"produced occurred events matching no gold event, {len(result.unmatched)}:")
        lines.extend(f"  {u}" for u in result.unmatched)
    for name in ("article_checks", "sectors", "modes", "places", "counts", "names", "merged"):
        missed = result.shares[name].missed
        if missed:
            lines.append(f"wrong or missing ({name}), {len(missed)}:")
            lines.extend(f"  {m}" for m in missed)
    lines.append(summary(result))
    return "\n".join(lines)


def summary(result: Score) -> str:
    s = result.shares
    return (
        f"gold gate: recall {s['recall']}, precision {s['precision']}, status recall {s['status_recall']}, "
        f"violations {len(result.violations)}, article checks {s['article_checks']}, sectors {s['sectors']}, "
        f"modes {s['modes']}, places {s['places']}, counts {s['counts']}, names {s['names']}, "
        f"merged {s['merged']}"
    )


def run_and_score(workdir: Path) -> Score:
    """Run eventwire on the gold articles (in ``workdir``) and score the output."""
    articles = run_cli("articles", workdir)
    events = run_cli("extract", workdir)
    return score(load_gold(), articles, events)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--update-baseline", action="store_true", help="set the floors in baseline.json to today's figures"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eventwire-gate-") as tmp:
        result = run_and_score(Path(tmp))
    if args.update_baseline:
        BASELINE.write_text(json.dumps(baseline_from(result), indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {BASELINE}")
    if args.json:
        print(json.dumps(result.figures(), indent=2))
    else:
        print(report(result))
    problems = below_floors(result, load_baseline()) if BASELINE.is_file() else []
    for problem in problems:
        print(f"below floor: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
