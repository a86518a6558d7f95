#!/usr/bin/env python3
"""Opens N real consoles, each in a pty of its own, types the same user id and one password each into their
login screens, then presses Enter in all of them at once, as N operators (or one attacker) would.

usage: parallel_logins.py --binary PATH --user ID --passwords P1,P2,... [--timeout SECONDS]
(PATCHBAY_CONFIG in the environment names the configuration.)
Prints {"consoles": [{"password_index", "logged_in", "refused", "screen"}...]}.
"""
import argparse
import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_pty import ByteStream, Screen  # noqa: E402

COLS, ROWS = 80, 24


class Console:
    def __init__(self, binary):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", SWIFT_BACKTRACE="enable=no")
        env.pop("NO_COLOR", None)

        def child_setup():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen([binary, "console"], stdin=slave, stdout=slave, stderr=slave, env=env,
                                        preexec_fn=child_setup, close_fds=True)
        os.close(slave)
        self.screen = Screen(COLS, ROWS)
        self.stream = ByteStream(self.screen)

    def pump(self):
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return
        self.stream.feed(data)

    def text(self):
        return "\n".join(self.screen.display)

    def send(self, text):
        os.write(self.master, text.encode())


def pump_all(consoles, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        ready, _, _ = select.select([c.master for c in consoles], [], [], 0.05)
        for console in consoles:
            if console.master in ready:
                console.pump()


def wait_all(consoles, done, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline and not all(done(c) for c in consoles):
        pump_all(consoles, 0.1)
    return all(done(c) for c in consoles)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--passwords", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    passwords = args.passwords.split(",")
    consoles = [Console(args.binary) for _ in passwords]
    result = {"consoles": [], "error": ""}
    if not wait_all(consoles, lambda c: "Log in" in c.text(), args.timeout):
        result["error"] = "not every console showed its login screen"
    else:
        for console, password in zip(consoles, passwords):
            console.send(args.user + "\t" + password)
        pump_all(consoles, 0.5)
        for console in consoles:
            console.send("\r")
        refusal = "Login refused"
        wait_all(consoles, lambda c: "Patches" in c.text() or refusal in c.text(), args.timeout)
        for index, console in enumerate(consoles):
            text = console.text()
            result["consoles"].append({"password_index": index, "logged_in": "Patches" in text, "refused": refusal in text,
                                       "screen": text})
    for console in consoles:
        console.process.kill()
        console.process.wait()
        os.close(console.master)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
