"""A real SMTP server (aiosmtpd) that records what a receiver would see, and can be stopped and restarted."""
from __future__ import annotations

import json
import os
import re
import signal
import threading
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from regwatch.mailsink import free_port
from tests.faults.sites import TOKEN_PATTERN


class _Recorder:
    def __init__(self, sink: RecordingSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        raw = envelope.original_content or envelope.content
        self.sink.record(raw, envelope.rcpt_tos)
        victim = self.sink.kill_on_data
        if victim is not None:
            # The message is in the receiver's hands, but the sender never hears "250":
            # the window between acceptance and the sender's commit.
            self.sink.kill_on_data = None
            self.sink.kills_at_acceptance += 1
            os.killpg(victim, signal.SIGKILL)
            return "451 sender gone"
        return "250 Message accepted for delivery"


class RecordingSink:
    """Accept mail on 127.0.0.1:PORT; keep each message (raw) and a log of Message-ID, recipients and marks.

    ``kill_on_data`` set to a process group id kills that group right after the
    next message is stored, before the reply is sent.
    """

    def __init__(self, folder: Path, port: int | None = None, password: str | None = None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.password = password
        self.lock = threading.Lock()
        self.received: list[dict[str, Any]] = []
        self.kill_on_data: int | None = None
        self.kills_at_acceptance = 0
        self.controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.password.decode() == self.password
        return AuthResult(success=ok)

    def record(self, raw: bytes, recipients: list[str]) -> None:
        message = message_from_bytes(raw, policy=policy.default)
        text = message.get_body(("plain",))
        body = text.get_content() if text is not None else ""
        entry = {"message_id": message["Message-ID"], "to": str(message["To"]), "rcpt": list(recipients),
                 "subject": str(message["Subject"]), "marks": sorted({f"RW-{a}-{b}" for a, b in re.findall(TOKEN_PATTERN, body)})}
        with self.lock:
            number = len(self.received) + 1
            (self.folder / f"{number:04d}.eml").write_bytes(raw)
            self.received.append(entry)
            with (self.folder / "received.jsonl").open("a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")

    def start(self) -> None:
        kwargs: dict[str, Any] = {}
        if self.password is not None:
            kwargs = {"authenticator": self._authenticate, "auth_require_tls": False, "auth_required": True}
        self.controller = Controller(_Recorder(self), hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self) -> RecordingSink:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
