"""The reference implementation: a sandbox server for the payment API on Starlette, uvicorn and SQLite.

Its routes and parameter rules come from the generated `contract` module; the rest (tokens,
signatures, storage, orders, channels, bills) is written here on top of it.
"""
