"""openapi-spec-validator's verdict on a document, each error pinned to the spec line it is about.

The validator checks in two phases: the OpenAPI 3.1 meta-schema over the whole document (errors
carry their path), then keyword validators that walk schemas, parameters and operations through
`$ref`s (errors carry no path). Each keyword validator is wrapped so that its errors remember the
place it was looking at; `locate` turns that lexical path, which may pass through `$ref`s, into the
pointer of the object as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import schema_v31
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import DuplicateOperationIDError, OpenAPIValidationError
from referencing.exceptions import Unresolvable

from paycontract.spec_walk import child, follow

_PREFIX = "_paycontract_prefix"
MAX_MESSAGE = 160


def _locating(cls: type[keywords.KeywordValidator]) -> type[keywords.KeywordValidator]:
    """`cls`, whose errors remember the path of the object it validated (innermost call wins)."""
    # A value validator checks a schema's `default`; its errors' paths are relative to that value.
    suffix: tuple[str, ...] = ("default",) if issubclass(cls, keywords.ValueValidator) else ()

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        where = next((a for a in args if isinstance(a, SchemaPath)), None)
        for err in cls.__call__(self, *args, **kwargs):
            if where is not None and not hasattr(err, _PREFIX):
                # The library re-wraps foreign errors into new objects; wrap first so the mark survives.
                if not isinstance(err, OpenAPIValidationError):
                    err = OpenAPIValidationError.create_from(err)
                setattr(err, _PREFIX, (*where.parts, *suffix))
            yield err

    return type(f"Locating{cls.__name__}", (cls,), {"__call__": __call__})


_KEYWORDS = OpenAPIV31SpecValidator.keyword_validators


class _LocatingValidator(OpenAPIV31SpecValidator):
    # The pure-Python jsonschema backend, not jsonschema-rs when installed: its errors keep their
    # anyOf/oneOf alternatives, and the messages do not depend on what else is installed.
    schema_validator = validator_for(schema_v31)(schema_v31)
    keyword_validators: ClassVar[dict[str, type[keywords.KeywordValidator]]] = {
        k: _locating(v) for k, v in _KEYWORDS.items()
    }


def locate(root: Any, through: tuple[Any, ...], within: tuple[Any, ...] = ()) -> str:
    """The pointer, as written, of what an error is about.

    `through` is the lexical path of an object a keyword validator looked at (it may pass through
    `$ref`s, and the object itself may be one); `within` is a path inside that object as written.
    """
    ptr, node = _walk(root, "", root, through)
    if through:
        ptr, node = follow(root, ptr, node) or (ptr, node)
    return _walk(root, ptr, node, within)[0]


def _walk(root: Any, ptr: str, node: Any, parts: tuple[Any, ...]) -> tuple[str, Any]:
    for part in parts:
        if not _has(node, part):
            ptr, node = follow(root, ptr, node) or (ptr, node)
        ptr = child(ptr, part)
        node = _get(node, part)
    return ptr, node


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _get(node: Any, part: Any) -> Any:
    return node[part] if _has(node, part) else None


def most_specific(err: ValidationError) -> ValidationError:
    """Descend into anyOf/oneOf alternatives: the deepest error, one that is not about the type first.

    (jsonschema's `best_match` needs state the validator's re-wrapped errors no longer carry.)
    """
    while err.context:
        err = min(err.context, key=lambda e: (-len(e.absolute_path), e.validator in ("type", "anyOf", "oneOf")))
    return err


def short_message(err: ValidationError) -> str:
    text = err.message.splitlines()[0] if err.message else "invalid"
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def validator_findings(root: Any) -> Iterator[tuple[str, str]]:
    """(pointer, message) for each error openapi-spec-validator (OpenAPI 3.1) finds in `root`.

    Duplicate operationIds are left to the `operation-id` rule, which names both places.
    """
    errors = iter(_LocatingValidator(root).iter_errors())
    reported = False
    while True:
        try:
            err = next(errors)
        except StopIteration:
            return
        except Unresolvable:
            return  # a dangling $ref stops the validator; the `ref-resolves` rule reports it
        except Exception as exc:
            # The keyword phase assumes a document the meta-schema accepted; once that phase has
            # reported, its crash adds nothing. A crash on an accepted document is worth a line.
            if not reported:
                yield "", f"openapi-spec-validator stopped: {type(exc).__name__}: {exc}"
            return
        if isinstance(err, DuplicateOperationIDError):
            continue
        reported = True
        best = most_specific(err)
        yield locate(root, getattr(err, _PREFIX, ()), tuple(best.absolute_path)), short_message(best)
