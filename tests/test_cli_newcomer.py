"""The `copydesk` command as a newcomer expects it: bad paths, empty questions, piped
output, duplicate paths, help, shell completion and plurals."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS
from tui.cli import COMMANDS, build_parser, main
from tui.corpus import shown

NEEDS_PATHS = [
    [],
    ["read"],
    ["stories"],
    ["stories", "--json"],
    ["show", "abc"],
    ["search", "rubio"],
    ["quotes"],
    ["index"],
    ["stats"],
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of the test's own: to see that nothing is made in it."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def _made(folder) -> list[str]:
    return [p.name for p in folder.rglob("*")] if folder.exists() else []


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", NEEDS_PATHS, ids=lambda c: " ".join(c) or "bare")
def test_a_missing_path_is_one_message_exit_2_and_nothing_made(command, cache, tmp_path, capsys):
    missing = tmp_path / "no\x1bsuch"
    code, out, err = _run(capsys, *command, missing)
    assert code == 2
    assert out == ""
    assert err.strip() == f"copydesk: {shown(missing)}: no such file or folder"
    assert _made(cache) == []


@pytest.mark.parametrize("command", NEEDS_PATHS[2:], ids=" ".join)
def test_a_missing_path_beside_a_good_one_is_refused_too(command, cache, tmp_path, capsys):
    code, out, err = _run(capsys, *command, SEEDS, tmp_path / "gone")
    assert (code, out) == (2, "")
    assert "gone: no such file or folder" in err and "seeds" not in err
    assert _made(cache) == []


def test_a_broken_link_is_refused(cache, tmp_path, capsys):
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    code, _, err = _run(capsys, "stories", tmp_path / "link")
    assert code == 2 and "link: broken symbolic link" in err
    assert _made(cache) == []


@pytest.mark.parametrize("command", NEEDS_PATHS[2:], ids=" ".join)
def test_an_unreadable_path_is_refused(command, cache, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "locked"
    shutil.copytree(SEEDS, folder)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: os.fspath(p) != str(folder) and real_access(p, mode)
    )
    code, out, err = _run(capsys, *command, folder)
    assert (code, out) == (2, "")
    assert err.strip() == f"copydesk: {shown(folder)}: folder not readable (permission denied)"
    assert _made(cache) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_refused(cache, tmp_path, capsys):
    file = tmp_path / "a.txt"
    shutil.copy(SEEDS / "000_0cee396f89fa8bc0.txt", file)
    file.chmod(0)
    code, _, err = _run(capsys, "stories", file)
    assert code == 2 and "a.txt: file not readable" in err


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_an_empty_query_is_refused(query, capsys):
    code, out, err = _run(capsys, "search", query, SEEDS)
    assert (code, out) == (1, "")
    assert "query is empty" in err
    code, out, err = _run(capsys, "search", query, SEEDS, "--json")
    assert (code, out) == (1, "") and "query is empty" in err


def test_an_unknown_speaker_is_said_and_exits_1(capsys):
    code, out, err = _run(capsys, "quotes", SEEDS, "--speaker", "nobody")
    assert code == 1 and out == ""
    assert "no quotes from a speaker whose name contains 'nobody'" in err
    code, out, err = _run(capsys, "quotes", SEEDS, "--speaker", "nobody", "--json")
    assert code == 1 and json.loads(out) == {"stories": []} and "nobody" in err
    code, out, _ = _run(capsys, "quotes", SEEDS, "--speaker", "rubio")
    assert code == 0 and "Rubio" in out


def test_show_without_a_story_id_does_not_call_path_required(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["show"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "required: STORY_ID" in err and "PATH" not in err.splitlines()[-1]


def _stories_json(capsys, *paths):
    code, out, _ = _run(capsys, "stories", "--json", *paths)
    assert code == 0
    return json.loads(out)


def test_piped_stories_are_one_line_each_with_tab_columns(capsys):
    data = _stories_json(capsys, SEEDS)
    code, out, _ = _run(capsys, "stories", SEEDS)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "id\tdate\tversions\ttitle"
    assert lines[-1] == "2 stories, 6 versions from 5 files"
    rows = [line.split("\t") for line in lines[1:-1]]
    assert rows == [
        [s["id"], s["date"] or "—", str(len(s["versions"])), s["title"]] for s in data["stories"]
    ]
    assert all(line == line.rstrip() for line in lines)


def test_piped_stories_never_wrap_a_long_title(tmp_path, capsys):
    text = (SEEDS / "000_0cee396f89fa8bc0.txt").read_text("utf-8")
    title = "A headline long enough to wrap " * 5
    (tmp_path / "long.txt").write_text(title.strip() + "\n" + text.split("\n", 2)[2], "utf-8")
    _, out, _ = _run(capsys, "stories", tmp_path)
    assert len(out.splitlines()) == 3
    assert out.splitlines()[1].split("\t")[3].startswith("A headline long enough to wrap A")


def test_piped_show_prints_each_paragraph_on_one_line(capsys):
    data = _stories_json(capsys, SEEDS)
    story = next(s for s in data["stories"] if len(s["versions"]) == 5)
    version = story["versions"][0]
    code, out, _ = _run(capsys, "show", story["id"], SEEDS, "-v", "1")
    assert code == 0
    lines = out.splitlines()
    assert [line for line in lines[4:] if line][: len(version["paragraphs"])] == version[
        "paragraphs"
    ]
    assert all(line == line.rstrip() for line in lines)
    assert max(len(p) for p in version["paragraphs"]) > 80  # a wrap would have shown


@pytest.mark.parametrize(
    "twice", [["seeds", "seeds"], ["seeds", "seeds/"], ["seeds", "./seeds"]], ids=" ".join
)
def test_a_path_given_twice_is_read_once(twice, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    _, out, _ = _run(capsys, "stories", *twice)
    assert out.splitlines()[-1] == "2 stories, 6 versions from 5 files"
    assert _stories_json(capsys, *twice) == _stories_json(capsys, "seeds")


def _subparsers():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return parser, sub.choices


def test_every_argument_has_help_and_every_command_an_example():
    parser, commands = _subparsers()
    assert set(commands) == set(COMMANDS)
    for name, command in commands.items():
        for action in command._actions:
            assert action.help, f"{name} {action.dest} has no help"
        assert f"copydesk {name}" in command.epilog or name == "read", name
        assert command.epilog.startswith("example")
    assert "bundled seeds" in commands["show"].format_help()
    assert "completion" in parser.format_help()


def test_help_is_plain_when_piped():
    result = subprocess.run(
        ["/bin/sh", "-c", f"cd {ROOT} && {sys.executable} -m tui stories --help | cat"],
        capture_output=True,
        text=True,
    )
    assert "\x1b" not in result.stdout and "PATH" in result.stdout and "example" in result.stdout


def test_plurals_are_right(cache, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_0cee396f89fa8bc0.txt", corpus / "one.txt")
    _, out, _ = _run(capsys, "index", corpus)
    assert ": 1 file read, 0 reused, 0 removed; 1 story; " in out
    _, out, _ = _run(capsys, "stories", corpus)
    assert out.splitlines()[-1] == "1 story, 1 version from 1 file"
    _, out, _ = _run(capsys, "stats", corpus)
    assert "1 batch," in out


def test_the_plural_helper():
    from tui.commands import plural

    assert [plural(n, "story", "stories") for n in (0, 1, 2)] == [
        "0 stories",
        "1 story",
        "2 stories",
    ]
    assert plural(1234, "file", commas=True) == "1,234 files"


def _script(capsys, shell):
    code, out, err = _run(capsys, "completion", shell)
    assert code == 0 and err == ""
    return out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_completion_script_names_every_command_and_option(shell, capsys):
    script = _script(capsys, shell)
    _, commands = _subparsers()
    for name, command in commands.items():
        assert name in script, name
        for action in command._actions:
            for option in action.option_strings:
                flag = option.lstrip("-")
                assert (option if shell != "fish" else flag) in script, (name, option)


def test_completion_refuses_an_unknown_shell(capsys):
    with pytest.raises(SystemExit):
        main(["completion", "tcsh"])
    assert "invalid choice" in capsys.readouterr().err


BASH = shutil.which("bash")


def _complete(script_path, line):
    """What the bash script offers for `line` (completing its last word)."""
    program = f"""
source {script_path}
read -ra COMP_WORDS <<< {line!r}
[[ {line!r} == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))
_copydesk
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    result = subprocess.run([BASH, "-c", program], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.skipif(BASH is None, reason="no bash here")
def test_the_bash_script_registers_and_completes(capsys, tmp_path):
    path = tmp_path / "copydesk.bash"
    path.write_text(_script(capsys, "bash"), "utf-8")
    result = subprocess.run(
        [BASH, "-c", f"source {path} && complete -p copydesk"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "-F _copydesk copydesk" in result.stdout
    assert _complete(path, "copydesk sto") == ["stories"]
    assert set(_complete(path, "copydesk ")) >= set(COMMANDS)
    assert _complete(path, "copydesk stories --js") == ["--json"]
    assert _complete(path, "copydesk completion ") == ["bash", "zsh", "fish"]
    assert _complete(path, "copydesk --wat") == ["--watch"]  # the default command's options
    assert "seeds" in _complete(path, "copydesk stories se")
    assert _complete(path, "copydesk search --limit ") == []
