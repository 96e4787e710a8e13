"""`paycontract verify`: schemathesis-driven contract tests with the API's token and signing hooks, stateful
flows and payment-domain checks. `runner.run` is the entry point; see the README's "Verify" section.
"""
