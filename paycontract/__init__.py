"""paycontract: a documentation-driven OpenAPI contract for the payment API."""

__version__ = "0.1.0"
