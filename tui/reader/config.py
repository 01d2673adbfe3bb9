"""The reader's config file: key remaps in `config.toml`, checked before any is used.

`config.toml` (under platformdirs' user config dir unless a path is given) holds one
table, `[keymap]`, of `binding.id = "key,key"` lines by the ids the help screen shows;
`#` starts a comment. The old `config.json` (`{"keymap": {...}}`) is still read when
there is no config.toml, with a notice saying what to write instead (a file given by
path is read as JSON if its name ends in .json, else as TOML). The file must be
a regular file under `MAX_CONFIG_BYTES`; one that cannot be read or parsed gets one
message naming it and why, and the default keys.

Each entry is checked against the bindings the app, its screens and their widgets
really have, grouped in the scopes whose keys are active together (`scopes`): an
unknown id, a key Textual never sends (`keynames`), or a key another binding holds in
the same scope (`reader.quotes = "q"` would take Quit away) is a `Problem` named by id
and key, and that entry is not applied, so its default keys stay. The reader shows the
problems in one notification; `copydesk config --check` prints them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs

from ..corpus import NotRegularFile, read_regular, shown
from .keynames import check_keys

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10: no TOML reader in the standard library
    tomllib = None  # type: ignore[assignment]

MAX_CONFIG_BYTES = 1024 * 1024  # a config file larger than this is not one
EXAMPLE_LINE = 'reader.next_version = "right_square_bracket,l"'
EXAMPLE = ["# copydesk's key remaps, by the binding ids help (?) lists", "[keymap]", EXAMPLE_LINE]


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir("copydesk", appauthor=False))


def config_path(path: Path | None = None) -> Path:
    """The file read: `path` if given, else config.toml, else (when only it exists) the
    old config.json, in the user config dir."""
    if path is not None:
        return Path(path)
    toml = config_dir() / "config.toml"
    old = toml.with_suffix(".json")
    return old if not os.path.lexists(toml) and os.path.lexists(old) else toml


@dataclass(frozen=True)
class Problem:
    """One entry not applied: what it says (`id = "keys"`) and why."""

    entry: str
    reason: str

    def __str__(self) -> str:
        return f"{self.entry}: {self.reason}"


@dataclass
class Config:
    """What a config file gave: the remaps applied, the problems, the notices."""

    path: Path
    found: bool = False
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> "key,key", checked
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None  # why the file was not read at all
    notices: list[str] = field(default_factory=list)  # the deprecated format, and the like

    def notifications(self) -> list[str]:
        """What the reader says at start: the notices, then the problems in one message."""
        out = [*self.notices]
        if self.error:
            out.append(
                f"ignored the config file {shown(self.path)}: {self.error}; using the default keys"
            )
        if self.problems:
            listed = "; ".join(f"({n}) {p}" for n, p in enumerate(self.problems, 1))
            count = len(self.problems)
            out.append(
                f"{shown(self.path)}: {count} entr{'ies' if count != 1 else 'y'} not applied, "
                f"the default keys stay: {listed}"
            )
        return out


class ConfigError(ValueError):
    """The file cannot be read as a config file; the message says why."""


def load_config(path: Path | None = None) -> Config:
    """The checked keymap from the config file (`config_path`): see the module docstring."""
    where = config_path(path)
    config = Config(where)
    try:
        document = _parse(where)
    except FileNotFoundError:
        return config
    except ConfigError as error:
        config.found, config.error = True, str(error)
        return config
    config.found = True
    entries = _entries(document, config)
    if where.suffix == ".json":
        config.notices.append(_deprecated(where, entries, chosen=path is not None))
    check_entries(entries, config)
    return config


def _parse(path: Path) -> dict[str, Any]:
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise
    except NotRegularFile as problem:
        raise ConfigError(f"it is {problem}") from None
    except OSError as error:
        raise ConfigError(f"cannot read it ({error.strerror or error})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"it is over {MAX_CONFIG_BYTES // 1024} KiB, too large for a config file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("it is not UTF-8 text") from None
    if path.suffix == ".json":
        try:
            document = json.loads(text)
        except ValueError as error:
            raise ConfigError(f"it is not valid JSON: {error}") from None
    elif tomllib is None:  # pragma: no cover - Python 3.10
        raise ConfigError("reading TOML needs Python 3.11 or later")
    else:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"it is not valid TOML: {error}") from None
    if not isinstance(document, dict):
        raise ConfigError('it should hold a "keymap" table')
    return document


def _entries(document: dict[str, Any], config: Config) -> list[tuple[str, object]]:
    """(binding id, value) in file order; TOML's dotted keys (reader.quotes = ...) make
    nested tables, so those are flattened back into ids."""
    for name in document:
        if name != "keymap":
            config.problems.append(Problem(f"[{name}]", "unknown table (only [keymap] is read)"))
    keymap = document.get("keymap", {})
    if not isinstance(keymap, dict):
        config.problems.append(
            Problem("keymap", 'should be a table: [keymap] then binding.id = "key,key" lines')
        )
        return []
    out: list[tuple[str, object]] = []

    def walk(table: dict[str, Any], prefix: str) -> None:
        for name, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{name}.")
            else:
                out.append((f"{prefix}{name}", value))

    walk(keymap, "")
    return out


def check_entries(entries: list[tuple[str, object]], config: Config) -> None:
    """Put the entries that pass every check in `config.keymap`, a `Problem` for each other."""
    known = catalogue()
    remaps: dict[str, list[str]] = {}
    written: dict[str, str] = {}
    for binding_id, value in entries:
        entry = f"{binding_id} = {_value(value)}"
        if not isinstance(value, str):
            config.problems.append(Problem(entry, 'the keys should be a string, like "j,down"'))
        elif binding_id not in known:
            config.problems.append(Problem(entry, _unknown_id(binding_id, known)))
        else:
            keys, problems = check_keys(value)
            if problems:
                config.problems.append(Problem(entry, "; ".join(problems)))
            else:
                remaps[binding_id], written[binding_id] = keys.split(","), entry
    for binding_id, reason in _settle(remaps).items():
        config.problems.append(Problem(written[binding_id], reason))
    config.keymap = {binding_id: ",".join(keys) for binding_id, keys in remaps.items()}
    order = {f"{b} = {_value(v)}": n for n, (b, v) in enumerate(entries)}
    config.problems.sort(key=lambda p: order.get(p.entry, -1))


def _value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _unknown_id(binding_id: str, known: dict[str, str]) -> str:
    from rapidfuzz import fuzz, process

    best = process.extractOne(binding_id, list(known), scorer=fuzz.ratio, score_cutoff=85)
    hint = f"; did you mean {best[0]}?" if best else " (the help screen, ?, lists them)"
    return f"no binding has the id {binding_id}{hint}"


# -- the bindings, where they are active together ---------------------------------------


@dataclass(frozen=True)
class Held:
    """One key a binding holds in a scope: the binding's id, or Textual's own action."""

    key: str
    binding_id: str | None
    name: str  # how a problem names it


@dataclass(frozen=True)
class Scope:
    name: str  # where, as a problem says it: "on the reading screen, in the story list"
    held: tuple[Held, ...]


def _held(classes: list[type[Any]], modal: bool) -> tuple[Held, ...]:
    """The keys the bindings of `classes` (focused widget first, the app last) hold: their
    BINDINGS as Textual merges them with their bases'. Behind a modal screen only the
    app's priority bindings are active."""
    from textual.app import App

    out = []
    for cls in classes:
        for key, bindings in cls._merged_bindings.key_to_bindings.items():
            for binding in bindings:
                if modal and issubclass(cls, App) and not binding.priority:
                    continue
                name = binding.id or f"Textual's own {binding.action.rpartition('.')[2]}"
                out.append(Held(key, binding.id, name))
    return tuple(out)


@cache
def scopes() -> tuple[Scope, ...]:
    """Each set of bindings active together: a screen, its focusable widget, the app.
    (A text field is left out: there, typing wins, as it does over the default keys.)"""
    from textual.containers import VerticalScroll
    from textual.widgets import OptionList

    from .app import CopydeskApp
    from .screens.help import HelpScreen
    from .screens.quotes import QuotesScreen
    from .screens.reader import ReaderScreen
    from .screens.search import SearchScreen
    from .screens.versions import VersionsScreen
    from .widgets.article import ArticleView
    from .widgets.diff_panel import DiffPanel
    from .widgets.story_list import StoryList

    reading = [ReaderScreen, CopydeskApp]
    return (
        Scope("on the reading screen, in the story list", _held([StoryList, *reading], False)),
        Scope("on the reading screen, in the text", _held([ArticleView, *reading], False)),
        Scope("on the reading screen, in the differences", _held([DiffPanel, *reading], False)),
        Scope("in help", _held([VerticalScroll, HelpScreen, CopydeskApp], True)),
        Scope("in the quotes list", _held([OptionList, QuotesScreen, CopydeskApp], True)),
        Scope("in the versions list", _held([OptionList, VersionsScreen, CopydeskApp], True)),
        Scope("in search", _held([OptionList, SearchScreen, CopydeskApp], True)),
    )


@cache
def catalogue() -> dict[str, str]:
    """Every binding id there is, and its default keys ("j,down")."""
    keys: dict[str, list[str]] = {}
    for scope in scopes():
        for held in scope.held:
            if held.binding_id and held.key not in keys.setdefault(held.binding_id, []):
                keys[held.binding_id].append(held.key)
    return {binding_id: ",".join(k) for binding_id, k in keys.items()}


def _clashes(remaps: dict[str, list[str]]) -> dict[str, str]:
    """Why, for each remapped binding given a key another binding holds in a scope where
    both are active: the key is then one binding's or the other's, never both's."""
    found: dict[str, str] = {}
    for scope in scopes():
        holders: dict[str, list[str]] = {}
        for held in scope.held:
            if held.binding_id not in remaps and held.name not in holders.get(held.key, []):
                holders.setdefault(held.key, []).append(held.name)
        here = dict.fromkeys(h.binding_id for h in scope.held if h.binding_id in remaps)
        remapped = [
            (binding_id, key) for binding_id in here if binding_id for key in remaps[binding_id]
        ]
        for binding_id, key in remapped:
            holders.setdefault(key, []).append(binding_id)
        for binding_id, key in remapped:
            others = [name for name in holders[key] if name != binding_id]
            if others and binding_id not in found:
                found[binding_id] = f"{key} is already the key of {others[0]} {scope.name}"
    return found


def _settle(remaps: dict[str, list[str]]) -> dict[str, str]:
    """Take out of `remaps` every remap that clashes, until none does (one taken out gives
    its binding its default keys back, which may clash with another), and say why."""
    dropped: dict[str, str] = {}
    while clashes := _clashes(remaps):
        for binding_id, reason in clashes.items():
            dropped[binding_id] = reason
            del remaps[binding_id]
    return dropped


# -- the old format ---------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_.-]+")


def _deprecated(path: Path, entries: list[tuple[str, object]], chosen: bool) -> str:
    """The notice for a config.json: deprecated, and the TOML to write instead (`chosen`:
    the file was given with --config, so the new one will have to be too)."""
    lines = [
        f"{name if _BARE_KEY.fullmatch(name) else json.dumps(name)} = {_value(value)}"
        for name, value in entries[:6]
        if isinstance(value, str)
    ]
    if len(entries) > 6:
        lines.append("...")
    body = "; ".join(lines) if lines else EXAMPLE_LINE
    then = " (then give that to --config)" if chosen else ", which is read first,"
    return (
        f"{shown(path)} is deprecated (JSON cannot hold comments): write the same in "
        f"{shown(path.with_suffix('.toml'))}{then} as a [keymap] table "
        f"of lines like these: {body}"
    )
