"""The generator: everything derived from `openapi.yaml` is rendered here, through one registry of targets."""
