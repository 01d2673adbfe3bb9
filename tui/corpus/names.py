"""File names as the user may see them: printable, unambiguous, and reversible.

A file name is bytes nobody checked: it may not be UTF-8, and it may hold escape
sequences that would set the terminal's title, write its clipboard or clear it.
Python keeps such names losslessly as `str` with surrogate escapes (PEP 383); `shown`
turns one into the printable form every output uses (the CLI, its JSON, the reader):

* a byte that is not UTF-8 becomes `\\xNN` (`caf\\xe9.txt`);
* a control character becomes `\\n`, `\\t`, `\\r` or `\\xNN`; another character that
  does not print (a format or separator character such as U+202E) becomes `\\uNNNN`;
* a backslash is doubled, so the form is unambiguous;

and `unshown` gives the name back, which is how a name printed in `source` finds its
file again. The escapes are those of the shell's `$'...'` quoting. Ordinary names
(any printable Unicode, no backslash) are shown as they are. `printable` does the
same for a whole message (one that may quote a name or an OS error), backslashes
kept, so that nothing printed can carry a control character to the terminal.
"""

from __future__ import annotations

import os
import re

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)
_BACK: dict[str, str] = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def _char(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if ch.isprintable():
        return ch
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(name: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """The printable form of a file name or path (see the module docstring)."""
    if not isinstance(name, (str, bytes)):
        name = os.fspath(name)
    text = os.fsdecode(name) if isinstance(name, bytes) else name
    if text.isprintable() and "\\" not in text:  # surrogates and controls are not printable
        return text
    return "".join(_char(ch) for ch in text)


def printable(text: str) -> str:
    """A message made safe to print: every character that does not print escaped as
    `shown` does (a name in it already shown stays as it is: backslashes are kept)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\\" else _char(ch) for ch in text)


def unshown(text: str) -> str:
    """The name whose printable form is `text` (the inverse of `shown`)."""
    if "\\" not in text:
        return text

    def back(match: re.Match[str]) -> str:
        byte, short, long, other = match.groups()
        if byte is not None:
            code = int(byte, 16)
            return chr(code) if code < 0x80 else chr(0xDC00 + code)
        if short is not None or long is not None:
            return chr(int(short or long, 16))
        return _BACK.get(other, "\\" + other)

    return _ESCAPE.sub(back, text)
