"""The registry of sample languages, keyed by the Slate `language_tabs` key.

A language is one entry here, one template (`templates/samples/<key>.j2`) and its goldens.
Nothing else in the generator names a language: targets and tests loop over `LANGUAGES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


def same_name(operation_id: str) -> str:
    """File stem equal to the operationId (`createOrder`)."""
    return operation_id


def pascal_case(operation_id: str) -> str:
    """`createOrder` → `CreateOrder`; `get-bill_v2` → `GetBillV2` (a Java class name)."""
    words = [w for w in re.split(r"[^0-9A-Za-z]+", operation_id) if w]
    return "".join(w[0].upper() + w[1:] for w in words) or "Sample"


@dataclass(frozen=True)
class Language:
    """How one language's samples are written and run.

    `run` and `check` are argv templates: `{file}` is the sample's path, `{dir}` a scratch folder
    (for compiler output). `check` is a syntax-only check; `stem` turns an operationId into the file
    name a compiler or a reader expects.
    """

    key: str
    label: str
    extension: str
    run: tuple[str, ...]
    check: tuple[str, ...]
    stem: Callable[[str], str] = same_name

    @property
    def template(self) -> str:
        """The template that renders one sample (overridable with `--templates DIR`)."""
        return f"samples/{self.key}.j2"

    def file_name(self, operation_id: str) -> str:
        """The sample's file name for an operation (`CreateOrder.java`)."""
        return f"{self.stem(operation_id)}.{self.extension}"

    def argv(self, file: str, *, check: bool = False, scratch: str = ".") -> list[str]:
        """The command that runs (or syntax-checks) a sample file."""
        return [part.format(file=file, dir=scratch) for part in (self.check if check else self.run)]


LANGUAGES: dict[str, Language] = {
    language.key: language
    for language in (
        Language("shell", "CURL", "sh", run=("bash", "{file}"), check=("bash", "-n", "{file}")),
        Language(
            "java", "JAVA", "java", run=("java", "{file}"), check=("javac", "-d", "{dir}", "{file}"), stem=pascal_case
        ),
        Language("php", "PHP", "php", run=("php", "{file}"), check=("php", "-l", "{file}")),
        Language("python", "PYTHON", "py", run=("python3", "{file}"), check=("python3", "-m", "py_compile", "{file}")),
        Language("ruby", "RUBY", "rb", run=("ruby", "{file}"), check=("ruby", "-c", "{file}")),
        Language("javascript", "JAVASCRIPT", "js", run=("node", "{file}"), check=("node", "--check", "{file}")),
    )
}
