"""`paycontract sign [--sign-type 1|2] [--secret S | --app-id ID] NAME=VALUE …`: the string to sign and the sign.

The same `paycontract.signing` code the server, the samples' tests and `verify` use, with the rule
read from the spec's `x-signature`. For comparing with a server's answer by hand.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from paycontract.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `sign` subcommand."""
    p = subparsers.add_parser(
        "sign",
        help="print the string to sign and the sign of some parameters",
        description="Print the string to sign and the sign of NAME=VALUE pairs (values as sent, percent-decoded; "
        "an array is its comma-joined string, a path parameter is id=VALUE). The algorithm is --sign-type, "
        "else the sign_type pair, else the spec's default. The secret is --secret, or a demo app's "
        "(--app-id), else demo app 10001's.",
    )
    p.add_argument("pairs", nargs="*", metavar="NAME=VALUE", help="a parameter as the request sends it")
    p.add_argument("--sign-type", default=None, help="1: MD5, 2: HMAC-SHA256; overrides a sign_type pair")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--secret", default=None, help="the app's secret")
    who.add_argument("--app-id", type=int, default=None, help="a demo app of the sandbox: its secret is used")
    p.add_argument("--spec", type=Path, default=None, help="the spec whose x-signature rule applies")
    p.set_defaults(run=run)


def parse_pairs(items: list[str]) -> list[tuple[str, str]]:
    """`NAME=VALUE` arguments → pairs in the order given; a missing `=` or an empty name is a UserError."""
    pairs = []
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name:
            raise UserError(f"'{item}' is not NAME=VALUE")
        pairs.append((name, value))
    return pairs


def demo_secret(app_id: int | None) -> str:
    """The secret of a sandbox demo app (default: the first one)."""
    from paycontract.launcher import DEMO_APPS

    secrets = {demo_id: secret for demo_id, secret, _merchant in DEMO_APPS}
    if app_id is None:
        return DEMO_APPS[0][1]
    if app_id not in secrets:
        known = ", ".join(str(i) for i in secrets)
        raise UserError(f"--app-id {app_id} is not a demo app ({known}); give its --secret")
    return secrets[app_id]


def run(args: argparse.Namespace) -> int:
    """Print `string_to_sign: …` and `sign: …`; bad arguments are one line, exit 2."""
    from paycontract.paths import default_spec_path
    from paycontract.signing import SignatureRule
    from paycontract.spec import load_spec

    pairs = parse_pairs(args.pairs)
    secret = args.secret if args.secret is not None else demo_secret(args.app_id)
    rule = SignatureRule.from_spec(load_spec(args.spec or default_spec_path()).signature_rule)
    sent_type = next((v for n, v in pairs if n == rule.type_parameter), None)
    sign_type = args.sign_type if args.sign_type is not None else sent_type
    try:
        rule.algorithm(sign_type)
    except (KeyError, ValueError):
        known = ", ".join(f"{k} ({a.name})" for k, a in rule.algorithms.items())
        raise UserError(f"unknown {rule.type_parameter} '{sign_type}': use {known}") from None
    print(f"string_to_sign: {rule.string_to_sign(pairs, secret)}")
    print(f"sign: {rule.sign(pairs, secret, sign_type)}")
    return 0
