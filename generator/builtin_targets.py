"""The targets this project ships, registered in the order they are generated."""

from __future__ import annotations

from generator import contract_layer
from generator.docs import render_docs
from generator.samples import SAMPLES_DIR, render_samples
from generator.site import render_site
from generator.targets import Target, register

register(
    Target(
        name="contract",
        description="the reference server's route table and parameter rules (reference_impl/contract.py)",
        render=contract_layer.render,
    )
)

register(
    Target(
        name="samples",
        description="a request sample for every operation in every language (samples/<lang>/<op>.<ext>)",
        render=render_samples,
        owns=(SAMPLES_DIR,),
    )
)

register(
    Target(
        name="docs",
        description="the Slate markdown reference, docs/api.md",
        render=render_docs,
    )
)

register(
    Target(
        name="site",
        description="the reference as one self-contained HTML page, docs/site/index.html",
        render=render_site,
        owns=("docs/site",),
    )
)
