"""Checking plain HTTP exchanges against the contract, whoever produced them.

An `Exchange` is one request and its response as bytes; the `Engine` runs every registered check
(`registry.py`) on each exchange with a run-wide model of what the server holds (`state.py`). The
drivers are `paycontract proxy` (live traffic, `proxy.py`) and `paycontract check-har` (a recorded
HAR file, `har.py`). Nothing here imports schemathesis.
"""
