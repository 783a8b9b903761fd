#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) for Switchboard's integration tests; started by
tests/support/SmtpServer.cpp. Run with Debian's /usr/bin/python3 (python3-aiosmtpd).

  smtp_server.py --port P --dir OUT [--tls starttls|implicit|none] [--cert PEM --key PEM]
                 [--require-starttls] [--user U --password P]

It behaves like a real submission server, with switches keyed on addresses:
  RCPT TO whose local part starts with "bad"    -> 550 5.1.1 (unknown user)
  RCPT TO whose local part starts with "later"  -> 451 4.3.0 (try again later)
  MAIL FROM whose local part starts with "bad"  -> 553 5.7.1 (sender rejected)
With --user, AUTH PLAIN and LOGIN accept exactly that user and password (535 otherwise) and
MAIL FROM needs authentication (530). With STARTTLS, AUTH is offered only after it.

Files in OUT:
  ready         written once the server accepts connections
  failed        written (with the reason) instead when it cannot start
  connections   one line per accepted TCP connection
  commands      one line per RSET and QUIT received
  server.log    its own output
  msg-NNNN.eml  each message as received (after the dot-unstuffing of DATA)
  msg-NNNN.meta the envelope and the message as Python's email package reads it: one
                "key value" per line, the value percent-encoded UTF-8. Keys: mail_from,
                rcpt_to (repeated), tls (0/1), auth_user, header.<lower-case name> (decoded),
                content_type, part.count, part.N.content_type, part.N.charset,
                part.N.transfer_encoding, part.N.body (decoded text).
Each message's files appear (by rename) before the server answers 250 to the content.
It exits when its stdin closes (the test process went away) or on SIGTERM/SIGINT.
"""

import argparse
import email
import email.policy
import os
import signal
import ssl
import sys
import threading
import urllib.parse

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

state = {"ready": False, "messages": 0}
lock = threading.Lock()


def enc(value):
    return urllib.parse.quote(str(value), safe="")


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def local_part(address):
    return (address or "").split("@")[0].lower()


class Handler:
    def __init__(self, out_dir):
        self.out_dir = out_dir

    def note(self, verb):
        with lock, open(os.path.join(self.out_dir, "commands"), "a") as f:
            f.write(verb + "\n")

    async def handle_RSET(self, server, session, envelope):
        self.note("RSET")
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        self.note("QUIT")
        return "221 Bye"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if local_part(address).startswith("bad"):
            return "553 5.7.1 <%s>: Sender address rejected: not owned by user" % address
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = local_part(address)
        if local.startswith("bad"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table" % address
        if local.startswith("later"):
            return "451 4.3.0 <%s>: Temporary lookup failure, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            state["messages"] += 1
            number = state["messages"]
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        meta = [("mail_from", envelope.mail_from)]
        meta += [("rcpt_to", r) for r in envelope.rcpt_tos]
        tls = server.transport is not None and server.transport.get_extra_info("ssl_object") is not None
        meta.append(("tls", "1" if tls else "0"))
        auth = session.auth_data
        if isinstance(auth, LoginPassword):
            meta.append(("auth_user", auth.login.decode("utf-8", "replace")))
        try:
            meta += describe(raw)
        except Exception as e:  # a message Python cannot parse still gets its raw file
            meta.append(("parse_error", repr(e)))
        base = os.path.join(self.out_dir, "msg-%04d" % number)
        write_atomically(base + ".eml", raw)
        write_atomically(base + ".meta", "".join("%s %s\n" % (k, enc(v)) for k, v in meta).encode())
        return "250 2.0.0 OK: queued as %04d" % number


def describe(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = []
    for name in sorted(set(k.lower() for k in msg.keys())):
        out.append(("header." + name, str(msg[name])))
    out.append(("content_type", msg.get_content_type()))
    parts = [p for p in msg.walk() if not p.is_multipart()]
    out.append(("part.count", len(parts)))
    for i, p in enumerate(parts):
        out.append(("part.%d.content_type" % i, p.get_content_type()))
        out.append(("part.%d.charset" % i, p.get_content_charset() or ""))
        out.append(("part.%d.transfer_encoding" % i, p.get("Content-Transfer-Encoding", "")))
        out.append(("part.%d.body" % i, p.get_content()))
    return out


class CountingController(Controller):
    """Counts the connections accepted once the server is ready (start() makes one itself)."""

    def __init__(self, *args, connections_file, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_file = connections_file

    def factory(self):
        if state["ready"]:
            with lock, open(self.connections_file, "a") as f:
                f.write("connection\n")
        return SMTP(self.handler, **self.SMTP_kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls", choices=["starttls", "implicit", "none"], default="starttls")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    log = open(os.path.join(args.dir, "server.log"), "a", buffering=1)
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)

    def failed(reason):
        write_atomically(os.path.join(args.dir, "failed"), reason.encode())
        print("cannot start:", reason, flush=True)
        os._exit(1)

    context = None
    if args.tls != "none":
        try:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(args.cert, args.key)
        except Exception as e:
            failed("cannot load the certificate: %s: %s" % (type(e).__name__, e))

    smtp_kwargs = {"ident": "switchboard-test-smtp"}
    if args.tls == "starttls":
        smtp_kwargs["tls_context"] = context
        smtp_kwargs["require_starttls"] = args.require_starttls
    if args.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login == args.user.encode()
                  and auth_data.password == args.password.encode())
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
        smtp_kwargs["authenticator"] = authenticator
        smtp_kwargs["auth_required"] = True
        # With STARTTLS, AUTH only after it (like real servers). With implicit TLS the
        # listener is encrypted, but aiosmtpd only knows about STARTTLS: let it offer AUTH.
        smtp_kwargs["auth_require_tls"] = args.tls == "starttls"
    else:
        smtp_kwargs["auth_require_tls"] = args.tls == "starttls"

    try:
        controller = CountingController(
            Handler(args.dir), hostname="127.0.0.1", port=args.port, server_hostname="smtp.test",
            ssl_context=context if args.tls == "implicit" else None,
            connections_file=os.path.join(args.dir, "connections"), **smtp_kwargs)
        controller.start()
    except Exception as e:  # e.g. the port was taken meanwhile
        failed("%s: %s" % (type(e).__name__, e))

    state["ready"] = True
    open(os.path.join(args.dir, "connections"), "a").close()
    write_atomically(os.path.join(args.dir, "ready"), str(os.getpid()).encode())
    print("listening on 127.0.0.1:%d (tls=%s)" % (args.port, args.tls), flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except Exception:
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    stop.wait()
    try:
        controller.stop()
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
