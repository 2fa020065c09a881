"""Helpers shared by the batch, reader/writer, CLI and Dask tests: generated article sets."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.txt"))
HTML_FIXTURES = Path(__file__).parent / "fixtures" / "html"


def sample_paragraphs() -> list[list[str]]:
    """Each sample article's non-blank lines (title first)."""
    return [[line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()] for p in SAMPLES]


def make_articles(count: int, *, seed: int = 0, short: bool = True) -> list[dict[str, Any]]:
    """``count`` distinct short Arabic articles built from the bundled samples.

    Each is a sample's title and a seeded choice of its paragraphs (first paragraph always
    kept, so the text is a news story), with ids of varied shapes.
    """
    rng = random.Random(seed)
    samples = sample_paragraphs()
    articles = []
    for i in range(count):
        lines = samples[i % len(samples)]
        title, body = lines[0], lines[1:]
        keep = [body[0]] + [p for p in body[1:] if rng.random() < 0.5]
        if short:
            keep = keep[:2]
        shape = i % 3
        article_id = (f"art-{i:05d}", f"{rng.randrange(16**8):08x}-{i}", f"news/{i}")[shape]
        articles.append({"id": article_id, "title": title, "text": "\n".join(keep)})
    return articles


def write_jsonl(path: Path, records: Iterable[Any]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
            handle.write(line + "\n")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
