"""`copydesk serve`: the reader in a browser, served by textual-serve.

Each browser tab that opens the page gets a reader of its own: textual-serve runs the
command below (this same Python, `-m tui read` and the paths, quoted for the shell) in
a subprocess per websocket and relays its screen. textual-serve is an optional extra
(`pip install 'copydesk[serve]'`); without it the command says how to install it.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..corpus import shown
from . import add_command, add_corpus_options, add_paths, say

if TYPE_CHECKING:
    from textual_serve.server import Server

INSTALL = "pip install 'copydesk[serve]'"
SHUTDOWN_SECONDS = 10.0  # the longest the readers of open pages get to quit on stopping


def add_parser(sub: Any) -> None:
    serve = add_command(
        sub,
        "serve",
        "serve the reader to a web browser (needs the serve extra: " + INSTALL + ")",
        "copydesk serve ~/news        (then open http://localhost:8000)",
        "copydesk serve ~/news --port 8080",
    )
    add_paths(serve)
    serve.add_argument(
        "--host", default="localhost", help="address to listen on (default: localhost)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers reach the server by, if not http://HOST:PORT "
        "(behind a proxy, or with --host 0.0.0.0)",
    )
    add_corpus_options(serve)
    serve.set_defaults(func=cmd_serve)


def reader_command(paths: list[str], follow_links: bool = False) -> str:
    """The shell command that opens the reader on `paths` with this same Python: `read`
    named, so a path called like a command is still a path, and `--` before the paths,
    so one starting with a dash is too."""
    words = [sys.executable, "-m", "tui", "read"]
    if follow_links:
        words.append("--follow-links")
    if paths:
        words += ["--", *paths]
    return shlex.join(words)


def url_host(host: str) -> str:
    """`host` as it goes in a URL: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the reader on PATH... (or the bundled seeds) until ctrl+c."""
    if not 0 < args.port < 65536:
        say(f"copydesk serve: --port {args.port}: not a port (1 to 65535)")
        return 2
    try:
        server = make_server(
            reader_command(args.paths, args.follow_links),
            args.host,
            args.port,
            args.public_url or f"http://{url_host(args.host)}:{args.port}",
        )
    except ImportError:
        say(f"copydesk serve needs textual-serve, which is not installed: {INSTALL}")
        return 1
    try:
        server.serve()
    except OSError as error:  # the port taken, the host unknown or not ours
        where = f"{url_host(args.host)}:{args.port}"
        say(f"copydesk serve: cannot listen on {shown(where)}: {error.strerror or error}")
        return 1
    return 0


def _quiet_after_loop(hook: Callable[[Any], object]) -> Callable[[Any], object]:
    """`hook`, but silent for a subprocess pipe that asyncio closes after its event loop
    was: a reader that quit just as the server stopped, with nothing left to do about it
    (the server is ending), which would otherwise print a traceback on stopping."""

    def quiet(unraisable: Any) -> object:
        error = unraisable.exc_value
        if isinstance(error, RuntimeError) and str(error) == "Event loop is closed":
            return None
        return hook(unraisable)

    return quiet


def make_server(command: str, host: str, port: int, public_url: str) -> Server:
    """A textual-serve server running `command` per page, which says where it listens
    once it does and stops at once on ctrl+c or SIGTERM (ImportError without it)."""
    import asyncio

    from aiohttp import web
    from textual_serve.server import Server

    class ReaderServer(Server):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pages: set[asyncio.Task[Any]] = set()  # the open pages' handlers

        async def on_startup(self, app: web.Application) -> None:
            """Nothing before listening (textual-serve prints its logo here)."""

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One page's reader, its task kept so that stopping can close it."""
            task = asyncio.current_task()
            assert task is not None  # aiohttp runs each request in a task
            self.pages.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.pages.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            """Close the open pages (each reader is told to quit) instead of waiting, and
            see their readers end while the event loop still runs (else each reader's
            pipe is closed after the loop, with a traceback)."""
            pages = list(self.pages)
            for task in pages:
                task.cancel()
            if pages:
                await asyncio.wait(pages, timeout=SHUTDOWN_SECONDS)

        def listening(self, *_: object) -> None:
            say(f"copydesk serve: open {self.public_url} in a browser", sys.stdout)
            say("(ctrl+c stops the server)", sys.stdout)
            sys.stdout.flush()

        def serve(self, debug: bool = False) -> None:
            """Textual-serve's `serve`, saying where it listens, and with a short wait
            for open pages when it stops."""
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(signum, self.request_exit)
                except (NotImplementedError, RuntimeError):  # not on this platform
                    pass
            try:
                web.run_app(
                    self._make_app(),
                    host=self.host,
                    port=self.port,
                    handle_signals=False,
                    loop=loop,
                    print=self.listening,
                    shutdown_timeout=SHUTDOWN_SECONDS,
                )
            finally:
                loop.close()  # (run_app closes it too)
                sys.unraisablehook = _quiet_after_loop(sys.unraisablehook)

    return ReaderServer(command, host, port, title="copydesk", public_url=public_url)
