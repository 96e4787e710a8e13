"""The options of a `verify` run, their defaults, and their validation (each mistake is one line)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from paycontract.errors import UserError
from paycontract.verify.shard import Shard, parse_shard

# The default budget: hypothesis examples per operation in the fuzzing phase (positive and negative) and
# stateful sequences, as schemathesis' own default. A full run against the reference server takes about
# 30 s on two cores, leaving room under 90 s on a busy machine; see the README's "Verify" section.
DEFAULT_MAX_EXAMPLES = 100
DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 1
MAX_WORKERS = 16


@dataclass
class Credentials:
    """An app's id and secret (the token operation's form fields)."""

    app_id: int
    app_secret: str


@dataclass
class VerifyOptions:
    """Everything a run needs; built from the command line or by the pytest plugin."""

    base_url: str | None = None
    spec_path: Path | None = None
    app: Credentials | None = None
    other_app: Credentials | None = None
    max_examples: int = DEFAULT_MAX_EXAMPLES
    seed: int | None = None
    workers: int = DEFAULT_WORKERS
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    junit_xml: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    quiet: bool = False
    shard: Shard | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> VerifyOptions:
        """Build and validate options from `paycontract verify`'s parsed arguments."""
        options = cls(
            base_url=args.base_url,
            spec_path=args.spec,
            app=_credentials(args.app_id, args.app_secret, "--app-id", "--app-secret"),
            other_app=_credentials(args.other_app_id, args.other_app_secret, "--other-app-id", "--other-app-secret"),
            max_examples=DEFAULT_MAX_EXAMPLES if args.max_examples is None else args.max_examples,
            seed=args.seed,
            workers=DEFAULT_WORKERS if args.workers is None else args.workers,
            include=list(args.include_operation),
            exclude=list(args.exclude_operation),
            junit_xml=args.junit_xml,
            timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
            shard=None if getattr(args, "shard", None) is None else parse_shard(args.shard),
        )
        options.validate()
        return options

    def validate(self) -> None:
        """Raise `UserError` (one line, exit 2) for the first unusable option."""
        if self.max_examples < 1:
            raise UserError(f"--max-examples must be at least 1, got {self.max_examples}")
        if not 1 <= self.workers <= MAX_WORKERS:
            raise UserError(f"--workers must be between 1 and {MAX_WORKERS}, got {self.workers}")
        if not self.timeout > 0:
            raise UserError(f"--timeout must be a positive number of seconds, got {self.timeout:g}")
        if self.seed is not None and self.seed < 0:
            raise UserError(f"--seed must not be negative, got {self.seed}")
        if self.base_url is not None:
            self.base_url = normalise_base_url(self.base_url)
            if self.app is None:
                raise UserError("--base-url needs the app's credentials: pass --app-id and --app-secret")
        if self.app and self.other_app and self.app.app_id == self.other_app.app_id:
            raise UserError("--other-app-id must differ from --app-id")
        if self.junit_xml is not None and self.junit_xml.is_dir():
            raise UserError(f"--junit-xml {self.junit_xml}: is a directory, expected a file path")


def _credentials(app_id: int | None, secret: str | None, id_flag: str, secret_flag: str) -> Credentials | None:
    if app_id is None and secret is None:
        return None
    if app_id is None or secret is None:
        given, missing = (id_flag, secret_flag) if secret is None else (secret_flag, id_flag)
        raise UserError(f"{given} needs {missing} as well")
    if app_id < 1:
        raise UserError(f"{id_flag} must be a positive integer, got {app_id}")
    if not secret:
        raise UserError(f"{secret_flag} must not be empty")
    return Credentials(app_id, secret)


def normalise_base_url(url: str, spec_base_path: str = "") -> str:
    """Check a `--base-url`; one given with no path gets `spec_base_path` (the spec server's `/v1`) appended."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"--base-url {url!r} is not an http(s) URL (expected e.g. http://127.0.0.1:8000/v1)")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise UserError(f"--base-url {url!r} has an invalid port") from None
    if parts.query or parts.fragment:
        raise UserError(f"--base-url {url!r} must not carry a query or fragment")
    path = parts.path.rstrip("/") or spec_base_path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
