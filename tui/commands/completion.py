"""`copydesk completion SHELL`: print a completion script for bash, zsh or fish.

The script is generated from the argparse parser itself, so it names exactly the
sub-commands and options the command has: its options, what follows an option that takes
a value (files for paths, the choices where there are some, nothing for numbers and
words), and files for PATH arguments.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import add_command

SHELLS = ("bash", "zsh", "fish")


def add_parser(sub: Any) -> None:
    completion = add_command(
        sub,
        "completion",
        "print a shell completion script for bash, zsh or fish",
        'bash:  eval "$(copydesk completion bash)"        (in ~/.bashrc)',
        "zsh:   copydesk completion zsh > ~/.zfunc/_copydesk  (with ~/.zfunc in fpath)",
        "fish:  copydesk completion fish > ~/.config/fish/completions/copydesk.fish",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell: bash, zsh or fish")
    completion.set_defaults(func=cmd_completion)


@dataclass
class Option:
    names: list[str]
    help: str
    takes: str | None  # None: a flag; "file", "choices" or "word": the value it takes
    choices: list[str] = field(default_factory=list)


@dataclass
class Command:
    name: str
    help: str
    options: list[Option]
    positionals: list[tuple[str, bool, list[str]]]  # metavar, files, choices


def _option(action: argparse.Action) -> Option:
    help_text = (action.help or "").replace("%%", "%").split(" (")[0]
    if action.nargs == 0:
        return Option(list(action.option_strings), help_text, None)
    if action.choices:
        return Option(list(action.option_strings), help_text, "choices", list(action.choices))
    takes_file = action.type is Path or (action.metavar or "") in ("PATH", "DIR", "FILE")
    return Option(list(action.option_strings), help_text, "file" if takes_file else "word")


def _command(name: str, parser: argparse.ArgumentParser, help_text: str) -> Command:
    options, positionals = [], []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            options.append(_option(action))
        else:
            metavar = str(action.metavar or action.dest)
            positionals.append((metavar, metavar == "PATH", list(action.choices or [])))
    return Command(name, help_text, options, positionals)


def commands(parser: argparse.ArgumentParser) -> tuple[Command, list[Command]]:
    """The top level (its own options and the default command's, `read`) and each
    sub-command, as read from the parser."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help or "" for choice in sub._choices_actions}
    subs = [_command(name, p, helps.get(name, "")) for name, p in sub.choices.items()]
    top = _command("copydesk", parser, "")
    read = next((c for c in subs if c.name == "read"), None)
    if read is not None:  # `copydesk PATH...` is `copydesk read PATH...`
        known = {n for o in top.options for n in o.names}
        top.options += [o for o in read.options if not known & set(o.names)]
    return top, subs


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    top, subs = commands(parser)
    maker = {"bash": bash, "zsh": zsh, "fish": fish}[shell]
    return maker(top, subs)


def _quote(text: str) -> str:
    """`text` in single quotes for any of the three shells."""
    return "'" + text.replace("'", "'\\''") + "'"


def _bash_case(command: Command) -> str:
    """The bash `case` branch of one command: its options and what their values are."""
    flags = " ".join(n for o in command.options for n in o.names)
    words = " ".join(c for _, _, choices in command.positionals for c in choices)
    files = "1" if any(files for _, files, _ in command.positionals) else ""
    values = []
    for option in command.options:
        if option.takes is None:
            continue
        names = "|".join(option.names)
        action = {
            "file": 'compgen -f -- "$cur"',
            "choices": f'compgen -W {_quote(" ".join(option.choices))} -- "$cur"',
        }.get(option.takes or "", "")
        values.append(f"            {names}) COMPREPLY=($({action})); return ;;")
    name = "''" if command.name == "copydesk" else command.name
    return "\n".join(
        [
            f"        {name})",
            f"            flags={_quote(flags)}; words={_quote(words)}; files={files}",
            '            case "$prev" in',
            *values,
            "            esac ;;",
        ]
    )


def bash(top: Command, subs: list[Command]) -> str:
    names = " ".join(c.name for c in subs)
    cases = "\n".join(_bash_case(c) for c in [top, *subs])
    return f"""# bash completion for copydesk (made by `copydesk completion bash`)
_copydesk() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local commands={_quote(names)} command="" flags="" words="" files=""
    if ((COMP_CWORD > 1)); then  # the first word names the command, else it is `read`
        command="${{COMP_WORDS[1]}}"
        case " $commands " in *" $command "*) ;; *) command=read ;; esac
    fi
    case "$command" in
{cases}
    esac
    COMPREPLY=()
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
        return
    fi
    [[ -z $command ]] && words="$commands" && files=1
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    [[ -n $files ]] && COMPREPLY+=($(compgen -f -- "$cur"))
}}
complete -o filenames -o bashdefault -F _copydesk copydesk
"""


def cmd_completion(args: argparse.Namespace) -> int:
    from ..cli import build_parser

    sys.stdout.write(script(build_parser(), args.shell))
    return 0


def _zsh_spec(option: Option) -> list[str]:
    """The `_arguments` specs of one option (one per name, the names exclusive)."""
    text = option.help.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    value = ""
    if option.takes is not None:
        action = {"file": "_files", "choices": f"({' '.join(option.choices)})"}
        value = f":{option.names[-1].lstrip('-').upper()}:{action.get(option.takes, ' ')}"
    exclusive = f"({' '.join(option.names)})" if len(option.names) > 1 else ""
    specs = []
    for name in option.names:
        joined = ("=" if name.startswith("--") else "+") if option.takes else ""
        specs.append(_quote(f"{exclusive}{name}{joined}[{text}]{value}"))
    return specs


def _zsh_arguments(command: Command) -> str:
    specs = [spec for option in command.options for spec in _zsh_spec(option)]
    for n, (metavar, files, choices) in enumerate(command.positionals, 1):
        action = "_files" if files else f"({' '.join(choices)})" if choices else " "
        specs.append(_quote(f"{'*' if files else n}:{metavar}:{action}"))
    return " \\\n                ".join(["_arguments -s -S", *specs])


def zsh(top: Command, subs: list[Command]) -> str:
    described = "\n".join(f"        {_quote(c.name + ':' + c.help)}" for c in subs)
    cases = "\n".join(f"        {c.name}) {_zsh_arguments(c)} ;;" for c in subs)
    return f"""#compdef copydesk
# zsh completion for copydesk (made by `copydesk completion zsh`)
_copydesk() {{
    local -a commands=(
{described}
    )
    if (( CURRENT == 2 )); then
        if [[ $words[2] == -* ]]; then
            {_zsh_arguments(top)}
        else
            _describe -t commands 'copydesk command' commands
            _files
        fi
        return
    fi
    local command=$words[2]
    (( ${{commands[(I)$command:*]}} )) || command=read
    [[ $command == read && $words[2] != read ]] || {{ shift words; (( CURRENT-- )) }}
    case $command in
{cases}
    esac
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _copydesk "$@"
else
    compdef _copydesk copydesk
fi
"""


def _fish_line(condition: str, option: Option) -> str:
    parts = ["complete -c copydesk", f"-n {_quote(condition)}"]
    for name in option.names:
        parts.append(f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}")
    if option.takes == "file":
        parts.append("-r -F")
    elif option.takes == "choices":
        parts.append(f"-x -a {_quote(' '.join(option.choices))}")
    elif option.takes == "word":
        parts.append("-x")
    parts.append(f"-d {_quote(option.help)}")
    return " ".join(parts)


def fish(top: Command, subs: list[Command]) -> str:
    names = " ".join(c.name for c in subs)
    first = f"not __fish_seen_subcommand_from {names}"
    lines = [
        "# fish completion for copydesk (made by `copydesk completion fish`)",
        *(f"complete -c copydesk -n {_quote(first)} -a {c.name} -d {_quote(c.help)}" for c in subs),
        *(_fish_line(first, option) for option in top.options),
    ]
    for command in subs:
        condition = f"__fish_seen_subcommand_from {command.name}"
        lines += [_fish_line(condition, option) for option in command.options]
        for _, _, choices in command.positionals:
            if choices:
                words = _quote(" ".join(choices))
                lines.append(f"complete -c copydesk -n {_quote(condition)} -f -a {words}")
    return "\n".join(lines) + "\n"
