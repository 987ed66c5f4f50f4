"""A local SMTP server (aiosmtpd) that writes every accepted message to ``NNN.eml``."""
from __future__ import annotations

import socket
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _SaveToFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        with self.lock:
            number = len(list(self.folder.glob("*.eml"))) + 1
            (self.folder / f"{number:03d}.eml").write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class MailSink:
    """Accept mail on 127.0.0.1 and save it in FOLDER (a context manager)."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.controller = Controller(_SaveToFolder(self.folder), hostname="127.0.0.1", port=self.port)

    def messages(self) -> list[Path]:
        return sorted(self.folder.glob("*.eml"))

    def __enter__(self) -> MailSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
