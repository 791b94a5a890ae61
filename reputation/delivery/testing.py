"""Real local servers to deliver to, for tests and for previewing e-mails and webhooks without sending anything out:
an SMTP server (aiosmtpd, from the `dev` extra) and an HTTP server that keeps what they receive, both on 127.0.0.1.

Each can refuse its first attempts (a temporary SMTP error, HTTP 500) to exercise retries.
"""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def free_port() -> int:
    """A TCP port nothing listens on (at the time of asking) on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    content: bytes
    login: str | None  # the SMTP login used, None without one
    tls: bool  # the session was encrypted (STARTTLS or implicit TLS)

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.content, policy=policy.default)  # type: ignore[return-value]


@dataclass
class SmtpServer:
    """An SMTP server on 127.0.0.1 keeping each message it accepts in `received`.

    `fail_first`: answer the first N messages with `fail_reply` (a temporary error by default). `users`: logins
    and passwords it accepts (AUTH offered without TLS too, unlike aiosmtpd's default). `starttls` or `implicit_tls`:
    a server TLS context for STARTTLS (then required) or for TLS from the first byte (port-465 style).
    """

    fail_first: int = 0
    fail_reply: str = "451 4.3.0 Try again later"
    users: dict[str, str] | None = None
    starttls: ssl.SSLContext | None = None
    implicit_tls: ssl.SSLContext | None = None
    port: int = field(default_factory=free_port)
    received: list[ReceivedMail] = field(default_factory=list)
    refused: int = 0
    logins: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        try:
            from aiosmtpd.controller import Controller
        except ImportError as err:  # pragma: no cover - the dev extra installs it
            raise ImportError("the local SMTP server needs aiosmtpd: pip install -e '.[dev]'") from err
        kwargs: dict[str, Any] = {"auth_require_tls": False}
        if self.users is not None:
            kwargs["authenticator"] = self._authenticate
        if self.starttls is not None:
            kwargs.update(tls_context=self.starttls, require_starttls=True)
        self._controller = Controller(
            self, hostname="127.0.0.1", port=self.port, ssl_context=self.implicit_tls, **kwargs
        )

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            if self.users and self.users.get(login) == password:
                self.logins.append(login)
                return AuthResult(success=True, auth_data=login)
        return AuthResult(success=False, handled=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refused < self.fail_first:
            self.refused += 1
            return self.fail_reply
        login = session.auth_data if session.authenticated else None
        # STARTTLS or TLS from the first byte (aiosmtpd's session.ssl only tells the former)
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.received.append(
            ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), envelope.content, login, encrypted)
        )
        return "250 2.0.0 OK queued"

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


@dataclass
class ReceivedPost:
    path: str
    headers: dict[str, str]
    body: bytes


class WebhookServer:
    """An HTTP server on 127.0.0.1 that keeps every POST in `received` and answers 204, or `fail_status` (500) to
    the first `fail_first` ones."""

    def __init__(self, fail_first: int = 0, fail_status: int = 500) -> None:
        self.fail_first, self.fail_status = fail_first, fail_status
        self.received: list[ReceivedPost] = []
        self.answered: list[int] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.received.append(ReceivedPost(self.path, dict(self.headers.items()), body))
                status = server.fail_status if len(server.received) <= server.fail_first else 204
                server.answered.append(status)
                self.send_response(status)
                if status != 204:
                    text = b"temporarily broken"
                    self.send_header("Content-Length", str(len(text)))
                    self.end_headers()
                    self.wfile.write(text)
                else:
                    self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> WebhookServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, valid for a day, and its key (PEM files in `folder`): give the
    certificate to clients as their only authority (`SSL_CERT_FILE`). Needs `cryptography` (the dev extra)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
