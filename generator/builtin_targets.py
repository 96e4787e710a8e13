"""The targets this project ships, registered in the order they are generated."""

from __future__ import annotations
