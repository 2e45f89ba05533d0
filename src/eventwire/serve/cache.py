"""The server's one middleware: security headers on every answer, and answers kept
until the store changes.

``serve`` only reads, and a store changes only when a run writes it, so the
same question gets the same answer until then; the page and its users ask the
same few questions (the overview's aggregates, the network, the actor list)
over and over. An answer is kept with the store's file state (size and
modification time of the database and of its write-ahead log): any write
changes that state and empties the cache, so no answer is older than the
store. Concurrent askers of one question wait for one computation instead of
each running it (fifty clients opening the page at once ask for the network
once). Written as plain ASGI: Starlette's decorator middleware costs more per
request than a cached answer does.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]


class ResponseCache:
    """Answers by request (path and query), valid while the store's files are unchanged."""

    MAX_ENTRIES = 512
    MAX_BODY_BYTES = 4 * 1024 * 1024

    def __init__(self, store_path: Path) -> None:
        self.files = (store_path, store_path.with_name(store_path.name + "-wal"))
        self.stamp: tuple[tuple[int, int], ...] = ()
        self.entries: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    def current(self) -> tuple[tuple[int, int], ...]:
        stamps = []
        for file in self.files:
            try:
                info = file.stat()
                stamps.append((info.st_size, info.st_mtime_ns))
            except OSError:
                stamps.append((0, 0))
        return tuple(stamps)

    def get(self, key: str) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        stamp = self.current()
        if stamp != self.stamp:
            self.entries.clear()
            self.stamp = stamp
            return None
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, key: str, answer: tuple[int, list[tuple[bytes, bytes]], bytes], stamp: Any) -> None:
        if len(answer[2]) > self.MAX_BODY_BYTES or stamp != self.stamp or self.current() != stamp:
            return
        self.entries[key] = answer
        while len(self.entries) > self.MAX_ENTRIES:
            self.entries.popitem(last=False)


class CachingMiddleware:
    """Security headers on every response; GET answers of the API and the page cached."""

    def __init__(self, app: ASGIApp, store_path: Path, page_csp: str) -> None:
        self.app = app
        self.cache = ResponseCache(store_path)
        self.page_csp = page_csp.encode()
        self.inflight: dict[str, asyncio.Future[tuple[int, list[tuple[bytes, bytes]], bytes]]] = {}

    def _headers(self, path: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        names = {name.lower() for name, _ in headers}
        extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
        if path == "/":
            headers = [(n, v) for n, v in headers if n.lower() != b"content-security-policy"]
            extra.append((b"content-security-policy", self.page_csp))
        return [*headers, *extra]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        # downloads stream the whole view: never held in memory to be kept
        cacheable = (
            scope["method"] == "GET"
            and (path == "/" or path.startswith("/api/"))
            and not path.startswith("/api/download")
        )
        if not cacheable:
            await self.app(scope, receive, self._with_headers(path, send))
            return
        key = path + "?" + scope.get("query_string", b"").decode("latin-1")
        answer = self.cache.get(key)
        if answer is not None:
            await self._send(path, answer, send, hit=True)
            return
        waiting = self.inflight.get(key)
        if waiting is not None:
            answer = await asyncio.shield(waiting)
            await self._send(path, answer, send, hit=True)
            return
        stamp = self.cache.stamp
        future: asyncio.Future[tuple[int, list[tuple[bytes, bytes]], bytes]] = (
            asyncio.get_running_loop().create_future()
        )
        self.inflight[key] = future
        try:
            answer = await self._compute(scope, receive)
            if answer[0] == 200:
                self.cache.put(key, answer, stamp)
            future.set_result(answer)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it twice
            raise
        finally:
            del self.inflight[key]
        await self._send(path, answer, send, hit=False)

    async def _compute(self, scope: Scope, receive: Receive) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        return status, headers, b"".join(body)

    async def _send(
        self, path: str, answer: tuple[int, list[tuple[bytes, bytes]], bytes], send: Send, hit: bool
    ) -> None:
        status, headers, body = answer
        headers = [(n, v) for n, v in headers if n.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        if hit:
            headers.append((b"x-cache", b"hit"))
        await send({"type": "http.response.start", "status": status, "headers": self._headers(path, headers)})
        await send({"type": "http.response.body", "body": body})

    def _with_headers(self, path: str, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": self._headers(path, list(message.get("headers", [])))}
            await send(message)

        return wrapped
