"""The proxy's checks in a process of their own, so that checking never holds up forwarding.

The proxy hands each exchange over a queue as soon as its answer has gone back; the checker process runs
the engine on it, prints and writes what it found, records the HAR, and at the end prints the summary and
exits with the run's status. It is forked before the proxy's event loop starts, and ignores SIGINT and
SIGTERM: the proxy stops it, after the last exchange, once it has stopped itself.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from paycontract.errors import UserError
from paycontract.traffic.engine import Engine
from paycontract.traffic.exchange import Exchange
from paycontract.traffic.har import write_har
from paycontract.traffic.report import Reporter


@dataclass
class Checker:
    """What the checker process needs: the engine, the reporter, where the HAR goes, how the run fails."""

    engine: Engine
    reporter: Reporter
    label: str
    fail_on_client: bool = False
    har: Path | None = None
    origin: str = ""

    def start(self) -> None:
        """Fork the checker process (before any event loop exists)."""
        context = multiprocessing.get_context("fork")
        self.queue: multiprocessing.Queue[Exchange | None] = context.Queue()
        self.process = context.Process(target=self._main, name="paycontract-checker", daemon=True)
        self.process.start()

    def put(self, exchange: Exchange) -> None:
        """Hand an exchange over (never blocks: pickling happens on the queue's feeder thread)."""
        self.queue.put_nowait(exchange)

    def finish(self) -> int:
        """Let the checker work through what is queued; its exit status (0, or 1 when the run failed)."""
        self.queue.put(None)
        self.queue.close()
        self.queue.join_thread()
        self.process.join()
        if self.process.exitcode not in (0, 1):
            raise UserError(f"the checker process stopped unexpectedly (exit {self.process.exitcode})")
        return int(self.process.exitcode or 0)

    def _main(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        recorded: list[Exchange] = []
        while (exchange := self.queue.get()) is not None:
            self.reporter.record(exchange, self.engine.inspect(exchange))
            if self.har is not None:
                recorded.append(exchange)
        try:
            if self.har is not None:
                write_har(self.har, recorded, self.origin)
            code = self.reporter.finish(self.engine, self.fail_on_client, self.label)
        except UserError as exc:
            print(f"paycontract proxy: {exc}", file=sys.stderr)
            code = 2
        sys.stdout.flush()
        sys.exit(code)
