"""`copydesk serve`: the reader in a browser through textual-serve.

The server is started in a subprocess on a free port of localhost; its page is fetched
with urllib, and a page's reader is driven through the websocket the page would open.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.cli import build_parser, main
from tui.commands.serve import reader_command

WAIT = 20.0  # seconds: for the server to answer, a page's reader to draw, the server to stop

ARTICLE = """Harbour pilots return to work after week-long dispute

By Ada Quill

PORTWICK, Elsewhere -- Harbour pilots in Portwick went back to work on Tuesday after a
week-long dispute over night shifts that had left a dozen cargo ships waiting at anchor.

The pilots' association said its members had accepted an offer that caps the number of
night crossings any one pilot can be asked to make in a month.

"Nobody wanted the ships stuck out there, but nobody wanted a tired pilot on the bridge
either," said Mira Olsen, who chairs the association.

The port authority said the first of the waiting ships had been brought alongside by the
afternoon and that it expected the backlog to clear by the weekend.
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return int(probe.getsockname()[1])


def _start(*args: str) -> tuple[subprocess.Popen[str], int]:
    """`copydesk serve ARGS --port P` in a session of its own, once it answers on P."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", *args, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + WAIT
    while True:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/", timeout=2):
                return server, port
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if server.poll() is not None or time.monotonic() > deadline:
                _stop(server)
                pytest.fail(f"copydesk serve did not answer on {port}:\n{server.stdout}")
            time.sleep(0.2)


def _session(leader: int) -> list[int]:
    """The processes left in the session `leader` started (Linux: read from /proc)."""
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[3]) == leader and fields[0] != "Z":
            left.append(int(stat.parent.name))
    return left


def _stop(server: subprocess.Popen[str], signum: int = signal.SIGTERM) -> tuple[int, str, float]:
    """Signal the server (its whole session for SIGINT, as ctrl+c in a terminal does):
    its exit status, its output and how long it took to stop."""
    began = time.monotonic()
    if server.poll() is None:
        if signum == signal.SIGINT:
            os.killpg(server.pid, signum)
        else:
            server.send_signal(signum)
    try:
        output, _ = server.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        output, _ = server.communicate()
        pytest.fail(f"copydesk serve did not stop within {WAIT} s:\n{output}")
    return server.returncode, output, time.monotonic() - began


@pytest.mark.slow
def test_serve_answers_with_the_textual_serve_page_and_stops_on_sigterm():
    pytest.importorskip("textual_serve")
    server, port = _start("seeds")
    try:
        with urllib.request.urlopen(f"http://localhost:{port}/", timeout=WAIT) as answer:
            status, page = answer.status, answer.read().decode()
    finally:
        code, output, took = _stop(server)
    assert status == 200
    assert "<div>copydesk</div>" in page  # the app's name on the loading page
    assert f'data-session-websocket-url="ws://localhost:{port}/ws"' in page
    assert "textual.js" in page
    assert f"open http://localhost:{port} in a browser" in output
    assert code == 0, output
    assert took < 8, f"took {took:.1f} s to stop:\n{output}"
    assert "Traceback" not in output


async def _draw_then_stop(
    server: subprocess.Popen[str], port: int, text: str, signum: int
) -> tuple[int, str, float]:
    """Open a page, read what its reader draws until `text` is on the screen, then stop
    the server with the page still open (it must close it); what `_stop` says."""
    import aiohttp

    url = f"http://localhost:{port}/ws?width=100&height=30"
    received = b""
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as page:
        deadline = time.monotonic() + WAIT
        while text.encode() not in received:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} not drawn within {WAIT} s: {received[-500:]!r}"
            message = await page.receive(timeout=left)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            received += message.data
        stopping = asyncio.create_task(asyncio.to_thread(_stop, server, signum))
        while (await page.receive(timeout=WAIT)).type == aiohttp.WSMsgType.BINARY:
            pass  # the last frames, until the server closes the page
        return await stopping


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl+c", "sigterm"])
def test_a_page_gets_the_reader_on_the_paths_given_and_a_signal_stops_all(tmp_path, signum):
    """ctrl+c reaches the server and the page's reader (the terminal signals them all);
    SIGTERM reaches the server alone, which then closes the page at once."""
    pytest.importorskip("textual_serve")
    corpus = tmp_path / "it's a -corpus $HOME"  # quoting: a quote, a space, a $ and a dash
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    server, port = _start(str(corpus))
    try:
        code, output, took = asyncio.run(
            _draw_then_stop(server, port, "Harbour pilots return", signum)
        )
    finally:
        _stop(server)
    assert code in (0, 130), output
    # the page is closed at once, not after the 10 s the server gives readers to quit
    assert took < 8, f"took {took:.1f} s to stop:\n{output}"
    if sys.platform == "linux":  # the page's reader stopped with the server
        deadline = time.monotonic() + WAIT
        while _session(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session(server.pid) == [], output
    assert "Traceback" not in output and "Error" not in output, output


def test_the_reader_command_is_this_python_on_the_paths_quoted():
    paths = ["stories", "-v", "it's here", "a b/$HOME;rm x"]
    words = shlex.split(reader_command(paths, follow_links=True))
    assert words == [sys.executable, "-m", "tui", "read", "--follow-links", "--", *paths]
    args = build_parser().parse_args(words[3:])  # what the served reader will read
    assert args.command == "read" and args.paths == paths and args.follow_links
    assert shlex.split(reader_command([])) == [sys.executable, "-m", "tui", "read"]


def test_serve_refuses_a_missing_path_before_serving(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["serve", "seeds", "--port", str(_free_port())]) == 2
    err = capsys.readouterr().err
    assert err == "copydesk: seeds: no such file or folder\n"
    assert list(tmp_path.iterdir()) == []  # nothing made


def test_serve_says_when_the_port_is_taken():
    pytest.importorskip("textual_serve")
    with socket.socket() as taken:
        taken.bind(("localhost", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tui", "serve", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"copydesk serve: cannot listen on localhost:{port}"
    )
    assert "address already in use" in lines[0]


def test_serve_without_textual_serve_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # importing it fails
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "textual-serve" in err and "pip install 'copydesk[serve]'" in err


def test_serve_refuses_a_port_out_of_range(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "not a port" in capsys.readouterr().err


def test_serve_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--help"])
    assert stop.value.code == 0
    help_text = capsys.readouterr().out
    for part in ("--host HOST", "--port PORT", "localhost", "8000", "PATH", "copydesk serve ~/"):
        assert part in help_text
    assert "copydesk[serve]" in help_text
    top = build_parser().format_help()
    assert "copydesk serve [PATH...] [--host HOST] [--port PORT]" in top


@pytest.mark.slow
def test_the_page_opens_its_websocket_at_the_public_url():
    pytest.importorskip("textual_serve")
    server, port = _start("--public-url", "https://reader.example.org")
    try:
        with urllib.request.urlopen(f"http://localhost:{port}/", timeout=WAIT) as answer:
            page = answer.read().decode()
    finally:
        code, output, _ = _stop(server)
    assert 'data-session-websocket-url="wss://reader.example.org/ws"' in page
    assert "open https://reader.example.org in a browser" in output
    assert code == 0, output
