"""Whom a stretch of text is about: for deciding whom a pronoun stands for.

A pronoun before or after a quote names an earlier speaker only when nobody else has
become the subject since: every sentence between opens with a subject pronoun or with
the speaker's name. A paragraph without attribution can also be about one person, when
each of its sentences has them as subject ("Doe sought to calm them. He ..."), which is
how a later "he said" may name them.
"""

from __future__ import annotations

from .attribution import (
    FUNCTION_WORDS,
    NOT_SUBJECT,
    PRONOUNS,
    SENTENCE_END,
    VERBS,
    Token,
    lower,
    name_of,
    name_word,
    run_length,
    tokens,
)


def continues(text: str, name: str, partial: bool, lead: bool = False) -> bool:
    """Whether every sentence of `text` has the speaker (a pronoun or the name) as subject.

    With `partial`, the text opens inside a sentence that the attribution began, and that
    first piece is not looked at. With `lead`, the text ends inside the sentence whose
    subject is the pronoun being resolved ("In a few years, [he said]"): that last piece
    only may not name anyone.
    """
    toks = tokens(text)
    own = set(name.split())
    start = 0
    if partial:
        start = next((n + 1 for n, t in enumerate(toks) if t.text in SENTENCE_END), len(toks))
    while start < len(toks):
        words = [t for t in toks[start:] if t.text[:1].isalnum()]
        if not words:
            return True
        end = next((n for n in range(start, len(toks)) if toks[n].text in SENTENCE_END), None)
        if end is None and lead:
            return not any(name_word(t) and t.text not in own for t in words[1:])
        if words[0].text.lower() not in PRONOUNS and words[0].text not in own:
            return False
        start = len(toks) if end is None else end + 1
    return True


def subject_of(text: str, common: frozenset[str]) -> str | None:
    """The name that every sentence of `text` opens with as its subject, a pronoun
    standing for it after the first ("Doe sought ... . He held ..."), if there is one."""
    toks = tokens(text)
    name: str | None = None
    start = 0
    while True:
        k = next((n for n in range(start, len(toks)) if toks[n].text[:1].isalnum()), None)
        if k is None:
            return name
        end = next((n for n in range(k, len(toks)) if toks[n].text in SENTENCE_END), len(toks))
        if toks[k].text.lower() in PRONOUNS:
            if name is None:
                return None
        else:
            found = _sentence_subject(toks, k, end, common)
            if found is None or (name is not None and found.split()[-1] != name.split()[-1]):
                return None
            name = name or found
        start = end + 1


def _sentence_subject(toks: list[Token], k: int, end: int, common: frozenset[str]) -> str | None:
    """The name a sentence (tokens k to end) has as subject: "In May, the pragmatic Jane
    Doe, meanwhile, left ..." -> "Jane Doe"."""
    n = k
    if toks[n].text.lower() in FUNCTION_WORDS:
        comma = next((i for i in range(n, min(end, n + 8)) if toks[i].text == ","), None)
        n = comma + 1 if comma is not None else n + 1
    while n < end and lower(toks[n]) and toks[n].text not in NOT_SUBJECT | VERBS:
        n += 1
    if n > k and toks[n - 1].text in NOT_SUBJECT:
        return None
    length = run_length(toks[n:end])
    after = n + length
    if after < end and toks[after].text == ",":  # "Doe, meanwhile, left"
        close = next(
            (i for i in range(after + 1, min(end, after + 8)) if toks[i].text == ","), None
        )
        after = close + 1 if close is not None else end
    if not length or after >= end or not lower(toks[after]):
        return None
    if after + 1 < end and name_word(toks[after + 1]):
        return None  # "Hamas spokesman Fawzi Barhoum rejected", "Doe met Roe": whose subject?
    return name_of(toks[n : n + length], common)
