"""Where the trained pipelines live and how they are named.

The pipelines are not shipped: they are trained from `nlp/corpus/` with `nlp/config.cfg`
into a cache directory keyed by a hash of the corpus, the config and the training
code (``model_key``), so a changed input never reuses an old build. The trainer
(`nlp/train.py`) writes there and the loader (`nlp/model.py`) reads from there;
neither imports the other.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

CODE_VERSION = "0.2.0"
PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = PACKAGE_DIR / "config.cfg"
CORPUS_DIR = PACKAGE_DIR / "corpus"
# Sources whose change alters the trained model / the rule-based outputs.
# rules.py: the vocabulary that tells a list line from an operative one (corpus_io.is_list_line).
_MODEL_INPUTS = ("config.cfg", "train.py", "corpus_io.py", "components.py", "rules.py")
_RULE_INPUTS = (
    "classifier.py", "codes.py", "commodities.py", "commodity_terms.json", "dates.py", "doc_ids.py", "features.py",
    "frames.py", "gist.py", "lang.py", "literals.py", "rules.py", "taxonomy.py",
)


def corpus_files() -> list[Path]:
    """The labelled training corpus files, in a stable order."""
    return sorted(CORPUS_DIR.glob("*.jsonl"))


def corrections_file() -> Path:
    """People's corrections exported from an archive by `regwatch nlp train`: training data beside the corpus."""
    return cache_root() / "corrections.jsonl"


def training_files() -> list[Path]:
    """What the model is trained on: the corpus, and the exported corrections when there are any."""
    corrections = corrections_file()
    return corpus_files() + ([corrections] if corrections.is_file() and corrections.stat().st_size else [])


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        name = path.relative_to(PACKAGE_DIR).as_posix() if path.is_relative_to(PACKAGE_DIR) else path.name
        sha.update(name.encode())
        sha.update(b"\0")
        sha.update(path.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()


def model_key() -> str:
    """Short hash of everything the trained model depends on."""
    inputs = [PACKAGE_DIR / name for name in _MODEL_INPUTS if (PACKAGE_DIR / name).exists()]
    return f"{CODE_VERSION}-{_digest(inputs + training_files())[:12]}"


def classifier_version() -> str:
    """Version string recorded with every classification: code version + hash of model and rules."""
    rules = [PACKAGE_DIR / name for name in _RULE_INPUTS]
    sha = hashlib.sha256((model_key() + _digest(rules)).encode()).hexdigest()[:10]
    return f"regwatch-nlp {CODE_VERSION}+{sha}"


def cache_root() -> Path:
    """Directory that holds built pipelines ($REGWATCH_NLP_CACHE, else ~/.cache/regwatch/nlp)."""
    configured = os.environ.get("REGWATCH_NLP_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "regwatch" / "nlp"


def model_dir() -> Path:
    """Cache directory of the pipelines for the current corpus and config."""
    return cache_root() / model_key()


_KEY_PATTERN = re.compile(r"\d+\.\d+\.\d+-[0-9a-f]{12}")


def prune_cache(keep: int = 3) -> list[Path]:
    """Delete all but the `keep` most recently built pipelines in the cache; returns what was removed."""
    root = cache_root()
    if not root.is_dir():
        return []
    builds = sorted((p for p in root.iterdir() if p.is_dir() and _KEY_PATTERN.fullmatch(p.name)),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    current = model_dir()
    removed = [p for p in builds[keep:] if p != current]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
