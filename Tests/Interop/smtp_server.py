#!/usr/bin/env python3
"""A real SMTP server for Patchbay's mail tests: aiosmtpd with STARTTLS or implicit TLS, AUTH, and refusals.

Every accepted message is written as one .eml file into --maildir. Prints "ready" when it listens, and runs
until killed.

usage: smtp_server.py --port N --maildir DIR [--mode starttls|tls|plain] [--cert PEM --key PEM]
                      [--user U --password P] [--refuse ADDRESS,...]
"""
import argparse
import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir, refused):
        self.maildir = maildir
        self.refused = refused
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.maildir, "%04d.eml" % self.count)
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--mode", default="starttls", choices=["starttls", "tls", "plain"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse", default="")
    args = parser.parse_args()

    os.makedirs(args.maildir, exist_ok=True)
    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password:
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    # server_hostname set: otherwise every connection looks up this host's FQDN, which can stall for
    # seconds where DNS is unreachable.
    options = dict(hostname="127.0.0.1", port=args.port, enable_SMTPUTF8=True, server_hostname="smtp.test.example")
    if args.user:
        # With implicit TLS aiosmtpd does not see the session as TLS, so it must not insist on STARTTLS first.
        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=args.mode == "starttls")
    if args.mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    elif args.mode == "tls":
        options.update(ssl_context=context)
    handler = Handler(args.maildir, set(filter(None, args.refuse.split(","))))
    controller = Controller(handler, **options)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
