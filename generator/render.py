"""The jinja2 environment every target renders with: strict, newline-preserving, user-overridable."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator import filters
from paycontract.errors import UserError
from paycontract.paths import templates_dir


def make_environment(override_dir: Path | None = None) -> jinja2.Environment:
    """A jinja2 environment over our templates; templates in `override_dir` win over ours."""
    search = [str(override_dir)] if override_dir else []
    search.append(str(templates_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters.FILTERS)
    return env


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template; a missing template or a template error is one `UserError` line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(getattr(env.loader, "searchpath", []))
        raise UserError(f"template {exc.name} not found (searched {searched})") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise UserError(f"template syntax error: {exc.message}", where=where) from None
    except jinja2.UndefinedError as exc:
        raise UserError(f"template {name}: {exc.message}") from None
