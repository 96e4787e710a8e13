"""Reading curl commands out of a shell code block: method, URL, parameters (and where they travel), headers.

Shell is not parsed in full: each command line (with its `\\` continuations, and the indented
`-x …` lines that follow a curl line, as hand-written examples often forget the backslash) is
split with `shlex`; anything built at run time (`$VAR`, `"${args[@]}"`) makes the command opaque
for the checks that need to see every parameter.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

DATA_OPTIONS = frozenset(
    ("-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "-F", "--form", "--form-string")
)
VALUE_OPTIONS = DATA_OPTIONS | {
    *("-X", "--request", "-H", "--header", "--url-query", "--url", "--json", "-u", "--user", "-o", "--output"),
    *("-w", "--write-out", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie", "-c", "--cookie-jar"),
    *("-m", "--max-time", "--connect-timeout", "-T", "--upload-file", "-x", "--proxy", "--retry", "-K"),
    *("--config", "--cacert", "--cert", "--key", "-E"),
}
_CONTINUATION = re.compile(r"^\s+-")
_VARIABLE_PREFIX = re.compile(r"^\$(\{[^}]*\}|[A-Za-z_]\w*)")
_SHELL_OPERATOR = re.compile(r"^[|&;<>()]+$")


@dataclass
class Curl:
    """One curl command; `line` is the document line (0-based) where it starts."""

    line: int
    text_lines: list[str]
    url: str = ""
    explicit_method: str | None = None
    get: bool = False
    params: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, "query"|"body")
    headers: list[str] = field(default_factory=list)
    has_data: bool = False
    opaque: bool = False

    @property
    def method(self) -> str:
        """The HTTP method curl will use."""
        if self.explicit_method:
            return self.explicit_method.upper()
        return "POST" if self.has_data and not self.get else "GET"

    def line_of(self, needle: str) -> int:
        """The document line of the first physical line containing `needle` (else the command's)."""
        return next((self.line + i for i, text in enumerate(self.text_lines) if needle in text), self.line)

    def path(self, servers: list[str]) -> str | None:
        """The API path the URL addresses, relative to a server of the spec (None if it cannot tell)."""
        url = self.url.split("?", 1)[0]
        for server in sorted(servers, key=len, reverse=True):
            if url.startswith(server):
                return url[len(server) :] or "/"
        variable = _VARIABLE_PREFIX.match(url)
        if variable:
            return url[variable.end() :] or "/"
        if "://" in url:
            path = urlsplit(url).path
            for prefix in sorted({urlsplit(s).path.rstrip("/") for s in servers} - {""}, key=len, reverse=True):
                if path.startswith(prefix + "/"):
                    return path[len(prefix) :]
            return path
        return None


def _logical_commands(code: str, first_line: int) -> Iterator[tuple[int, list[str]]]:
    lines = code.split("\n")
    i = 0
    while i < len(lines):
        start, group = i, [lines[i]]
        is_curl = re.search(r"(^|[\s(`])curl(\s|$)", lines[i]) is not None
        while i + 1 < len(lines) and (
            group[-1].rstrip().endswith("\\") or (is_curl and _CONTINUATION.match(lines[i + 1]))
        ):
            i += 1
            group.append(lines[i])
        i += 1
        if is_curl:
            yield first_line + start, group


def _tokens(group: list[str]) -> list[str] | None:
    text = " ".join(line.rstrip().removesuffix("\\") for line in group)
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:
        return None


def _add_pairs(curl: Curl, data: str, place: str) -> None:
    for pair in data.split("&"):
        name, sep, value = pair.partition("=")
        if not sep or not name or "$" in name or name.startswith("@"):
            curl.opaque = True
        else:
            curl.params.append((name, value, place))


def _parse(curl: Curl, argv: list[str]) -> None:
    data: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        option, value = arg, None
        if arg.startswith("--") and "=" in arg and arg.split("=", 1)[0] in VALUE_OPTIONS:
            option, value = arg.split("=", 1)
        elif arg.startswith("-X") and len(arg) > 2:
            option, value = "-X", arg[2:]
        elif arg in VALUE_OPTIONS:
            i += 1
            value = argv[i] if i < len(argv) else ""
        i += 1
        if option in ("-X", "--request"):
            curl.explicit_method = value
        elif option in ("-H", "--header"):
            curl.headers.append(value or "")
        elif option in DATA_OPTIONS:
            curl.has_data = True
            data.append(value or "")
        elif option == "--json":
            curl.has_data, curl.opaque = True, True
        elif option == "--url-query":
            _add_pairs(curl, value or "", "query")
        elif option == "--url":
            curl.url = value or ""
        elif option in ("-G", "--get"):
            curl.get = True
        elif value is None and not arg.startswith("-"):
            if curl.url:
                curl.opaque = True  # e.g. "${args[@]}": parameters assembled at run time
            else:
                curl.url = arg
    for chunk in data:
        _add_pairs(curl, chunk, "query" if curl.get else "body")
    if "?" in curl.url:
        curl.params += [(k, v, "query") for k, v in parse_qsl(curl.url.split("?", 1)[1], keep_blank_values=True)]


def curl_commands(code: str, first_line: int) -> list[Curl]:
    """Every curl command in a shell block whose first line is document line `first_line`."""
    found = []
    for line, group in _logical_commands(code, first_line):
        tokens = _tokens(group)
        if tokens is None or "curl" not in tokens:
            continue
        argv = tokens[tokens.index("curl") + 1 :]
        end = next((i for i, t in enumerate(argv) if _SHELL_OPERATOR.match(t)), len(argv))
        curl = Curl(line, group)
        _parse(curl, argv[:end])
        found.append(curl)
    return found


def path_matches(path: str | None, template: str) -> bool:
    """True when `path` addresses `template` (`/channels/chn_1` or `/channels/$ID` for `/channels/{id}`)."""
    if path is None:
        return False
    pattern = "".join(
        "[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]+\})", template)
    )
    return re.fullmatch(pattern, path.rstrip("/") or "/") is not None
