"""One module per `paycontract` subcommand: `add_parser(subparsers)` and `run(args) -> int`."""
