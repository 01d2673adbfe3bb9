"""Left-over markup in extracted text: HTML entities ("&#163;1.8m", "&amp;") and the
Markdown marks some extractors write (html2text's "## " headings, "**strong**",
"__strong__", "_em_"). Taken out of each unit's text once the file is reflowed; the
raw lines are untouched, so line ranges still point into the file as it is."""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w*])")


def plain(text: str) -> str:
    """`text` with entities decoded and Markdown heading and emphasis marks dropped."""
    if "&" in text and _ENTITY.search(text):
        text = _ENTITY.sub(lambda m: html.unescape(m.group()).replace("\xa0", " "), text)
    if text.startswith("#"):
        text = _HEADING.sub("", text)
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
    if "_" in text:
        text = _EMPHASIS.sub(r"\1", text)
    return text
