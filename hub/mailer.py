"""Plain-text e-mail through the SMTP server in the hub's configuration (hub.config)."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from .config import SmtpConfig

TIMEOUT = 30


def send(smtp: SmtpConfig, to: str, subject: str, body: str) -> None:
    """Send one message (UTF-8); smtplib's and socket errors reach the caller."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, to, subject
    message["Date"], message["Message-ID"] = formatdate(localtime=True), make_msgid()
    message.set_content(body)
    tls = ssl.create_default_context()
    client = (smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT, context=tls) if smtp.security == "ssl"
              else smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT))
    with client:
        if smtp.security == "starttls":
            client.starttls(context=tls)
        if smtp.username:
            client.login(smtp.username, smtp.password)
        client.send_message(message)
