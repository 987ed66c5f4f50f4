"""SMTP over STARTTLS and implicit TLS, with a login whose password comes from the environment."""
from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from alerts.delivery import send_pending
from alerts.matching import queue_matches
from alerts.prepare import prepare_deliveries
from regwatch.config import SmtpConfig
from regwatch.mailsink import free_port
from tests.golden.fixtures import SENDER, T0, build_archive


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch) -> ssl.SSLContext:
    """A self-signed certificate for 127.0.0.1, trusted by this test process through SSL_CERT_FILE."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "regwatch test mail server")])
    now = dt.datetime.now(dt.timezone.utc)  # noqa: TID251 (OpenSSL checks the certificate against the system clock)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_path))
    monkeypatch.setenv("REGWATCH_TEST_SMTP_PASSWORD", "s3cret")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.logins: list[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.logins.append(auth_data.login)
        ok = auth_data.login == b"alerts" and auth_data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
def test_digests_go_out_over_tls_with_a_password_from_the_environment(db_path, certificate, tls):
    inbox = Inbox()
    port = free_port()
    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; with implicit TLS every byte is encrypted anyway
    options = {"tls_context": certificate, "require_starttls": True, "auth_require_tls": True} \
        if tls == "starttls" else {"ssl_context": certificate, "auth_require_tls": False}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate, **options)
    controller.start()
    try:
        db = build_archive(db_path)
        queue_matches(db, T0)
        prepare_deliveries(db, T0)
        settings = SmtpConfig(host="127.0.0.1", port=port, tls=tls, sender=SENDER, username="alerts",
                              password_env="REGWATCH_TEST_SMTP_PASSWORD", timeout=10)
        report = send_pending(db, settings, now=T0)
        wrong = SmtpConfig(host="127.0.0.1", port=port, tls=tls, sender=SENDER, username="intruder", timeout=10)
        db.execute("UPDATE deliveries SET status = 'pending'")
        refused = send_pending(db, wrong, now=T0)
    finally:
        controller.stop()
    assert (report.sent, report.failed) == (1, 0), report.errors
    assert len(inbox.messages) == 1 and b"Additions to the Entity List" in inbox.messages[0]
    assert inbox.logins[0] == b"alerts" and set(inbox.logins[1:]) == {b"intruder"}
    assert refused.sent == 0 and "login refused: 535" in refused.errors[0]
