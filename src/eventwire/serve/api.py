"""The read-only HTTP API and the page, as one FastAPI app over one store file.

Every endpoint calls the query layer (``eventwire.query``), so the API filters
exactly as ``eventwire query`` does; this module only validates parameters,
pages results and shapes JSON. Each request opens its own read-only SQLite
connection (cheap, and never shared between the server's worker threads), so
the server holds under concurrent requests and cannot change the store.
"""

from __future__ import annotations

import html
import inspect
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from eventwire import __version__, query
from eventwire.coder.ontology import load_ontology
from eventwire.export import EXPORTERS
from eventwire.records import Event
from eventwire.serve.assets import HOW_TO_FETCH, STATIC_DIR, VENDOR_DIR, missing_assets
from eventwire.serve.cache import CachingMiddleware
from eventwire.serve.evidence import highlights
from eventwire.store import Store

logger = logging.getLogger(__name__)

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000
MAX_TEXT = 200
EVENT_ID = r"^ev_[0-9a-f]{16}$"
ARTICLE_ID = r"^[^\\/]{1,256}$"
ARTICLE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
)


class Filters:
    """The event filters every list endpoint accepts, validated at the edge.

    Shapes (lengths, patterns) are checked by FastAPI from ``query.FILTER_PARAMS``
    (``filter_dependency``); meaning (a known type, a date range that runs
    forwards) by ``EventFilter`` itself, whose ValueError becomes a 400 with its
    message.
    """

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def event_filter(self) -> query.EventFilter:
        """Build the query layer's filter; its ValueError becomes a 400."""
        try:
            return query.filter_from_params(self.values)
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc


def filter_dependency() -> Any:
    """A FastAPI dependency whose query parameters are ``query.FILTER_PARAMS``.

    Its signature is built from the list, so the API takes exactly the filters
    the command line takes, with the same help (in /docs), and no list of
    parameters is written twice.
    """

    def annotation(param: query.FilterParam) -> Any:
        if param.flag:
            return Annotated[bool, Query(description=param.help)]
        return Annotated[
            str | None, Query(pattern=param.pattern, max_length=param.max_length, description=param.help)
        ]

    parameters = [
        inspect.Parameter(
            p.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=False if p.flag else None,
            annotation=annotation(p),
        )
        for p in query.FILTER_PARAMS
    ]

    def filters(**values: Any) -> Filters:
        return Filters(values)

    filters.__signature__ = inspect.Signature(parameters, return_annotation=Filters)  # type: ignore[attr-defined]
    return filters


FilterParams = Annotated[Filters, Depends(filter_dependency())]


class Page:
    """``limit`` and ``offset`` for a list endpoint, bounded."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}")] = DEFAULT_LIMIT,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset


def _event_summary(event: Event) -> dict[str, Any]:
    data = event.to_contract()
    sources = data.pop("sources")
    data["source_count"] = len(sources)
    data["article_count"] = len({s["article_id"] for s in sources})
    return data


def _event_detail(event: Event, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The event with its sources grouped by article, each sentence with its highlights."""
    data = _event_summary(event)
    grouped: dict[str, dict[str, Any]] = {}
    for source in event.sources:
        stored = articles.get(source.article_id, {})
        article = grouped.setdefault(
            source.article_id,
            {
                "article_id": source.article_id,
                "title": stored.get("title"),
                "outlet": source.outlet or stored.get("outlet"),
                "published": source.published or stored.get("published"),
                "url": source.url or stored.get("url"),
                "evidence": [],
            },
        )
        article["evidence"].append(
            {
                "sentence": source.sentence,
                "in_caption": source.in_caption,
                "rule": source.rule,
                "highlights": [
                    {"start": h.start, "end": h.end, "role": h.role}
                    for h in highlights(source, event.actor, event.recipient)
                ],
            }
        )
    data["articles"] = list(grouped.values())
    return data


def _export_chunks(store: Store, event_filter: query.EventFilter, fmt: str) -> Iterator[bytes]:
    """The export of the matching events, a few hundred at a time (``export.EXPORTERS``);
    the store is closed when the stream ends or the client goes away."""
    buffer = io.StringIO()
    exporter = EXPORTERS[fmt](buffer)
    try:
        exporter.start()
        for event in query.select_events(store, event_filter):
            exporter.write(event)
            if buffer.tell() > 64 * 1024:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        exporter.finish()
        yield buffer.getvalue().encode("utf-8")
    finally:
        store.close()


def _article_html(article: dict[str, Any]) -> str:
    """A stored article as a plain page: title, outlet, date, link, paragraphs and
    captions. Every stored value is escaped; no script runs on it."""
    esc = html.escape
    title = article.get("title") or f"Article {article['id']}"
    facts = " · ".join(
        esc(str(v)) for v in (article.get("outlet"), (article.get("published") or "")[:10] or None) if v
    )
    url = article.get("url") or ""
    link = (
        f'<p><a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a></p>'
        if url.lower().startswith(("http://", "https://"))
        else ""
    )
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in str(article.get("body") or "").split("\n") if p.strip())
    captions = "".join(f"<figcaption>{esc(str(c))}</figcaption>" for c in article.get("captions") or [])
    return (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        "<style>body{font:17px/1.55 system-ui,sans-serif;max-width:42em;margin:2em auto;padding:0 1em}"
        ".meta{color:#555}figcaption{color:#444;font-style:italic;margin:.5em 0}</style>"
        f"<h1>{esc(title)}</h1><p class=meta>{facts}</p>{link}{paragraphs}"
        f"{'<h2>Captions</h2>' + captions if captions else ''}"
        f"<p class=meta>Stored as <code>{esc(article['id'])}</code>; "
        f'<a href="../api/articles/{esc(quote(article["id"], safe=""))}">as JSON</a></p></html>'
    )


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        name = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        given = error.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) else ""
        parts.append(f"{name}: {error.get('msg', 'invalid')}{shown}")
    return "; ".join(parts)


def create_app(store_path: str | Path, vendor_dir: Path = VENDOR_DIR) -> FastAPI:
    """Return the app serving the API over ``store_path`` and the page.

    Raises ``StoreError`` at once when the store cannot be opened, rather than
    on the first request.
    """
    path = Path(store_path)
    Store.open_readonly(path).close()
    missing = missing_assets(vendor_dir)
    if missing:
        logger.warning("front-end files missing (%s): %s", ", ".join(missing[:3]), HOW_TO_FETCH)

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Read-only access to an eventwire store: PLOVER events, their sources and evidence.",
        docs_url=None,
        redoc_url=None,
    )

    @contextmanager
    def open_store() -> Iterator[Store]:
        store = Store.open_readonly(path)
        try:
            yield store
        finally:
            store.close()

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _validation_message(exc)})

    # security headers on every answer; GET answers kept until the store changes
    app.add_middleware(CachingMiddleware, store_path=path, page_csp=PAGE_CSP)

    # ------------------------------------------------------------------ API
    @app.get("/api/events", summary="Events matching the filters, by date, one page at a time")
    def list_events(
        filters: FilterParams,
        page: Annotated[Page, Depends()],
        order: Annotated[
            Literal["date", "newest"], Query(description="date: oldest first; newest: latest first")
        ] = "date",
    ) -> dict[str, Any]:
        event_filter = filters.event_filter()
        with open_store() as store:
            total = query.count_events(store, event_filter)
            events = query.find_events(
                store, event_filter, limit=page.limit, offset=page.offset, newest_first=order == "newest"
            )
        return {
            "total": total,
            "limit": page.limit,
            "offset": page.offset,
            "events": [_event_summary(e) for e in events],
        }

    @app.get("/api/events/{event_id}", summary="One event with its sources and evidence sentences")
    def one_event(event_id: Annotated[str, PathParam(pattern=EVENT_ID)]) -> dict[str, Any]:
        with open_store() as store:
            event = query.get_event(store, event_id)
            if event is None:
                raise HTTPException(status_code=404, detail=f"no event {event_id}")
            articles = query.get_articles(store, sorted({s.article_id for s in event.sources}))
        return _event_detail(event, {a["id"]: a for a in articles})

    @app.get("/api/articles/{article_id}", summary="One stored article: metadata and text")
    def one_article(article_id: Annotated[str, PathParam(pattern=ARTICLE_ID)]) -> dict[str, Any]:
        with open_store() as store:
            found = query.get_articles(store, [article_id], with_text=True)
        if not found:
            raise HTTPException(status_code=404, detail=f"no article {article_id}")
        return found[0]

    @app.get("/api/actors", summary="Actors of the matching events, most active first")
    def actors(filters: FilterParams, page: Annotated[Page, Depends()]) -> dict[str, Any]:
        event_filter = filters.event_filter()
        with open_store() as store:
            rows = query.list_actors(store, event_filter, limit=page.limit, offset=page.offset)
        return {"limit": page.limit, "offset": page.offset, "actors": rows}

    @app.get("/api/aggregates", summary="Counts of the matching events by period, type or dyad")
    def aggregates(
        filters: FilterParams,
        by: Annotated[
            Literal["day", "week", "month", "year", "type", "quad", "status", "dyad", "place_country"],
            Query(description="What to count by"),
        ] = "month",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT * 10)] = MAX_LIMIT,
    ) -> dict[str, Any]:
        event_filter = filters.event_filter()
        with open_store() as store:
            counts = query.count_by(store, event_filter, by, limit=limit)
        return {"by": by, "counts": [{"key": key, "count": count} for key, count in counts]}

    @app.get("/api/network", summary="Who acted on whom: actor nodes and weighted, typed edges")
    def network(
        filters: FilterParams,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many edges")] = 200,
    ) -> dict[str, Any]:
        event_filter = filters.event_filter()
        with open_store() as store:
            return query.network(store, event_filter, limit=limit)

    @app.get(
        "/api/download",
        summary="The matching events as a file: the flat CSV table or the JSONL records",
        response_class=StreamingResponse,
    )
    def download(
        filters: FilterParams,
        format: Annotated[Literal["csv", "jsonl"], Query(description="csv or jsonl")] = "csv",
    ) -> StreamingResponse:
        event_filter = filters.event_filter()
        # the store is opened here so that a broken one fails before the answer starts
        store = Store.open_readonly(path, any_thread=True)
        chunks = _export_chunks(store, event_filter, format)
        media = "text/csv" if format == "csv" else "application/x-ndjson"
        return StreamingResponse(
            chunks,
            media_type=f"{media}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="eventwire-events.{format}"'},
        )

    @app.get("/api/meta", summary="The ontology the filters accept: types with quads and modes, statuses")
    def meta() -> dict[str, Any]:
        return {
            "version": __version__,
            "types": [
                {"name": t.name, "quad": t.quad, "modes": list(t.modes)} for t in load_ontology().values()
            ],
            "statuses": list(query.STATUSES),
            "limits": {"max_limit": MAX_LIMIT, "max_offset": MAX_OFFSET, "max_text": MAX_TEXT},
        }

    # ------------------------------------------------------------------ page and docs
    @app.get("/", include_in_schema=False, response_model=None)
    def page() -> Response:
        if missing_assets(vendor_dir):
            body = (
                "<!doctype html><meta charset=utf-8><title>eventwire: front-end files missing</title>"
                f"<h1>Front-end files missing</h1><p>{html.escape(HOW_TO_FETCH)}</p>"
            )
            return HTMLResponse(body, status_code=503)
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/articles/{article_id}", include_in_schema=False)
    def article_page(article_id: Annotated[str, PathParam(pattern=ARTICLE_ID)]) -> HTMLResponse:
        with open_store() as store:
            found = query.get_articles(store, [article_id], with_text=True)
        if not found:
            raise HTTPException(status_code=404, detail=f"no article {article_id}")
        # stored text is hostile input: nothing on this page may run or load
        return HTMLResponse(_article_html(found[0]), headers={"Content-Security-Policy": ARTICLE_CSP})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if missing_assets(vendor_dir):
            return HTMLResponse(
                "<!doctype html><meta charset=utf-8><title>eventwire API</title>"
                f"<p>{html.escape(HOW_TO_FETCH)}</p>"
                "<p>The schema is at <a href='/openapi.json'>/openapi.json</a>.</p>",
                status_code=503,
            )
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="eventwire API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    app.mount("/static/vendor", StaticFiles(directory=vendor_dir, check_dir=False), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
