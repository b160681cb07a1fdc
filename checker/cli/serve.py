"""Commands of this group are registered on the shared app (checker.cli.app)."""

from __future__ import annotations
