"""Benchmarks write their tables into the README between `<!-- bench:NAME:start -->` and `...:end -->`."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def write_section(name: str, table: str, readme: Path = README) -> bool:
    """Replace the README's section for `name` with `table`; False when the README has no such markers."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    if not readme.exists():
        return False
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        return False
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{table}\n{end}{tail}", encoding="utf-8")
    return True
