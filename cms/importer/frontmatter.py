"""Lenient reading of a markdown file's YAML front matter.

Real files are written by hand or by a CMS with bugs: unquoted colons in titles, tabs for
indentation, stray invisible characters. A strict YAML parser rejects them, although their meaning
is clear. Strict YAML is tried first; where it fails, a line-based reader takes over that
understands ``key: value``, indented continuation lines and ``- item`` lists. Only what neither
can make sense of (a line that is no key, an unclosed quote or list) is an error.
"""

import re

import yaml

from .text import clean_line, clean_text


def _yaml_load(text: str):
    """Safe YAML, with libyaml's parser where it is installed: the same types, in a third of
    the time (reading front matter was a tenth of an import)."""
    if yaml.__with_libyaml__:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


class FrontMatterError(ValueError):
    """The file's front matter cannot be read without guessing.

    ``line`` is the line of the file the problem is on, where it is known.
    """

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


_DELIMITER = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY_LINE = re.compile(r"^([A-Za-z_][\w\-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_LEADING_TABS = re.compile(r"^[ \t]+", re.MULTILINE)


def split_document(text: str) -> tuple[str, str]:
    """Split a cleaned file into its front matter and its markdown body.

    The front matter keeps one empty line per line before it (the opening '---' and any blank
    lines), so that a line number found in it is the line number in the file.
    """
    stripped = text.lstrip("\n ")
    lines_before = text[: len(text) - len(stripped)].count("\n")
    text = stripped
    if not text.startswith("---"):
        raise FrontMatterError("the file does not start with a '---' front matter block")
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].strip() != "---":
        raise FrontMatterError("the first line must be '---' alone")
    closing = _DELIMITER.search(text, first_newline + 1)
    if closing is None:
        raise FrontMatterError(
            "the front matter block is never closed with '---'", line=lines_before + 1
        )
    front = "\n" * (lines_before + 1) + text[first_newline + 1 : closing.start()]
    body = text[closing.end() :].lstrip("\n")
    return front, body


def parse_front_matter(front: str) -> tuple[dict, list[str]]:
    """The front matter as a dict of cleaned keys and values, and notes on what was repaired."""
    notes: list[str] = []
    front = clean_text(front)
    # YAML forbids tabs in indentation; they mean the same as spaces here.
    untabbed = _LEADING_TABS.sub(lambda m: m.group(0).replace("\t", "  "), front)
    try:
        data = _yaml_load(untabbed) if untabbed.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        notes.append(f"front matter is not strict YAML{where}; read leniently")
        data = _parse_lines(untabbed)
    if not isinstance(data, dict):
        raise FrontMatterError("the front matter is not a list of 'key: value' lines")
    return {clean_line(str(key)): _clean_value(value) for key, value in data.items()}, notes


def _clean_value(value):
    if isinstance(value, str):
        value = clean_text(value).strip()
        return value or None
    if isinstance(value, list):
        items = [_clean_value(item) for item in value]
        return [item for item in items if item not in (None, "")]
    if isinstance(value, dict):
        return {clean_line(str(k)): _clean_value(v) for k, v in value.items()}
    return value


def _parse_lines(front: str) -> dict:
    entries: list[tuple[int, str, str, list[str]]] = []
    for number, line in enumerate(front.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            if entries and not line.strip():
                entries[-1][3].append("")
            continue
        match = _KEY_LINE.match(line)
        if match:
            entries.append((number, match.group(1), (match.group(2) or "").strip(), []))
        elif entries and line[0] in " -":
            entries[-1][3].append(line)
        else:
            raise FrontMatterError(f"not 'key: value' in the front matter: {line!r}", line=number)
    data = {}
    for number, key, first, more in entries:
        try:
            data[key] = _entry_value(key, first, more)
        except FrontMatterError as error:
            raise FrontMatterError(str(error), line=number) from error
    return data


def _entry_value(key: str, first: str, more: list[str]):
    lines = [line.strip() for line in more]
    while lines and not lines[-1]:
        lines.pop()
    if not first and lines and lines[0].startswith("-"):
        items: list[str] = []
        for line in lines:
            if line.startswith("-"):
                items.append(line[1:].strip())
            elif line and items:
                items[-1] = f"{items[-1]} {line}"
        return [_scalar(key, item) for item in items]
    if first in ("|", ">", "|-", ">-"):
        joiner = "\n" if first.startswith("|") else " "
        return joiner.join(lines)
    text = first
    for line in lines:
        if text.endswith("\\"):
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if line else f"{text}\n"
    return _scalar(key, text.strip())


def _scalar(key: str, text: str):
    if not text:
        return None
    try:
        value = _yaml_load(f"value: {text}")["value"]
    except yaml.YAMLError:
        pass
    else:
        if not isinstance(value, dict):
            return value
    quote = text[0]
    if quote in "\"'":
        if len(text) < 2 or text[-1] != quote:
            raise FrontMatterError(f"the value of '{key}' opens a quote that is never closed")
        inner = text[1:-1]
        return inner.replace('\\"', '"') if quote == '"' else inner.replace("''", "'")
    if quote == "[":
        if not text.endswith("]"):
            raise FrontMatterError(f"the value of '{key}' opens a list that is never closed")
        return [part.strip().strip("\"'") for part in text[1:-1].split(",") if part.strip()]
    if quote == "{":
        raise FrontMatterError(f"the value of '{key}' is neither text nor a list")
    # An unquoted colon ("title: Part 1: the start") is plain text.
    return text
