"""Every example in a spec checked against its schema, as JSON Schema 2020-12 in the OpenAPI 3.1 dialect.

Examples sit beside a schema in parameters, headers and media types (request bodies, responses),
as `example` or as named `examples` (each possibly a `$ref` to `components/examples`). A schema is
validated where it is written, through a registry holding the whole document, so its `$ref`s
resolve as they do for every other tool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from jsonschema.exceptions import SchemaError
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from paycontract.oas_validation import most_specific, short_message
from paycontract.spec import deref
from paycontract.spec_walk import Site, child, follow, iter_sites, mapping

SPEC_URI = "urn:paycontract:spec"
EXAMPLE_SITES = ("parameter", "header", "media")


def example_findings(root: Any) -> Iterator[tuple[str, str]]:
    """(pointer of the offending value, message) for every way an example breaks its schema.

    Examples of a schema that is itself invalid, or unreachable, are skipped: other rules say why.
    """
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(root, default_specification=DRAFT202012))
    for site in iter_sites(root):
        if site.kind not in EXAMPLE_SITES or "schema" not in site.node:
            continue
        validator = _validator(root, child(site.pointer, "schema"), site.node["schema"], registry)
        if validator is None:
            continue
        for example_ptr, value in iter_examples(root, site):
            try:
                errors = [most_specific(err) for err in validator.iter_errors(value)]
            except Unresolvable:
                break  # a dangling $ref or a non-string key on the way
            for err in errors:
                at = "".join(f"/{p}" for p in err.absolute_path)
                yield child(example_ptr, *err.absolute_path), f"example{' ' + at if at else ''}: {short_message(err)}"


def iter_examples(root: Any, site: Site) -> Iterator[tuple[str, Any]]:
    """The examples of a parameter, header or media type: (pointer of the value, value)."""
    if "example" in site.node:
        yield child(site.pointer, "example"), site.node["example"]
    for name, example in mapping(site.node.get("examples")).items():
        found = follow(root, child(site.pointer, "examples", name), example)
        if found is not None and isinstance(found[1], dict) and "value" in found[1]:
            yield child(found[0], "value"), found[1]["value"]


def _validator(root: Any, ptr: str, schema: Any, registry: Registry) -> OAS31Validator | None:
    try:
        OAS31Validator.check_schema(deref(root, schema))
    except (KeyError, IndexError, ValueError, SchemaError):
        return None
    ref = f"{SPEC_URI}#{quote(ptr, safe='/~')}"
    return OAS31Validator({"$ref": ref}, registry=registry, format_checker=oas31_format_checker)
