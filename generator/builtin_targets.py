"""The targets this project ships, registered in the order they are generated."""

from __future__ import annotations

from generator import contract_layer
from generator.targets import Target, register

register(
    Target(
        name="contract",
        description="the reference server's route table and parameter rules (reference_impl/contract.py)",
        render=contract_layer.render,
    )
)
