"""Shared building blocks for the training-corpus generator."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


@dataclass
class Notice:
    """One labelled corpus notice."""
    lang: str
    jurisdiction: str
    source: str
    title: str
    text: str
    published: str
    topics: list[str] = field(default_factory=list)
    direction: str | None = None
    kind: str = ""

    def to_record(self, identifier: str) -> dict:
        topics = sorted(set(self.topics))
        return {
            "id": identifier, "lang": self.lang, "jurisdiction": self.jurisdiction, "source": self.source,
            "kind": self.kind, "title": self.title, "published": self.published, "text": self.text,
            "gold": {"relevant": bool(topics), "topics": topics, "direction": self.direction if topics else None},
        }


class Ctx:
    """Random choices plus date helpers for one generated notice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        start = dt.date(2019, 1, 1)
        self.published = start + dt.timedelta(days=rng.randrange(0, 365 * 7 + 300))

    def pick(self, options):
        return self.rng.choice(options)

    def sample(self, options, low: int, high: int | None = None) -> list:
        high = high if high is not None else low
        k = self.rng.randint(low, min(high, len(options)))
        return self.rng.sample(list(options), k)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def later(self, low: int = 0, high: int = 60) -> dt.date:
        return self.published + dt.timedelta(days=self.rng.randint(low, high))

    def en_date(self, date: dt.date) -> str:
        if self.chance(0.5):
            return f"{MONTHS_EN[date.month - 1]} {date.day}, {date.year}"
        return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"

    def zh_date(self, date: dt.date) -> str:
        return f"{date.year}年{date.month}月{date.day}日"

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


def join_paragraphs(*parts: str | None) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def join_sentences(*parts: str | None) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def zh_join(*parts: str | None) -> str:
    return "".join(p.strip() for p in parts if p and p.strip())


def en_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def zh_list(items: list[str]) -> str:
    return "、".join(items)
