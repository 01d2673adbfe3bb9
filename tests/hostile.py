"""Hostile corpus cases, built in a folder (for tests/test_reliability.py and by hand).

    python -m tests.hostile DIR [--large LINES]

makes DIR with the bundled seeds plus files whose names carry escape sequences,
Latin-1 bytes, newlines and markup, a FIFO, a socket, binary noise, files over the
limits, and symbolic links inside, outside and in loops; `--large` adds one
hard-wrapped file of that many lines. Every case says what should become of it.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "000_0cee396f89fa8bc0.txt"

# File names (as bytes: the file system's own form) whose content is a readable story.
STORY_NAMES: list[bytes] = [
    b"caf\xe9.txt",  # Latin-1, not UTF-8
    b"\x1b]0;PWNED-TITLE\x07title.txt",  # OSC 0: sets the window title
    b"\x1b]52;c;SGVsbG8gY2xpcGJvYXJk\x07clip.txt",  # OSC 52: writes the clipboard
    b"\x1b[2J\x1b[Hclear.txt",  # CSI: clears the screen
    b"two\nlines.txt",
    b"[bold red]markup[reverse] [link=https:evil]x.txt",
    b"back\\slash \xe2\x80\xaeright-to-left.txt",  # a backslash, and U+202E
]


# Names of files that are skipped (empty), so that they turn up in the warnings.
SKIPPED_NAMES: list[bytes] = [b"\x1b]0;EMPTY-TITLE\x07empty.txt", b"vid\xe9.txt"]


def story_text(marker: str) -> str:
    """A seed's text with one word changed, so each copy is its own version."""
    return SEED.read_text("utf-8").replace("Rubio", f"Rubio{marker}", 3)


def noise(size: int, seed: int = 11) -> bytes:
    """Random bytes without a NUL (so the NUL test alone does not catch them)."""
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))


def wrapped_file(lines: int, width: int = 48) -> str:
    """One long hard-wrapped story in which every line is a sentence that fills the
    column: no line break is sure, each is a soft paragraph break to settle against
    the rest of the corpus (the case that was quadratic)."""
    starts = ["Officials", "Ministers", "Diplomats", "Observers", "Negotiators"]
    words = (
        "said talks would resume in the capital next week after a long pause and "
        "expected a draft agreement on trade and security soon"
    ).split()
    rng = random.Random(5)
    out = ["A long wrapped report", "", "GENEVA (AP) — Officials said talks would resume."]
    while len(out) < lines:
        line = rng.choice(starts)
        while True:
            word = rng.choice(words)
            if len(line) + 1 + len(word) + 1 > width:
                break
            line += " " + word
        out.append(line + ".")
    return "\n".join(out[:lines]) + "\n"


def build(root: Path, large: int = 0, outside: Path | None = None) -> dict[str, str]:
    """Make the hostile corpus at `root`; return {case: what should happen}."""
    root.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, root / seed.name)
    raw = os.fsencode(root)
    for n, name in enumerate(STORY_NAMES):
        with open(raw + b"/" + name, "w", encoding="utf-8") as handle:
            handle.write(story_text(str(n)))
    cases = {"names": "read; shown escaped"}
    for name in SKIPPED_NAMES:  # so that the reader's first warnings carry hostile names
        open(raw + b"/" + name, "wb").close()
    os.mkfifo(raw + b"/\x1b]52;c;RklGTw==\x07pipe.txt")
    cases["skipped names"] = "skipped (empty, a FIFO); shown escaped in the warnings"
    os.mkfifo(root / "pipe.txt")
    cases["pipe.txt"] = "skipped: a FIFO"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "sock.txt"))
        cases["sock.txt"] = "skipped: a socket"
    except OSError:  # pragma: no cover - path too long for a socket
        pass
    finally:
        sock.close()
    (root / "noise.bin").write_bytes(noise(40_000))
    cases["noise.bin"] = "skipped: binary"
    with open(root / "sparse-huge.txt", "wb") as handle:  # 60 MB, no blocks written
        handle.truncate(60 * 1024 * 1024)
    cases["sparse-huge.txt"] = "skipped: too large"
    (root / "long-line.txt").write_text("word " * 50_000, "utf-8")
    cases["long-line.txt"] = "skipped: a line too long"
    (root / "empty.txt").write_bytes(b"")
    os.symlink(SEED.name, root / "inside-link.txt")  # followed: its target is in the folder
    cases["inside-link.txt"] = "read"
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a folder loop
    if outside is not None:
        outside.mkdir(parents=True, exist_ok=True)
        (outside / "elsewhere.txt").write_text(story_text("Elsewhere"), "utf-8")
        os.symlink(outside / "elsewhere.txt", root / "outside-link.txt")
        cases["outside-link.txt"] = "skipped unless --follow-links"
    if large:
        (root / "large.txt").write_text(wrapped_file(large), "utf-8")
        cases["large.txt"] = "read"
    return cases


if __name__ == "__main__":
    target = Path(sys.argv[1])
    lines = int(sys.argv[sys.argv.index("--large") + 1]) if "--large" in sys.argv else 0
    for case, fate in build(target, lines, target.parent / (target.name + "-outside")).items():
        print(f"{case}: {fate}")
