"""The config file: key remaps in config.toml (config.json still read, deprecated),
each entry checked (unknown id, a key Textual never sends, a clash), the bad ones named
and left out so the default keys stay; and `copydesk config --check`."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT
from tests.test_reader import _app, _loaded, _open_rubio
from tui.cli import main
from tui.reader.config import catalogue, config_path, load_config
from tui.reader.keynames import check_key
from tui.reader.screens.actions import ACTIONS
from tui.reader.widgets.diff_panel import DiffPanel


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    """The user config folder, of this test's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "copydesk"
    folder.mkdir(parents=True)
    return folder


def _write(path, text):
    path.write_text(text, "utf-8")
    return path


# -- reading ---------------------------------------------------------------------------


def test_toml_is_read_with_comments_and_both_spellings_of_an_id(tmp_path):
    path = _write(
        tmp_path / "config.toml",
        "# my keys\n[keymap]  # the only table\n"
        'reader.next_version = "l"  # dotted\n'
        '"reader.prev_version" = "h"\n'
        'app.help = "f1, ?"\n',
    )
    config = load_config(path)
    assert config.keymap == {
        "reader.next_version": "l",
        "reader.prev_version": "h",
        "app.help": "f1,question_mark",
    }
    assert config.problems == [] and config.notifications() == []


def test_the_default_file_is_config_toml_in_the_user_config_folder(config_home):
    assert config_path() == config_home / "config.toml"
    _write(config_home / "config.toml", '[keymap]\nreader.sort = "O"\n')
    assert load_config().keymap == {"reader.sort": "O"}


def test_config_json_is_still_read_with_one_deprecation_notice(config_home):
    _write(config_home / "config.json", json.dumps({"keymap": {"reader.sort": "O"}}))
    config = load_config()
    assert config.keymap == {"reader.sort": "O"}
    [notice] = config.notifications()
    assert "config.json is deprecated" in notice
    assert str(config_home / "config.toml") in notice and 'reader.sort = "O"' in notice


def test_config_toml_is_read_before_config_json(config_home):
    _write(config_home / "config.json", json.dumps({"keymap": {"reader.sort": "O"}}))
    _write(config_home / "config.toml", '[keymap]\nreader.sort = "ctrl+o"\n')
    config = load_config()
    assert config.keymap == {"reader.sort": "ctrl+o"} and config.notifications() == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'[keymap]\nreader.sort = "O"\nreader.sort = "o"\n', "not valid TOML"),
        (b"[keymap\n", "not valid TOML"),
        (b'[keymap]\nreader.sort = "\xff"\n', "not UTF-8"),
        (b"#" * (1024 * 1024 + 1), "too large"),
    ],
)
def test_an_ill_formed_file_gives_one_message_and_the_default_keys(tmp_path, content, reason):
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    config = load_config(path)
    [message] = config.notifications()
    assert config.keymap == {} and str(path) in message and reason in message


def test_a_folder_in_place_of_the_file_is_said(tmp_path):
    (tmp_path / "config.toml").mkdir()
    [message] = load_config(tmp_path / "config.toml").notifications()
    assert "folder" in message and "default keys" in message


def test_a_keymap_that_is_not_a_table_and_other_tables_are_named(tmp_path):
    config = load_config(_write(tmp_path / "c.toml", 'keymap = "q"\n[theme]\nname = "x"\n'))
    assert [p.entry for p in config.problems] == ["[theme]", "keymap"]


# -- the checks ------------------------------------------------------------------------


def _problems(tmp_path, lines: str) -> dict[str, str]:
    config = load_config(_write(tmp_path / "config.toml", f"[keymap]\n{lines}"))
    return {p.entry: p.reason for p in config.problems}


def test_an_unknown_id_is_named_with_the_nearest_known_one(tmp_path):
    config = load_config(_write(tmp_path / "c.toml", '[keymap]\nreader.quote = "x"\n'))
    assert config.keymap == {}
    [problem] = config.problems
    assert problem.entry == 'reader.quote = "x"' and "did you mean reader.quotes?" in problem.reason


@pytest.mark.parametrize(
    "key",
    ["q", "G", "?", "question_mark", "slash", "enter", "escape", "pageup", "f1", "f24",
     "ctrl+a", "alt+x", "meta+x", "super+s", "ctrl+shift+left", "shift+tab", "full_stop",
     "comma", "space", "shift+space", "ctrl+question_mark", "é"],
)  # fmt: skip
def test_textual_key_names_are_valid(key):
    assert check_key(key)[1] is None


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("notakey+++", "+ is plus"),
        ("notakey", "not a key name"),
        ("Escape", "lower case: escape"),
        ("shift+ctrl+a", "write ctrl+shift+a"),
        ("ctrl+A", "write ctrl+shift+a"),
        ("ctrl+?", "write ctrl+question_mark"),
        ("shift+a", "A"),
        ("control+a", "not a modifier"),
        ("ctrl+ctrl+a", "twice"),
        ("hyphen_minus", "not a key name"),  # Textual calls - "minus"
        ("", "empty"),
    ],
)
def test_keys_textual_never_sends_are_invalid(key, hint):
    problem = check_key(key)[1]
    assert problem is not None and hint in problem


def test_an_invalid_key_is_named_and_the_whole_entry_left_out(tmp_path):
    found = _problems(tmp_path, 'reader.sort = "O,notakey+++"\n')
    assert (
        list(found) == ['reader.sort = "O,notakey+++"']
        and "notakey+++" in found['reader.sort = "O,notakey+++"']
    )


def test_a_key_another_binding_holds_in_the_same_scope_is_a_clash(tmp_path):
    found = _problems(
        tmp_path,
        'reader.quotes = "q"\n'  # the app's Quit
        'reader.toggle_diff = "right"\n'  # the story list's own scroll
        'reader.filter = "F"\nreader.captions = "F"\n'  # two remaps, one key
        'help.close = "x,escape"\n'  # x is free in help, escape its own
        'reader.next_hit = "N"\nreader.previous_hit = "n"\n',  # swapped: no clash
    )
    assert "q is already the key of app.quit" in found['reader.quotes = "q"']
    assert "scroll_right" in found['reader.toggle_diff = "right"']
    assert "reader.captions" in found['reader.filter = "F"']
    assert "reader.filter" in found['reader.captions = "F"']
    assert len(found) == 4


def test_keys_in_scopes_not_active_together_do_not_clash(tmp_path):
    # q closes help and the version list, and quits on the reading screen: never at once
    config = load_config(_write(tmp_path / "c.toml", '[keymap]\nversions.compare = "q"\n'))
    assert config.problems and "versions.close" in config.problems[0].reason
    config = load_config(_write(tmp_path / "c.toml", '[keymap]\nhelp.first = "d"\n'))
    assert config.problems == [] and config.keymap == {"help.first": "d"}


def test_a_remap_dropped_gives_back_its_keys_which_may_clash_in_turn(tmp_path):
    # reader.sort would free o for reader.filter, but sort's own remap clashes, so o is sort's
    found = _problems(tmp_path, 'reader.sort = "q"\nreader.filter = "o"\n')
    assert "app.quit" in found['reader.sort = "q"']
    assert "reader.sort" in found['reader.filter = "o"']


def test_the_catalogue_is_the_bindings_themselves():
    known = catalogue()
    assert known["app.quit"] == "q" and known["list.down"] == "down,j"
    assert {b.id for b in ACTIONS} <= set(known)
    assert {"help.close", "quotes.close", "versions.close", "search.expand"} <= set(known)


def test_the_readme_example_passes_the_checks(tmp_path):
    readme = (ROOT / "README.md").read_text("utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", readme, re.S)
    config = load_config(_write(tmp_path / "config.toml", example))
    assert config.problems == [] and len(config.keymap) == 3


# -- in the reader ---------------------------------------------------------------------

BAD = (
    "[keymap]\n"
    'reader.quotes = "q"\n'
    'reader.toggle_diff = "notakey+++"\n'
    'reader.nope = "x"\n'
    'reader.next_version = "l"\n'
)


async def test_bad_remaps_are_named_in_one_notification_and_q_still_quits(tmp_path):
    _write(tmp_path / "config.toml", BAD)
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        notes = [n.message for n in app._notifications if "not applied" in n.message]
        assert len(notes) == 1
        for named in ('reader.quotes = "q"', "notakey+++", "reader.nope"):
            assert named in notes[0]
        assert "reader.next_version" not in notes[0]
        assert app.return_code is None
        await pilot.press("q")  # Quit, as by default: reader.quotes = "q" was not applied
        assert app.return_code == 0


async def test_after_an_invalid_key_the_default_key_works_and_good_remaps_apply(tmp_path):
    _write(tmp_path / "config.toml", BAD)
    async with _app(tmp_path).run_test(size=(160, 50)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        await pilot.press("d")  # reader.toggle_diff's default: its remap was not applied
        assert screen.query_one(DiffPanel).display
        start = screen.version
        await pilot.press("l")  # reader.next_version = "l" was
        assert screen.version is not start


async def test_config_json_in_the_reader_gives_one_deprecation_notice(tmp_path):
    path = _write(tmp_path / "config.json", json.dumps({"keymap": {"reader.next_version": "l"}}))
    app = _app(tmp_path)
    app._config_path = path
    async with app.run_test(size=(160, 50)) as pilot:
        await _loaded(pilot)
        assert [n for n in app._notifications if "deprecated" in n.message]
        screen = await _open_rubio(pilot)
        start = screen.version
        await pilot.press("l")
        assert screen.version is not start


# -- copydesk config -------------------------------------------------------------------


def _run(capsys, *argv):
    code = main(["config", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_names_the_file_on_every_problem_line_and_exits_1(tmp_path, capsys):
    path = _write(tmp_path / "config.toml", BAD)
    code, out, _ = _run(capsys, "--check", "--config", str(path))
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert 'reader.quotes = "q"' in lines[0] and "app.quit" in lines[0]


def test_check_of_a_good_file_says_how_many_remaps(tmp_path, capsys):
    path = _write(tmp_path / "config.toml", '[keymap]\nreader.next_version = "l"  # l\n')
    code, out, _ = _run(capsys, "--config", str(path))
    assert code == 0 and out.strip() == f"config OK: 1 remap in {path}"


def test_check_with_no_file_says_where_one_would_be(config_home, capsys):
    code, out, _ = _run(capsys, "--check")
    assert code == 0 and f"no config file at {config_home / 'config.toml'}" in out
    assert "[keymap]" in out


def test_check_of_an_ill_formed_file_exits_1(tmp_path, capsys):
    path = _write(tmp_path / "config.toml", "[keymap\n")
    code, out, _ = _run(capsys, "--check", "--config", str(path))
    assert code == 1 and out.startswith(f"{path}: it is not valid TOML")


def test_check_of_config_json_notes_the_deprecation(config_home, capsys):
    _write(config_home / "config.json", json.dumps({"keymap": {"reader.sort": "O"}}))
    code, out, _ = _run(capsys)
    assert code == 0 and "deprecated" in out and "config OK: 1 remap" in out


def test_path_prints_the_file_read(config_home, capsys):
    assert _run(capsys, "--path")[:2] == (0, f"{config_home / 'config.toml'}\n")
    _write(config_home / "config.json", "{}")
    assert _run(capsys, "--path")[:2] == (0, f"{config_home / 'config.json'}\n")
