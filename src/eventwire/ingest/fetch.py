"""Pages and feeds from the web, fetched politely and only when asked.

``eventwire run URL...`` and ``eventwire watch FEEDS.txt`` hand their URLs
here; nothing else in eventwire touches the network. A URL is fetched with a
User-Agent that names eventwire, a timeout, and retries with a growing pause
on a server error, a refused connection or a timeout (never on a 4xx); a host's
robots.txt is read first and obeyed, and requests to one host are spaced by
``fetch_delay_s``. Each answer's ETag and Last-Modified are kept in the store
(``fetch_state``), so the next fetch is conditional: an unchanged page costs
one 304 and is skipped, across restarts.

A feed's entries are followed to their pages (a feed's summary is a teaser,
not the article); the entry gives the page its title, publication time and
outlet. A page whose content is already stored is skipped by its checksum even
when the server sends no validators. Every URL ends as a document, a skip with
a reason, or an error with a reason that names it.
"""

from __future__ import annotations

import hashlib
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Protocol

from eventwire import __version__
from eventwire.ingest.feed import entry_published, looks_like_feed
from eventwire.ingest.html import looks_like_html
from eventwire.ingest.text import source_from_bytes
from eventwire.limits import current, megabytes
from eventwire.records import ErrorRecord, Source

logger = logging.getLogger(__name__)

USER_AGENT = f"eventwire/{__version__} (news event coder; python-urllib)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ACCEPT = "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8"


def is_url(item: str) -> bool:
    """Whether an input names a web page or feed rather than a path."""
    return item.lower().startswith(("http://", "https://"))


class FetchState(Protocol):
    """Where validators of earlier fetches are kept (the store)."""

    def fetch_validators(self, url: str) -> tuple[str | None, str | None]: ...

    def save_fetch(
        self, url: str, etag: str | None, last_modified: str | None, sha256: str | None
    ) -> None: ...

    def stored(self, sha256: str) -> str | None:
        """When content of this checksum was stored (None: not yet)."""


@dataclass
class Fetched:
    """One answer: a body, "not modified", or an error with its reason."""

    url: str
    final_url: str = ""
    body: bytes | None = None
    content_type: str = ""
    not_modified: bool = False
    error: str | None = None
    retryable: bool = False  # a server error, a timeout or a refused connection


@dataclass
class Fetcher:
    """HTTP GET with politeness: User-Agent, timeout, retries with backoff,
    robots.txt, a pause between requests to one host, conditional requests."""

    state: FetchState | None = None
    user_agent: str = USER_AGENT
    timeout_s: float = 20.0
    retries: int = 2
    backoff_s: float = 1.0
    delay_s: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    skips: list[str] = field(default_factory=list)  # URLs not read again: unchanged
    # the pages read, with their checksum and size (what the store records as inputs)
    pages: dict[str, tuple[str, int]] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str, conditional: bool = True) -> Fetched:
        """Fetch ``url``; a conditional GET when the store holds its validators."""
        if not self._allowed(url):
            return Fetched(url, error="disallowed by the site's robots.txt")
        headers = {"User-Agent": self.user_agent, "Accept": ACCEPT}
        if conditional and self.state is not None:
            etag, modified = self.state.fetch_validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        attempt = 0
        while True:
            result = self._once(url, headers)
            if not result.retryable or attempt >= self.retries:
                if result.retryable:
                    result.error = f"{result.error} (after {attempt + 1} tries)"
                return result
            self.sleep(self.backoff_s * 2**attempt)
            attempt += 1

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        self._wait_for_host(url)
        request = urllib.request.Request(url, headers=headers)
        limit = current().document_bytes
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                body = response.read(limit + 1)
                if len(body) > limit:
                    return Fetched(url, error=f"larger than {megabytes(limit)} (max_document_mb)")
                etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
                if self.state is not None:
                    digest = hashlib.sha256(body).hexdigest()
                    self.state.save_fetch(url, etag, modified, digest)
                return Fetched(url, response.geturl(), body, response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Fetched(url, url, not_modified=True)
            reason = f"HTTP {exc.code} {exc.reason}"
            return Fetched(url, error=reason, retryable=exc.code in RETRY_STATUSES)
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            return Fetched(url, error=f"cannot fetch: {cause}", retryable=True)

    def _wait_for_host(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            pause = self.delay_s - (time.monotonic() - last)
            if pause > 0:
                self.sleep(pause)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(root + "/robots.txt")
        rules = self._robots[root]
        return rules is None or rules.can_fetch(self.user_agent, url)

    def _read_robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The site's rules; None (everything allowed) when it has none. A site
        that refuses robots.txt (401, 403) is taken to refuse everything."""
        self._wait_for_host(url)
        parser = urllib.robotparser.RobotFileParser(url)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                lines = response.read(512 * 1024).decode("utf-8", "replace").splitlines()
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                parser.parse(["User-agent: *", "Disallow: /"])
                return parser
            return None
        except (urllib.error.URLError, TimeoutError, OSError):
            return None
        parser.parse(lines)
        return parser


def _is_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type.lower()
    body = fetched.body or b""
    return any(k in kind for k in ("rss", "atom")) or (
        ("xml" in kind or not looks_like_html(body)) and looks_like_feed(body)
    )


def read_url(url: str, fetcher: Fetcher) -> Iterator[Source | ErrorRecord]:
    """The documents a URL gives: its page, or the pages a feed's entries link to.

    A page whose content the fetcher's state says is stored already is skipped,
    even when the server sends no validators.
    """
    fetched = fetcher.get(url)
    settled = _settled(url, fetched, fetcher)
    if settled is not None:
        yield from settled
    elif _is_feed(fetched):
        yield from _feed_pages(url, fetched.body or b"", fetcher)
    else:
        yield from _page(url, fetched, {}, fetcher)


def _settled(url: str, fetched: Fetched, fetcher: Fetcher) -> list[ErrorRecord] | None:
    """What an answer without a body comes to: its error, or a skip (no record);
    None when it has a body to read."""
    if fetched.error:
        return [ErrorRecord(url, "fetch", fetched.error, error_type="FetchError")]
    if fetched.not_modified:
        fetcher.skips.append(f"{url}: not modified since the last fetch (HTTP 304)")
        return []
    return None


def _page(
    url: str, fetched: Fetched, meta: dict[str, str], fetcher: Fetcher
) -> Iterator[Source | ErrorRecord]:
    body = fetched.body or b""
    if not body.strip():
        yield ErrorRecord(url, "fetch", "empty answer", error_type="EmptyInputError")
        return
    digest = hashlib.sha256(body).hexdigest()
    when = fetcher.state.stored(digest) if fetcher.state is not None else None
    if when is not None:
        fetcher.skips.append(f"{url}: unchanged since {when}, already stored")
        return
    fetcher.pages[url] = (digest, len(body))
    fmt = "html" if looks_like_html(body) or "html" in fetched.content_type.lower() else "text"
    decoded = source_from_bytes(url, body, fmt)  # its meta holds a decoding warning, if any
    meta = {**decoded.meta, "url": fetched.final_url or url, **meta, "fetched": _now()}
    yield Source(origin=url, format=fmt, text=decoded.text, meta=meta)


def _feed_pages(url: str, body: bytes, fetcher: Fetcher) -> Iterator[Source | ErrorRecord]:
    import feedparser

    parsed = feedparser.parse(body)
    outlet = parsed.feed.get("title")
    if not parsed.entries:
        yield ErrorRecord(url, "fetch", "feed has no entries", error_type="InputError")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        if not link or not is_url(link):
            yield ErrorRecord(
                url, "fetch", "feed entry has no web link", line=number, error_type="InputError"
            )
            continue
        link = urllib.parse.urljoin(url, link)
        meta = {
            k: v
            for k, v in {
                "title": entry.get("title"),
                "outlet": outlet,
                "feed": url,
                "published": entry_published(entry),
            }.items()
            if v
        }
        page = fetcher.get(link)
        settled = _settled(link, page, fetcher)
        if settled is not None:
            yield from settled
        else:
            yield from _page(link, page, meta, fetcher)


def _now() -> str:
    return formatdate(usegmt=True)
