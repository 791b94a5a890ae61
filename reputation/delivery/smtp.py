"""E-mail over SMTP: STARTTLS, implicit TLS (`ssl`) or plain (`none`, a local relay only), with a login read from
the environment variables the project file names (no login when it names none).

TLS connections verify the server's certificate against the system's authorities (or `SSL_CERT_FILE`).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Literal

from reputation.config import Project, ProjectError, env_secret
from reputation.delivery import DeliveryError

DEFAULT_TIMEOUT = 30.0  # seconds, per connection and per SMTP command


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never in logs or tracebacks
    sender: str = ""
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        if not self.sender:
            object.__setattr__(self, "sender", f"reputation@{self.host}")

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def from_project(cls, project: Project) -> SmtpSettings:
        """The project's `report.smtp_*` settings, with the login and password read from the environment."""
        r = project.report
        if not r.smtp_host:
            raise DeliveryError("report.smtp_host is not set in the project file: no e-mail can be sent", False)
        if bool(r.smtp_user_env) != bool(r.smtp_password_env):
            raise DeliveryError(
                "report.smtp_user_env and report.smtp_password_env go together: set both or neither", retryable=False
            )
        try:
            user = env_secret(r.smtp_user_env) if r.smtp_user_env else None
            password = env_secret(r.smtp_password_env) if r.smtp_password_env else None
        except ProjectError as err:
            raise DeliveryError(f"SMTP login: {err}", retryable=False) from None
        return cls(r.smtp_host, r.smtp_port, r.smtp_security, user, password, r.sender or "")


def new_message(sender: str, subject: str, to: Sequence[str]) -> EmailMessage:
    """An empty message with its headers (From, To, Subject, Date, Message-ID); line breaks in the subject become
    spaces (header injection)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = " ".join(subject.split())
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    return msg


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise DeliveryError(
                    f"{settings.server}: the server does not offer STARTTLS (set report.smtp_security: ssl for port "
                    "465, or none for a local relay)",
                    retryable=False,
                )
            smtp.starttls(context=context)
            smtp.ehlo()
    except BaseException:
        smtp.close()
        raise
    return smtp


def _reply(err: smtplib.SMTPResponseException) -> str:
    text = err.smtp_error.decode("utf-8", "replace") if isinstance(err.smtp_error, bytes) else str(err.smtp_error)
    return f"{err.smtp_code} {' '.join(text.split())}"


def send_email(settings: SmtpSettings, msg: EmailMessage, to: Sequence[str]) -> str:
    """Send `msg` to the envelope recipients `to` in one SMTP session; returns the server's answer.

    Raises :class:`DeliveryError`: retryable for a temporary (4xx) refusal, a timeout or an unreachable server; not
    retryable for a refused login, sender or recipient (5xx) or a TLS failure.
    """
    where = settings.server
    try:
        with _connect(settings) as smtp:
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            refused = smtp.send_message(msg, from_addr=settings.sender, to_addrs=list(to))
            reply = "250 accepted"
    except DeliveryError:
        raise
    except smtplib.SMTPAuthenticationError as err:
        raise DeliveryError(f"{where}: login refused for {settings.user!r}: {_reply(err)}", retryable=False) from None
    except smtplib.SMTPNotSupportedError as err:
        raise DeliveryError(f"{where}: {err} (check report.smtp_security)", retryable=False) from None
    except smtplib.SMTPRecipientsRefused as err:
        codes = [code for code, _ in err.recipients.values()]
        detail = "; ".join(f"{rcpt}: {code} {msg!r}" for rcpt, (code, msg) in err.recipients.items())
        temporary = all(400 <= c < 500 for c in codes)
        raise DeliveryError(f"{where}: recipient refused: {detail}", retryable=temporary) from None
    except smtplib.SMTPResponseException as err:
        temporary = 400 <= err.smtp_code < 500
        raise DeliveryError(f"{where}: the server answered {_reply(err)}", retryable=temporary) from None
    except ssl.SSLCertVerificationError as err:
        raise DeliveryError(f"{where}: TLS certificate not trusted: {err.verify_message}", retryable=False) from None
    except ssl.SSLError as err:
        raise DeliveryError(
            f"{where}: TLS failed ({err.reason or err}); check report.smtp_security and smtp_port", retryable=False
        ) from None
    except smtplib.SMTPServerDisconnected as err:
        raise DeliveryError(f"{where}: the server closed the connection ({err or 'no reason given'})") from None
    except TimeoutError:
        raise DeliveryError(f"{where}: no answer within {settings.timeout:g} s") from None
    except socket.gaierror as err:
        raise DeliveryError(f"{where}: unknown host ({err.strerror})") from None
    except ConnectionRefusedError:
        raise DeliveryError(f"{where}: connection refused (is the SMTP server running on that port?)") from None
    except (OSError, smtplib.SMTPException) as err:
        raise DeliveryError(f"{where}: {type(err).__name__}: {' '.join(str(err).split())}") from None
    if refused:  # some recipients accepted, others not: what was refused is not retried (it would duplicate)
        return f"{reply}; refused: {', '.join(sorted(refused))}"
    return reply
