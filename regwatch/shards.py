"""Splitting the sources between several `regwatch run --shard i/n` workers.

A source belongs to shard ``1 + H(id) mod n``, where H is a stable hash of its
id (the first 8 bytes of its SHA-256), so every worker computes the same split
from the same configuration with no coordination: the shards' union is every
source once. Adding or removing a source moves no other source.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.source import Source


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based: ``1/3``, ``2/3``, ``3/3``)."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, source_id: str) -> bool:
        """Whether the source with SOURCE_ID is this shard's."""
        return shard_number(source_id, self.count) == self.index


def parse_shard(text: str) -> Shard:
    """``i/n`` as a shard; ValueError (one line) when it is not one."""
    match = re.fullmatch(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*", text)
    if not match:
        raise ValueError(f"--shard {text!r} must be i/n, for example 1/4")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text!r}: i must be between 1 and n")
    return Shard(index, count)


def shard_number(source_id: str, count: int) -> int:
    """The shard (1 … COUNT) the source with SOURCE_ID belongs to."""
    digest = hashlib.sha256(source_id.encode("utf-8")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def shard_sources(sources: list[Source], shard: Shard | None) -> list[Source]:
    """The sources of SHARD (all of them when it is None), in their configured order."""
    return sources if shard is None else [source for source in sources if shard.holds(source.id)]
