"""Ingest stage: files and records in, `Article`s out.

Plain text, Markdown and HTML files (main text only) and JSON/JSONL records (`id, source, published,
title, url, text`). The body is cleaned of site boilerplate, captions, labelled lines, separators, date
lines and headings; `Article.offsets` map the cleaned text back to the exact raw characters. Metadata
comes from records, Markdown front matter, HTML metadata, the file name (`YYYY-MM-DD_outlet-name.txt`),
a wire dateline (`BEIRUT (AP) —`) and a standalone date line. Every problem is one `InputError` line
naming the file (and line).
"""

from __future__ import annotations

from checker.ingest.articles import MAX_FILE_BYTES, read_article_text
from checker.ingest.readers import read_articles, read_file

__all__ = ["MAX_FILE_BYTES", "read_article_text", "read_articles", "read_file"]
