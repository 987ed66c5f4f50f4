"""What a failed delivery attempt means: transient, permanent, or a message that cannot be built."""
from __future__ import annotations

import http.client
import smtplib
import sqlite3
import ssl
from dataclasses import dataclass

from alerts.channels import DeliveryError
from alerts.render import one_line


@dataclass(frozen=True)
class Failure:
    """What one failed attempt means for its delivery.

    ``outcome`` is ``transient`` (try again later), ``permanent`` (the server
    refused this recipient or message for good) or ``build`` (the message
    could not be made from the archive, and would fail the same way again).
    ``server_wide`` says the server itself is unusable now (down, refusing
    our login or our sender), so the rest of the pass's email waits.
    """

    outcome: str
    reason: str
    reply_code: int | None = None
    server_wide: bool = False


_CONNECTION_ERRORS = (ConnectionError, TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected,
                      smtplib.SMTPHeloError)


def _reply(code: int, text: bytes | str) -> str:
    """A server's reply as one untrusted line: the code and its text."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return one_line(f"{code} {text}", 300)


def classify_send_error(exc: BaseException) -> Failure:
    """What an exception raised while handing a built message to its channel means for the delivery.

    5xx refusals of the recipient (RCPT) or of the message (DATA, or 552 for
    its size at MAIL) are permanent; 4xx replies, dropped or refused
    connections and webhook or chat errors are transient. A refused login
    or sender address is the server's verdict on us, not on this message:
    transient, and the rest of the pass's mail waits. Anything else comes
    from the message itself (say, it cannot be encoded) and fails it like a build failure.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        address, (code, text) = next(iter(exc.recipients.items()))
        outcome = "permanent" if 500 <= code < 600 else "transient"
        return Failure(outcome, f"recipient {one_line(address, 120)} refused: {_reply(code, text)}", code)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        if exc.smtp_code == 552:  # RFC 1870: the declared size exceeds what this server ever takes
            return Failure("permanent", f"message refused: {_reply(exc.smtp_code, exc.smtp_error)}", 552)
        return Failure("transient", f"sender {one_line(str(exc.sender), 120)} refused: "
                       f"{_reply(exc.smtp_code, exc.smtp_error)} (check [smtp] sender)", exc.smtp_code, True)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Failure("transient", f"login refused: {_reply(exc.smtp_code, exc.smtp_error)} "
                       "(check [smtp] username and password_env)", exc.smtp_code, True)
    if isinstance(exc, smtplib.SMTPDataError):
        outcome = "permanent" if 500 <= exc.smtp_code < 600 else "transient"
        return Failure(outcome, f"message refused: {_reply(exc.smtp_code, exc.smtp_error)}", exc.smtp_code)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Failure("permanent", one_line(f"the server cannot take this message: {exc}", 300))
    reason = one_line(f"{type(exc).__name__}: {exc}", 500)
    if isinstance(exc, smtplib.SMTPResponseException):
        return Failure("transient", reason, exc.smtp_code, isinstance(exc, _CONNECTION_ERRORS))
    if isinstance(exc, (*_CONNECTION_ERRORS, ssl.SSLError)):
        return Failure("transient", reason, server_wide=True)
    if isinstance(exc, (OSError, smtplib.SMTPException, DeliveryError, http.client.HTTPException)):
        return Failure("transient", reason)
    return Failure("build", f"could not send this message: {reason}")


def classify_build_error(exc: BaseException) -> Failure:
    """What an exception raised while building a delivery's items or message means.

    Building reads only the archive and the templates, so the same delivery
    fails the same way next time (a damaged row, a template error): that is a
    build failure, ended at once, and ``regwatch deliveries retry`` sends it
    after the cause is mended. A busy or unreadable archive file is transient.
    """
    reason = one_line(f"{type(exc).__name__}: {exc}", 400)
    if isinstance(exc, (sqlite3.OperationalError, OSError, MemoryError)):
        return Failure("transient", f"could not read the archive: {reason}")
    return Failure("build", f"could not build the message: {reason}")
