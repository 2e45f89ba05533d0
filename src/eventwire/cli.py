"""The ``eventwire`` command: thin wrappers over importable functions.

Each verb parses its options, calls the library and formats the result. Only
this module configures logging and writes to the terminal.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from eventwire import __version__
from eventwire.coder import describe_rule
from eventwire.data_files import demo_paths
from eventwire.errors import ExportError, StoreError
from eventwire.export import EXPORTERS, export_events, write_parquet
from eventwire.ingest.fetch import is_url
from eventwire.merge import weak_mark
from eventwire.pipeline import RunStats, annotate_articles, extract_events, iter_articles, run
from eventwire.query import FILTER_PARAMS, GROUPINGS, EventFilter, count_by, filter_from_params, select_events
from eventwire.records import Event
from eventwire.settings import Settings, load_settings
from eventwire.store import Store

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True, emoji=False, highlight=False)
# piped output (a file, `make demo` in CI logs) gets a wide table instead of rich's 80 columns
out = Console(width=None if sys.stdout.isatty() else 180, emoji=False)

# The progress bar appears once a run has read this many documents, so short
# runs stay quiet.
PROGRESS_AFTER = 3


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # per-document failures are reported by the summary below, not twice
    logging.getLogger("eventwire.pipeline").setLevel(max(level, logging.ERROR))


def common_options(func: F) -> F:
    """Options every verb takes: verbosity and a settings file."""
    func = click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")(func)
    func = click.option(
        "--config",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="A TOML settings file (default: ./eventwire.toml when present).",
    )(func)
    return func


def corpus_option(func: F) -> F:
    """The ``--fields`` option naming a corpus's own field names."""
    return click.option(
        "--fields",
        default=None,
        help="A JSONL/CSV corpus's field names as ours=theirs pairs, e.g. 'text=body,id=uuid'.",
    )(func)


def workers_option(func: F) -> F:
    """The ``--workers``, ``--engine`` and ``--ray-address`` options: where parsing runs."""
    func = click.option(
        "--ray-address", default=None, help="The Ray cluster of --engine ray, e.g. 10.0.0.5:6379."
    )(func)
    func = click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default=None,
        help="local: worker processes here [default]; ray: a Ray cluster (pip install 'eventwire[ray]').",
    )(func)
    return click.option(
        "--workers",
        type=click.IntRange(min=0),
        default=None,
        help="Processes (or Ray actors) that parse and code [default: one per core; 1: no worker processes].",
    )(func)


def db_option(func: F) -> F:
    """The ``--db`` option naming the store file."""
    return click.option("--db", default=None, help="SQLite store file [default: eventwire.db].")(func)


@contextlib.contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


class _LazyProgress:
    """A progress display that starts only once a run proves to be long."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.seen = 0
        self.total: int | None = None
        self.progress: Progress | None = None
        self.task: Any = None

    def expect(self, total: int | None) -> None:
        """The number of documents the run expects to read (None: unknown)."""
        self.total = total

    def __call__(self, n: int) -> None:
        self.seen += n
        if not self.enabled:
            return
        if self.progress is None and self.seen >= PROGRESS_AFTER:
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("documents"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("read", total=self.total)
        if self.progress is not None:
            # an estimate can fall short (a CSV field over several lines, records that fail)
            total = max(self.total, self.seen) if self.total is not None else None
            self.progress.update(self.task, completed=self.seen, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _report(stats: RunStats) -> None:
    for error in stats.errors:
        err.print(f"error {error.describe()}", highlight=False, markup=False, soft_wrap=True)
    for skip in stats.skips:
        err.print(f"skipped {skip}", highlight=False, markup=False, soft_wrap=True)
    for warning in stats.warnings:
        err.print(f"warning {warning}", highlight=False, markup=False, soft_wrap=True)
    err.print(stats.summary(), highlight=False, markup=False, soft_wrap=True)


def _exit_code(stats: RunStats) -> int:
    """0 when anything was read (failures are reported per document), 1 when nothing was."""
    return 1 if stats.nothing_read else 0


def _settings(config: Path | None, **flags: Any) -> Settings:
    """The run's settings; a setting that cannot be used is a usage error, not a traceback."""
    try:
        settings = load_settings(config, **flags)
        settings.field_map()
    except ValueError as exc:
        message = str(exc)
        if message.startswith("corpus_fields:"):
            message = "--fields" + message[len("corpus_fields") :]
        raise click.UsageError(message) from exc
    return settings


def _actors(refs: list[Any]) -> str:
    parts = []
    for ref in refs:
        label = "/".join(x for x in (ref.country, ref.sector) if x) or "?"
        parts.append(f"{ref.name} ({label})" if ref.name else label)
    return "; ".join(parts) or "-"


def print_events(events: list[Event], console: Console = out) -> None:
    """Print events as a readable table."""
    table = Table(show_lines=False, title=f"{len(events)} events")
    for column in ("id", "date", "type", "mode", "status", "actor", "recipient", "place", "sources"):
        table.add_column(column, overflow="fold", no_wrap=column in {"id", "date"})
    for event in events:
        date = event.date.start or "?"
        if event.date.end and event.date.end != event.date.start:
            date = f"{date} … {event.date.end}"
        status = event.status + (" (hist.)" if event.historical else "")
        place = event.place.name if event.place and event.place.name else "-"
        table.add_row(
            event.id,
            date,
            event.type,
            event.mode or "-",
            status,
            _actors(event.actor),
            _actors(event.recipient),
            place,
            # as the page counts them: the sentences that report it
            str(len(event.sources)),
            style=None if event.status == "occurred" else "dim",
        )
    console.print(table)


@click.group()
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: read news, write down what happened (PLOVER event data)."""


@main.command("run")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--no-progress", is_flag=True, help="Never show a progress bar.")
@click.option(
    "--force", is_flag=True, help="Read every input again, even files already stored with this content."
)
@workers_option
@corpus_option
@common_options
def run_command(
    paths: tuple[str, ...],
    db: str | None,
    no_progress: bool,
    force: bool,
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
    fields: str | None,
    config: Path | None,
    verbose: int,
) -> None:
    """Read, code and merge PATHS (files, folders, globs, - for stdin, or http(s) URLs of
    pages and feeds, fetched politely) into the store."""
    _setup_logging(verbose)
    settings = _settings(
        config,
        db=db,
        progress=False if no_progress else None,
        corpus_fields=fields,
        workers=workers,
        engine=engine,
        ray_address=ray_address,
    )
    progress = _LazyProgress(settings.progress)
    with _open_for_writing(settings.db) as store:
        try:
            stats = run(list(paths), settings, store, on_progress=progress, force=force)
        finally:
            progress.close()
    _report(stats)
    err.print(f"store: {settings.db}", highlight=False, markup=False)
    sys.exit(_exit_code(stats))


@main.command("watch")
@click.argument("feeds", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--every", default="15m", show_default=True, help="Time between rounds: 30s, 15m, 2h.")
@click.option(
    "--rounds", type=click.IntRange(min=0), default=0, help="Stop after this many rounds (0: never)."
)
@workers_option
@common_options
def watch_command(
    feeds: Path,
    db: str | None,
    every: str,
    rounds: int,
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
    config: Path | None,
    verbose: int,
) -> None:
    """Keep the store current from FEEDS (a file of feed or page URLs, one per line):
    fetch them every --every, code what is new, until interrupted.

    Fetching is polite (robots.txt, a User-Agent, timeouts, retries with backoff,
    a pause between requests to one server) and conditional: a page already
    stored is asked for with its validators and skipped when unchanged, also
    after a restart, so a watched store gains no duplicates."""
    _setup_logging(verbose)
    pause = _duration(every)
    settings = _settings(
        config, db=db, progress=False, workers=workers, engine=engine, ray_address=ray_address
    )
    done = 0
    with _open_for_writing(settings.db) as store:
        try:
            while True:
                urls = _feed_list(feeds)
                stats = run(urls, settings, store)
                done += 1
                for error in stats.errors:
                    err.print(f"error {error.describe()}", highlight=False, markup=False, soft_wrap=True)
                err.print(
                    f"round {done}: {len(urls)} URLs, {stats.articles} new or changed articles, "
                    f"{len(stats.skips)} skipped, {stats.failed} failed; {stats.events} events stored",
                    highlight=False,
                    markup=False,
                )
                if rounds and done >= rounds:
                    break
                time.sleep(pause)
        except KeyboardInterrupt:
            err.print(f"stopped after {done} rounds", highlight=False, markup=False)
    err.print(f"store: {settings.db}", highlight=False, markup=False)


def _duration(text: str) -> float:
    """Seconds of "30s", "15m", "2h" or a bare number of seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    value, unit = (text[:-1], text[-1]) if text and text[-1] in units else (text, "s")
    try:
        seconds = float(value) * units[unit]
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: a number with s, m or h, such as 15m", param_hint="--every"
        ) from None
    if seconds < 0:
        raise click.BadParameter("a time between rounds cannot be negative", param_hint="--every")
    return seconds


def _feed_list(path: Path) -> list[str]:
    """The URLs of a watch list: one per line; blank lines and # comments are ignored."""
    urls = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            if not is_url(item):
                raise click.UsageError(f"{path}: {item!r} is not an http(s) URL")
            urls.append(item)
    return urls


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_path", default="-", help="Output JSONL file [default: stdout].")
@workers_option
@corpus_option
@common_options
def extract_command(
    paths: tuple[str, ...],
    out_path: str,
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
    fields: str | None,
    config: Path | None,
    verbose: int,
) -> None:
    """Code PATHS and write one JSON line per merged event (no store is written)."""
    _setup_logging(verbose)
    settings = _settings(
        config, corpus_fields=fields, workers=workers, engine=engine, ray_address=ray_address
    )
    progress = _LazyProgress(settings.progress)
    try:
        events, stats = extract_events(list(paths), settings, on_progress=progress)
    finally:
        progress.close()
    with _output(out_path) as stream:
        export_events(events, "jsonl", stream)
    _report(stats)
    sys.exit(_exit_code(stats))


@main.command("articles")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_path", default="-", help="Output JSONL file [default: stdout].")
@corpus_option
@common_options
def articles_command(
    paths: tuple[str, ...], out_path: str, fields: str | None, config: Path | None, verbose: int
) -> None:
    """Read and clean PATHS; write one JSON line per article (body, metadata, captions...).

    Every article is written, whatever its language (the coding verbs skip
    those the coder does not read).
    """
    _setup_logging(verbose)
    settings = _settings(config, corpus_fields=fields)
    stats = RunStats()
    with _output(out_path) as stream:
        for article in iter_articles(
            paths, stats, fields=settings.field_map(), languages=None, limits=settings.limits()
        ):
            stats.articles += 1
            stream.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    _report(stats)
    sys.exit(_exit_code(stats))


@main.command("annotate")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_path", default="-", help="Output JSONL file [default: stdout].")
@workers_option
@corpus_option
@common_options
def annotate_command(
    paths: tuple[str, ...],
    out_path: str,
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
    fields: str | None,
    config: Path | None,
    verbose: int,
) -> None:
    """Write what the resolvers find per article: actors, places and times with offsets."""
    _setup_logging(verbose)
    settings = _settings(
        config, corpus_fields=fields, workers=workers, engine=engine, ray_address=ray_address
    )
    stats = RunStats()
    articles = iter_articles(paths, stats, fields=settings.field_map(), limits=settings.limits())
    with _output(out_path) as stream:
        for _article, annotation in annotate_articles(articles, settings, stats):
            stream.write(json.dumps(annotation, ensure_ascii=False) + "\n")
    _report(stats)
    sys.exit(_exit_code(stats))


def filter_options(func: F) -> F:
    """Event filters shared by ``query`` and ``export`` (``query.FILTER_PARAMS``)."""
    for param in reversed(FILTER_PARAMS):
        if param.flag:
            func = click.option(param.option, param.name, is_flag=True, default=False, help=param.help)(func)
        else:
            func = click.option(param.option, param.name, default=None, help=param.help)(func)
    func = click.option(
        "--limit",
        type=click.IntRange(min=1, max=MAX_LIMIT_CLI),
        default=None,
        help="At most this many events.",
    )(func)
    return func


# the CLI streams events, so its limit is looser than one API page
MAX_LIMIT_CLI = 10_000_000


def _filter(kwargs: dict[str, Any]) -> EventFilter:
    """Build the query filter from the command's options; a bad value is a usage error."""
    names = {param.name for param in FILTER_PARAMS}
    values = {k: v for k, v in kwargs.items() if k in names}
    try:
        flt = filter_from_params(values)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    return flt


def _open_existing(db: str | None, config: Path | None) -> Store:
    """The store a reading verb works on; a missing, damaged or foreign file is one clear line."""
    settings = _settings(config, db=db)
    if not Path(settings.db).is_file():
        raise click.ClickException(
            f"no store at {settings.db}; create one with: eventwire run PATH --db {settings.db}"
        )
    try:
        return Store(settings.db)
    except StoreError as first:
        if "cannot be written" not in str(first):
            raise click.ClickException(str(first)) from first
        try:  # a read-only file is still readable when it needs no migration
            return Store.open_readonly(settings.db)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc


def _open_for_writing(path: str) -> Store:
    """The store a writing verb works on, holding its writer lock."""
    try:
        return Store(path, writer=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command("query")
@db_option
@filter_options
@click.option(
    "--count-by",
    "count_by_key",
    type=click.Choice(list(GROUPINGS)),
    default=None,
    help="Print counts of the matching events by this key instead of the events.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", *EXPORTERS]), default="table", help="Output format."
)
@common_options
def query_command(
    db: str | None, fmt: str, count_by_key: str | None, config: Path | None, verbose: int, **kwargs: Any
) -> None:
    """Select events from the store by actor, dyad, type, mode, status, date, place, text or outlet."""
    _setup_logging(verbose)
    flt = _filter(kwargs)
    with _open_existing(db, config) as store:
        if count_by_key is not None:
            _print_counts(count_by(store, flt, count_by_key), count_by_key, fmt)
            return
        if fmt == "geojson":  # the features are the placed events: the limit counts those
            flt = dataclasses.replace(flt, placed=True)
        events = list(select_events(store, flt, limit=kwargs.get("limit")))
    if fmt == "table":
        print_events(events)
    else:
        export_events(events, fmt, sys.stdout)


def _print_counts(counts: list[tuple[str, int]], by: str, fmt: str) -> None:
    """Counts as a table, CSV (a header row, then key and count) or JSON lines."""
    if fmt == "geojson":
        raise click.UsageError("--count-by gives counts, not places: use --format table, csv or jsonl")
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([by, "events"])
        writer.writerows(counts)
    elif fmt == "jsonl":
        for key, count in counts:
            sys.stdout.write(json.dumps({by: key, "events": count}, ensure_ascii=False) + "\n")
    else:
        table = Table(title=f"events by {by}")
        table.add_column(by)
        table.add_column("events", justify="right")
        for key, count in counts:
            table.add_row(str(key), str(count))
        out.print(table)


@main.command("export")
@db_option
@filter_options
@click.option(
    "--format", "fmt", type=click.Choice([*EXPORTERS, "parquet"]), default="jsonl", help="Export format."
)
@click.option("--out", "out_path", default="-", help="Output file [default: stdout; parquet needs a file].")
@click.option(
    "--partition",
    type=click.Choice(["none", "month"]),
    default="none",
    help="parquet only: write a directory of month=YYYY-MM partitions (Hive style) at --out.",
)
@common_options
def export_command(
    db: str | None, fmt: str, out_path: str, partition: str, config: Path | None, verbose: int, **kwargs: Any
) -> None:
    """Export events as JSONL records, a flat CSV or Parquet table (or monthly dataset), or GeoJSON."""
    _setup_logging(verbose)
    if partition != "none" and fmt != "parquet":
        raise click.UsageError("--partition month is for --format parquet only")
    if fmt == "parquet":
        if out_path == "-":
            what = "DIRECTORY" if partition == "month" else "FILE"
            raise click.UsageError(f"parquet is a binary file format: give --out {what}")
        with _open_existing(db, config) as store:
            events = select_events(store, _filter(kwargs), limit=kwargs.get("limit"))
            try:
                count = write_parquet(events, Path(out_path), partition_by_month=partition == "month")
            except ExportError as exc:
                raise click.UsageError(exc.reason) from exc
    else:
        with _open_existing(db, config) as store, _output(out_path) as stream:
            events = select_events(store, _filter(kwargs), limit=kwargs.get("limit"))
            count = export_events(events, fmt, stream)
    err.print(f"{count} events exported", highlight=False, markup=False)


@main.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@common_options
def stats_command(db: str | None, as_json: bool, config: Path | None, verbose: int) -> None:
    """Say what a store holds: articles, mentions, events by type and status, errors, schema."""
    _setup_logging(verbose)
    with _open_existing(db, config) as store:
        figures = store.stats()
    if as_json:
        out.print(json.dumps(figures, indent=2), markup=False, highlight=False)
        return
    rows = figures["rows"]
    out.print(
        f"{figures['path']}: schema {figures['schema_version']}, {figures['bytes'] or 0:,} bytes",
        markup=False,
        highlight=False,
    )
    out.print(", ".join(f"{n:,} {table}" for table, n in rows.items()), markup=False, highlight=False)
    for title in ("events_by_type", "events_by_status", "events_by_actor_country", "errors_by_stage"):
        counts = figures[title]
        if counts:
            listed = ", ".join(f"{k} {v}" for k, v in counts.items())
            out.print(f"{title.replace('_', ' ')}: {listed}", markup=False, highlight=False)


@main.command("runs")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", help="Output format."
)
@common_options
def runs_command(db: str | None, fmt: str, config: Path | None, verbose: int) -> None:
    """List the runs that wrote the store: when, by which versions, what they read and made.

    Each run appends its manifest (every input file with its SHA-256, eventwire,
    spaCy, model, gazetteer and data versions, the settings); ``--format jsonl``
    prints them whole."""
    _setup_logging(verbose)
    with _open_existing(db, config) as store:
        runs = store.runs()
    if fmt == "jsonl":
        for run in runs:
            click.echo(json.dumps(run, ensure_ascii=False))
        return
    table = Table(title=f"{len(runs)} runs")
    for column in ("started", "run", "eventwire", "inputs", "read", "unchanged", "articles", "events", "s"):
        table.add_column(column, overflow="fold")
    for run in runs:
        inputs = run.get("inputs", [])
        counts = run.get("counts", {})
        table.add_row(
            str(run.get("started", "")),
            str(run["id"]),
            str(run.get("version", "")),
            str(len(inputs)),
            str(sum(1 for i in inputs if i.get("status", "read") == "read")),
            str(counts.get("unchanged", 0)),
            str(counts.get("articles", "")),
            str(counts.get("events", "")),
            str(run.get("seconds", "")),
        )
    out.print(table)


@main.command("explain")
@click.argument("event_id")
@db_option
@common_options
def explain_command(event_id: str, db: str | None, config: Path | None, verbose: int) -> None:
    """Show why an event was coded: each source sentence, its trigger and rule."""
    _setup_logging(verbose)
    with _open_existing(db, config) as store:
        events = list(store.events("id = ?", (event_id,)))
    if not events:
        raise click.ClickException(f"no event {event_id}")
    event = events[0]
    print_events([event])
    for source in event.sources:
        start, end = source.trigger
        offset = start - source.start
        sentence = source.sentence
        out.print(
            f"- article {source.article_id} ({source.outlet or 'unknown outlet'}), rule {source.rule}"
            + (" [caption]" if source.in_caption else ""),
            markup=False,
            highlight=False,
        )
        trigger = sentence[offset : offset + (end - start)] if 0 <= offset < len(sentence) else "?"
        out.print(f"  trigger «{trigger}»: {sentence}", markup=False, highlight=False)
        out.print(f"  why: {describe_rule(source.rule)}", markup=False, highlight=False)
        merged = f"{source.merge_score:.2f}{weak_mark(source.merge_score)}"
        out.print(f"  merged at score {merged}: {source.merge_reason}", markup=False, highlight=False)
    for disagreement in event.disagreements:
        told = "; ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in disagreement.values)
        out.print(f"- sources disagree on {disagreement.field}: {told}", markup=False, highlight=False)


@main.command("demo")
@click.option("--db", default="eventwire-demo.db", show_default=True, help="Store file for the demo.")
@common_options
def demo_command(db: str, config: Path | None, verbose: int) -> None:
    """Code the bundled example articles end to end, store them and print the events."""
    _setup_logging(verbose)
    settings = _settings(config, db=db)
    paths = demo_paths()
    err.print(f"coding {len(paths)} bundled example articles into {db}", highlight=False, markup=False)
    with _open_for_writing(settings.db) as store:
        stats = run(paths, settings, store)
        events = list(store.events())
    print_events(events)
    _report(stats)
    sys.exit(_exit_code(stats))


@main.command("setup")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the built gazetteer (default: $EVENTWIRE_CACHE_DIR or the user's cache folder).",
)
@click.option("--rebuild", is_flag=True, help="Build the gazetteer again even if it exists.")
@common_options
def setup_command(cache_dir: Path | None, rebuild: bool, config: Path | None, verbose: int) -> None:
    """Build the offline place gazetteer from the installed data packages (once per install)."""
    from eventwire.resolve.gazetteer import gazetteer_path
    from eventwire.resolve.gazetteer_build import build_gazetteer

    _setup_logging(verbose)
    path = gazetteer_path(cache_dir)
    if path.exists() and not rebuild:
        err.print(f"gazetteer ready: {path}", highlight=False, markup=False)
        return
    stats = build_gazetteer(path)
    err.print(
        f"gazetteer built: {stats.path} ({stats.places} places, {stats.names} names, {stats.seconds:.1f} s)",
        highlight=False,
        markup=False,
    )


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to bind.")
@common_options
def serve_command(db: str | None, host: str, port: int, config: Path | None, verbose: int) -> None:
    """Serve the read-only API (OpenAPI at /docs) and the web page over a store."""
    import uvicorn

    from eventwire.serve import create_app
    from eventwire.serve.assets import HOW_TO_FETCH, missing_assets

    _setup_logging(verbose)
    settings = _settings(config, db=db)
    if not Path(settings.db).is_file():
        raise click.ClickException(
            f"no store at {settings.db}; create one with: eventwire run PATH --db {settings.db}"
        )
    try:
        app = create_app(settings.db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if missing_assets():
        err.print(f"warning: {HOW_TO_FETCH}", highlight=False, markup=False)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        err.print(f"warning: serving on {host}, reachable from other machines", highlight=False, markup=False)
    err.print(
        f"serving {settings.db} on http://{host}:{port}/ (API docs at /docs)", highlight=False, markup=False
    )
    uvicorn.run(app, host=host, port=port, log_level="warning" if verbose == 0 else "info")
