"""Write the training corpus `nlp/corpus/notices.jsonl` from the building blocks in this package.

    python -m nlp.corpus.generate

The output is committed; rerunning with the same seed reproduces it byte for byte.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from .boilerplate import with_boilerplate
from .chinese import GENERATORS_NEG_ZH, GENERATORS_ZH
from .common import Ctx, Notice
from .english import GENERATORS_EN
from .english_more import GENERATORS_EN_MORE
from .handwritten_en import NOTICES_EN
from .handwritten_kinds import NOTICES_KINDS
from .handwritten_more import NOTICES_MORE
from .handwritten_thin import NOTICES_THIN
from .handwritten_zh import NOTICES_ZH
from .mixed_en import GENERATORS_MIXED_EN
from .negatives_en import GENERATORS_NEG_EN
from .registers_en import GENERATORS_REGISTERS_EN
from .registers_zh import GENERATORS_REGISTERS_ZH
from .remedies import GENERATORS_REMEDIES

OUTPUT = Path(__file__).resolve().parent / "notices.jsonl"


def generate(seed: int = 20250404) -> list[dict]:
    """All generated corpus records, deduplicated by text."""
    rng = random.Random(seed)
    records: list[dict] = []
    seen: set[str] = set()
    for generators in (GENERATORS_EN, GENERATORS_EN_MORE, GENERATORS_MIXED_EN, GENERATORS_NEG_EN, GENERATORS_ZH, GENERATORS_NEG_ZH, GENERATORS_REMEDIES,
                       GENERATORS_REGISTERS_EN, GENERATORS_REGISTERS_ZH):
        for make, count in generators:
            attempts = 0
            made = 0
            while made < count and attempts < count * 5:
                attempts += 1
                ctx = Ctx(rng)
                notice = make(ctx)
                if notice.text in seen:
                    continue
                seen.add(notice.text)
                notice.text = with_boilerplate(ctx, notice.lang, notice.text)
                records.append(notice.to_record(f"c{len(records) + 1:04d}"))
                made += 1
    for lang, notices in (("en", NOTICES_EN), ("zh", NOTICES_ZH)):
        for jurisdiction, source, published, title, text, topics, direction in notices:
            notice = Notice(lang, jurisdiction, source, title, text, published, topics, direction, "handwritten")
            records.append(notice.to_record(f"h{len(records) + 1:04d}"))
    for jurisdiction, source, published, title, text, topics, direction, lang in NOTICES_MORE + NOTICES_KINDS + NOTICES_THIN:
        notice = Notice(lang, jurisdiction, source, title, text, published, topics, direction, "handwritten")
        records.append(notice.to_record(f"h{len(records) + 1:04d}"))
    return records


def main() -> None:
    records = generate()
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} notices to {OUTPUT}")


if __name__ == "__main__":
    main()
