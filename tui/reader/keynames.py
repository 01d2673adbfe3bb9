"""Which key strings name a key Textual sends, so that a remap never binds a dead key.

The names come from Textual itself (`textual.keys` and the kitty keyboard protocol's
table): the named keys (`enter`, `escape`, `pageup`, `f1`... and the rest), any printable
character, or its name as Textual spells it (`question_mark`, `slash`, `full_stop`), after
modifiers from `MODIFIERS`, in the order Textual puts them (alphabetical: `ctrl+shift+a`).
A string that Textual would accept but never match (`shift+ctrl+a`, `ctrl+A`, `Escape`,
`notakey+++`) is refused, with what to write instead where there is one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from textual.keys import (
    ASCII_KEY_NAMES,
    KEY_ALIASES,
    KEY_TO_UNICODE_NAME,
    REPLACED_KEYS,
    Keys,
    _character_to_key,
)

try:  # the kitty protocol's key names (caps_lock, media_play, f25...): private to Textual
    from textual import _keyboard_protocol as _kitty

    FUNCTIONAL_KEYS: dict[str, str] = dict(_kitty.FUNCTIONAL_KEYS)
    MODIFIER_FUNCTIONAL_KEYS: set[str] = set(_kitty.MODIFIER_FUNCTIONAL_KEYS)
except ImportError:  # pragma: no cover - another Textual: the `Keys` names alone
    FUNCTIONAL_KEYS, MODIFIER_FUNCTIONAL_KEYS = {}, set()

# Textual's modifiers; in a key it sends they are sorted, so written in this order
MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
_NAME = re.compile(r"[a-z][a-z0-9_]+")


@cache
def named_keys() -> frozenset[str]:
    """Every key name longer than one character that Textual sends (not modifiers alone)."""
    found = [k.value for k in Keys]
    found += [*KEY_ALIASES, *(alias for aliases in KEY_ALIASES.values() for alias in aliases)]
    found += list(FUNCTIONAL_KEYS.values())
    names = {key.rpartition("+")[2] for key in found}
    return frozenset(n for n in names if _NAME.fullmatch(n) and n not in MODIFIER_FUNCTIONAL_KEYS)


def character_named(name: str) -> str | None:
    """The character whose key Textual calls `name` (`question_mark`: "?"), or None."""
    long_name = REPLACED_KEYS.get(name, name)
    try:
        character = unicodedata.lookup(
            KEY_TO_UNICODE_NAME.get(long_name, long_name.replace("_", " "))
        )
    except KeyError:
        return None
    if len(character) != 1 or character.isalnum() or _character_to_key(character) != name:
        return None
    return character


def _is_key_name(name: str) -> bool:
    return name in named_keys() or character_named(name) is not None


def _joined(modifiers: list[str], key: str) -> str:
    return "+".join([*modifiers, key])


def _with_modifiers(modifiers: list[str], key: str) -> tuple[str, str | None]:
    """A key after modifiers (one or more): as Textual names it, or why it is not one."""
    if len(key) == 1:
        if not key.isprintable():
            return _joined(modifiers, key), "a control character is not a key name"
        if not key.isalnum():
            return key, f"write {_joined(modifiers, _character_to_key(key))}"
        if key.isupper():
            better = sorted({*modifiers, "shift"})
            return key, f"write {_joined(better, key.lower())} (a capital is shift and the letter)"
        character: str | None = key
    elif not _is_key_name(key):
        return key, _unknown(key)
    else:
        character = character_named(key)
    if modifiers == ["shift"] and character is not None and not character.isspace():
        typed = character.upper() if character.isalpha() else "the character it types"
        return key, f"shift and {key} comes as {typed}: write that"
    return _joined(modifiers, key), None


def _unknown(name: str) -> str:
    lower = name.lower()
    if lower != name and _is_key_name(lower):
        return f'"{name}" is not a key name (they are lower case: {lower})'
    return f'"{name}" is not a key name'


def check_key(token: str) -> tuple[str, str | None]:
    """One key (no commas) as Textual names it, and why it is no key Textual sends, or None.

    >>> check_key("?"), check_key("ctrl+up"), check_key("notakey+++")[1]
    (('question_mark', None), ('ctrl+up', None), 'a "+" with no key beside it (+ is plus)')
    """
    if not token:
        return token, "an empty key (the comma key is comma)"
    if len(token) == 1:
        if token.isprintable() or token in ASCII_KEY_NAMES:
            return _character_to_key(token), None
        return token, "a control character is not a key name"
    *modifiers, key = token.split("+")
    if not key or not all(modifiers):
        return token, 'a "+" with no key beside it (+ is plus)'
    if not modifiers:
        return token, None if _is_key_name(token) else _unknown(token)
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return token, f'"{unknown[0]}" is not a modifier (they are {", ".join(MODIFIERS)})'
    if len(set(modifiers)) < len(modifiers):
        return token, "a modifier is given twice"
    if modifiers != sorted(modifiers):
        return token, f"write {_joined(sorted(modifiers), key)} (modifiers go in that order)"
    return _with_modifiers(modifiers, key)


def check_keys(value: str) -> tuple[str, list[str]]:
    """A comma-separated list of keys as Textual names them (each once), and the problems."""
    keys: list[str] = []
    problems: list[str] = []
    for token in value.split(","):
        key, problem = check_key(token.strip())
        if problem:
            problems.append(f"{token.strip() or '(nothing)'}: {problem}")
        elif key not in keys:
            keys.append(key)
    return ",".join(keys), problems
