"""The one item every spider yields."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Notice:
    """A fetched notice, its text already extracted and normalised."""

    source_id: str
    native_id: str
    url: str
    title: str
    text: str
    published: str | None = None
    language: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: The document metadata the publisher gave beside the text (label → value, as written; none for PDFs).
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class NotModified:
    """A known notice that answered 304: nothing to store but the time it was checked."""

    source_id: str
    native_id: str
