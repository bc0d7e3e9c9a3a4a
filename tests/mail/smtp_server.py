#!/usr/bin/env python3
"""A small, real SMTP server for Byline's mail tests, built on aiosmtpd.

    python3 tests/mail/smtp_server.py --port PORT --dir DIR \
        [--reject-pattern SUBSTR] [--defer-once-pattern SUBSTR]

Every accepted message becomes one file, DIR/{n:06d}-{uuid}.eml: an
`X-Envelope-To:` line naming the accepted recipients, then the message bytes
exactly as received (dot-unstuffed, CRLF line ends). Files are written under a
hidden temporary name and renamed, so a reader only ever sees whole messages.

--reject-pattern     RCPT TO of an address containing SUBSTR gets 550.
--defer-once-pattern the first RCPT TO of each address containing SUBSTR gets
                     451; later attempts for that address (on any connection)
                     are accepted, as a greylisting server would.

Patterns match case-insensitively. The server prints `listening` once it
accepts connections and stops cleanly on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import itertools
import os
import signal
import sys
import uuid

from aiosmtpd.smtp import SMTP


class Handler:
    """aiosmtpd hooks: decide on each recipient, store each message."""

    def __init__(self, directory, reject_pattern, defer_once_pattern, delay_ms=0):
        self.directory = directory
        self.delay = delay_ms / 1000.0
        self.reject = reject_pattern.lower() if reject_pattern else None
        self.defer_once = defer_once_pattern.lower() if defer_once_pattern else None
        self.deferred = set()  # addresses already answered 451 once
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        key = address.lower()
        if self.reject and self.reject in key:
            return "550 5.1.1 Mailbox unavailable"
        if self.defer_once and self.defer_once in key and key not in self.deferred:
            self.deferred.add(key)
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            # A slow server: the message waits before it is stored and accepted.
            await asyncio.sleep(self.delay)
        name = f"{next(self.counter):06d}-{uuid.uuid4()}.eml"
        temporary = os.path.join(self.directory, f".{name}.tmp")
        with open(temporary, "wb") as f:
            f.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(temporary, os.path.join(self.directory, name))
        return "250 2.0.0 Message accepted"


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)
    handler = Handler(args.dir, args.reject_pattern, args.defer_once_pattern, args.delay_ms)
    loop = asyncio.get_running_loop()
    # A fixed hostname: the default, socket.getfqdn(), can stall on DNS.
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp.test", enable_SMTPUTF8=True, loop=loop),
        host=args.host,
        port=args.port,
    )

    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    print("listening", flush=True)
    await stop.wait()
    # Stop accepting; open connections end with the event loop. (Not
    # wait_closed(): from Python 3.12 on it waits for idle pooled clients.)
    server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True, help="where each message is written")
    parser.add_argument("--reject-pattern", help="answer 550 to RCPT TO containing this")
    parser.add_argument("--defer-once-pattern", help="answer 451 once to RCPT TO containing this")
    parser.add_argument("--delay-ms", type=int, default=0, help="wait this long before accepting each message")
    asyncio.run(serve(parser.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
