#!/usr/bin/env python3
"""Sends SIGTERM, SIGINT or SIGHUP to the real console at seeded random moments of start-up, login and the
wizard, one console per run, each in a pty of its own, and checks every time that the process ends and
leaves the terminal as it found it (termios modes, the alternate screen left, the cursor shown).

usage: signal_storm.py --binary PATH --seed N --runs N [--budget SECONDS] [--stages a,b]
(PATCHBAY_CONFIG in the environment names the demo home's configuration.)
Prints {"runs": [{"stage", "signal", "delay", "exit", "ended", "restored", "problem"}...], "seed": N}.
"""
import argparse
import fcntl
import json
import os
import random
import select
import signal
import struct
import subprocess
import sys
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_pty import ByteStream, Screen  # noqa: E402

COLS, ROWS = 80, 24
SIGNALS = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]
LOGIN = [("expect", "Log in"), ("send", "acme-user\t"), ("send", "patchbay-demo\r")]
# Each stage: the steps that lead to it, then the longest random wait before the signal.
STAGES = {
    "start": ([], 0.4),
    "login-screen": ([("expect", "Log in")], 0.2),
    "typing": ([("expect", "Log in"), ("send", "acme-us")], 0.1),
    "logging-in": (LOGIN, 1.0),
    "patch-list": (LOGIN + [("expect", "Patches")], 0.2),
    "wizard": (LOGIN + [("expect", "Patches"), ("send", "\t"), ("expect", "LAST REPORT"), ("send", "a"), ("expect", "(1/6)"),
                        ("send", "\r")], 0.3),
    "confirm": (LOGIN + [("expect", "Patches"), ("send", "\t"), ("expect", "LAST REPORT"), ("send", "a"), ("expect", "(1/6)"),
                         ("send", "\r"), ("expect", "(2/6)"), ("send", "\r"), ("expect", "(3/6)"), ("send", "\r"), ("expect", "(4/6)"),
                         ("send", "\r"), ("expect", "(5/6)"), ("send", "\r")], 0.5),
}
MODES = (termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN, termios.ICRNL | termios.IXON, termios.OPOST)


def modes(fd):
    attrs = termios.tcgetattr(fd)
    return (attrs[3] & MODES[0], attrs[0] & MODES[1], attrs[1] & MODES[2])


def one_run(binary, rng, stages):
    stage = rng.choice(stages)
    number = rng.choice(SIGNALS)
    steps, longest = STAGES[stage]
    delay = round(rng.uniform(0, longest), 3)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    before = modes(slave)
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", SWIFT_BACKTRACE="enable=no")
    env.pop("NO_COLOR", None)

    def child_setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen([binary, "console"], stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=child_setup,
                               close_fds=True)
    screen = Screen(COLS, ROWS)
    stream = ByteStream(screen)
    output = bytearray()

    def pump(timeout):
        ready, _, _ = select.select([master], [], [], timeout)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            output.extend(data)
            stream.feed(data)

    def text():
        return "\n".join(screen.display)

    result = {"stage": stage, "signal": signal.Signals(number).name, "delay": delay, "problem": ""}
    for kind, value in steps:
        if kind == "send":
            os.write(master, value.encode())
            pump(0.05)
        else:
            deadline = time.time() + 20
            while value not in text() and time.time() < deadline and process.poll() is None:
                pump(0.1)
            if value not in text():
                result["problem"] = "never saw %r before the signal" % value
                break
    deadline = time.time() + delay
    while time.time() < deadline:
        pump(0.01)
    if process.poll() is None:
        process.send_signal(number)
    deadline = time.time() + 10
    while process.poll() is None and time.time() < deadline:
        pump(0.05)
    result["ended"] = process.poll() is not None
    if not result["ended"]:
        process.kill()
        process.wait()
        result["problem"] = result["problem"] or "still running 10 s after %s" % result["signal"]
    for _ in range(3):
        pump(0.02)
    result["exit"] = process.returncode
    after = modes(slave)
    entered, left = output.rfind(b"\x1b[?1049h"), output.rfind(b"\x1b[?1049l")
    hidden, shown = output.rfind(b"\x1b[?25l"), output.rfind(b"\x1b[?25h")
    result["restored"] = after == before and left >= entered and shown >= hidden
    if not result["restored"] and not result["problem"]:
        result["problem"] = "terminal not restored: modes %s -> %s, alternate screen %d/%d, cursor %d/%d" % (
            before, after, entered, left, hidden, shown)
    os.close(master)
    os.close(slave)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--budget", type=float, default=600, help="stop starting runs after this many seconds")
    parser.add_argument("--stages", default=",".join(sorted(STAGES)), help="comma-separated: " + ", ".join(sorted(STAGES)))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    runs = []
    for _ in range(args.runs):
        if time.time() - started > args.budget:
            break
        runs.append(one_run(args.binary, rng, args.stages.split(",")))
    print(json.dumps({"seed": args.seed, "runs": runs}))


if __name__ == "__main__":
    main()
