"""compose.yaml as Docker Compose reads it, for machines without Docker: YAML (anchors and
`<<` merges included), then the variables interpolated as Compose's documentation says:
$$, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+value},
${VAR+value}, nested."""

import re
from pathlib import Path

import yaml

from devtools.serving import ROOT

COMPOSE = ROOT / "compose.yaml"
NAME = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")
OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class MissingVariableError(ValueError):
    """A ${VAR:?error} whose variable is missing: Compose stops with the message."""


def load(env: dict[str, str], path: Path = COMPOSE) -> dict:
    """The interpolated compose file with ``env`` as the environment."""
    return interpolated(yaml.safe_load(path.read_text()), env)


def interpolated(value, env: dict[str, str]):
    if isinstance(value, dict):
        return {key: interpolated(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolated(item, env) for item in value]
    if isinstance(value, str):
        return substitute(value, env)
    return value


def substitute(text: str, env: dict[str, str]) -> str:
    out, i = [], 0
    while i < len(text):
        if text.startswith("$$", i):
            out.append("$")
            i += 2
        elif text.startswith("${", i):
            end = closing_brace(text, i + 2)
            out.append(expression(text[i + 2 : end], env))
            i = end + 1
        elif text[i] == "$" and (match := NAME.match(text, i + 1)):
            out.append(env.get(match.group(), ""))
            i = match.end()
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def closing_brace(text: str, start: int) -> int:
    depth = 1
    for i in range(start, len(text)):
        if text.startswith("${", i):
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unclosed ${{ in {text!r}")


def expression(body: str, env: dict[str, str]) -> str:
    name = NAME.match(body)
    if not name:
        raise ValueError(f"invalid variable in ${{{body}}}")
    rest = body[name.end() :]
    value = env.get(name.group())
    if not rest:
        return value or ""
    operator = next((op for op in OPERATORS if rest.startswith(op)), None)
    if operator is None:
        raise ValueError(f"unsupported ${{{body}}}")
    word = substitute(rest[len(operator) :], env)
    present = value is not None and (value != "" or ":" not in operator)
    if operator.endswith("-"):
        return value if present else word
    if operator.endswith("+"):
        return word if present else ""
    if not present:
        raise MissingVariableError(f"{name.group()}: {word}")
    return value
