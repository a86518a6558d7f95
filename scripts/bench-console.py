#!/usr/bin/env python3
"""Benchmark (not a test): the terminal console with 100,000 approved patches.

Builds release binaries and starts wsus-sim with a generated scenario: N updates, 30 generated computers (each
needs a hundred or so of them) and one more computer that every generated update applies to, so that every
update has an install state. All of them are registered as servers of one tenant. One discovery reads it; then
every update is approved for All Computers through the simulator's control API, and a second discovery reads
the approvals (the computers' summaries did not move, so install states are not read again). The generator
approves nothing itself. Approved up front (scenario `approvals:`), the first discovery would be quadratic: the
simulator answers each install state with one pass over all approvals, 10^10 steps for 100,000 of each. The
approvals through the control API are quadratic too (each scans those made before it), but far cheaper: a few
minutes for 100,000.

Then it runs `patchbay console` in a real pty (TERM=xterm-256color, 120x40) and reads the screen with pyte, as
Tests/Interop/console_pty.py does (its pyte screen, taught the REP, SU and SD sequences pyte lacks). The pty is polled with
select(), every chunk read is fed to pyte and the screen checked at once, so a figure is the time until the
screen showed the change (the time pyte takes for the final chunk is left out). It prints:
  - process start to the login screen ("Log in"), median and max of 5 starts
  - login (Enter on the password) to the patch list showing its count
  - keystroke-to-screen latency while filtering the patch list as an infrastructure admin (who sees every
    server): `/`, then characters typed one by one and removed with Backspace, each timed from its os.write
    until the footer shows the new filter (`/<filter>▏`); p50, p99 and max
  - VmRSS and VmHWM of the console process after login and after filtering
  - bytes per second the idle job monitor (`m`, refreshed every second) writes, counted over 10 s, and the CPU
    the console uses meanwhile

usage: scripts/bench-console.py [--patches N] [--computers N] [--binaries DIR] [--skip-build] [--keep] [--reuse HOME]
"""
import argparse
import fcntl
import math
import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

from benchlib import control_posts, patchbay_runner, ROOT, release_binaries, start_simulator, write_config

sys.path.insert(0, os.path.join(ROOT, "Tests", "Interop"))
from console_pty import ByteStream, Screen  # noqa: E402  (pyte taught the sequences ncurses sends that it lacks)

COLUMNS, ROWS = 120, 40
PASSWORD = "bench-password-1"
# Typed one character at a time, each then removed with Backspace: KB numbers, products, classifications,
# severities, and a text nothing matches.
QUERIES = ["kb51234", "application 17", "critical", "windows server 2025", "security updates", "rollup", "zzz"]


def approve_all(url, update_ids, group="All Computers"):
    """POST /control/approve for every update, pipelined over one keep-alive connection."""
    control_posts(url, "/control/approve", [{"update": update, "group": group} for update in update_ids])


class Console:
    """`patchbay console` in a real pty, its screen kept by pyte."""

    def __init__(self, command, env):
        self.screen = Screen(COLUMNS, ROWS)
        self.stream = ByteStream(self.screen)
        self.bytes_read = 0
        self.started = time.monotonic()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:  # the size is set before exec, so the console's first frame already has it
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
                os.execve(command[0], command, env)
            finally:
                os._exit(127)
        self.alive = True

    def row(self, y):
        line = self.screen.buffer[y]
        return "".join(line[x].data for x in range(COLUMNS)).rstrip()

    def text(self):
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _read_available(self, timeout):
        """Waits up to `timeout` for output, then reads all there is; returns [(monotonic time read, bytes)]."""
        chunks = []
        while True:
            ready, _, _ = select.select([self.fd], [], [], timeout if not chunks else 0)
            if not ready:
                return chunks
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the console closed the pty
                data = b""
            if not data:
                self.alive = False
                return chunks
            chunks.append((time.monotonic(), data))

    def wait_for(self, condition, timeout, what):
        """Reads until `condition()` holds; returns the time the chunk that made it hold was read."""
        if condition():
            return time.monotonic()
        deadline = time.monotonic() + timeout
        while self.alive and time.monotonic() < deadline:
            shown = None
            for at, data in self._read_available(max(deadline - time.monotonic(), 0)):
                self.bytes_read += len(data)
                self.stream.feed(data)
                if shown is None and condition():
                    shown = at
            if shown is not None:
                return shown
        raise RuntimeError(f"the console did not show {what} within {timeout} s; its screen:\n{self.text()}")

    def pump(self, seconds):
        """Reads (and keeps the screen up to date) for `seconds`; returns the bytes read."""
        before = self.bytes_read
        deadline = time.monotonic() + seconds
        while self.alive and time.monotonic() < deadline:
            for _, data in self._read_available(deadline - time.monotonic()):
                self.bytes_read += len(data)
                self.stream.feed(data)
        return self.bytes_read - before

    def settle(self, quiet=0.02):
        """Reads until the console has written nothing for `quiet` seconds."""
        while self.alive and self.pump(quiet):
            pass

    def send(self, text):
        os.write(self.fd, text.encode())
        return time.monotonic()

    def memory(self):
        """VmRSS and VmHWM in MiB."""
        with open(f"/proc/{self.pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def cpu_seconds(self):
        """User plus system CPU time so far."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_exit(self, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.pid = None
                return os.waitstatus_to_exitcode(status)
            if not self.pump(0.05):
                time.sleep(0.01)
        return None

    def close(self):
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


def measure_console(patchbay, env, patches, consoles):
    """The four console figures, on a CMDB that holds `patches` approved patches; `consoles` collects what it starts."""
    command = [patchbay, "console"]
    console_env = {key: value for key, value in env.items() if key not in ("COLUMNS", "LINES", "NO_COLOR", "LANG", "LC_ALL")}
    console_env.update(TERM="xterm-256color", LANG="C.UTF-8")

    # 1. Process start to the login screen, then Esc (which leaves the login screen).
    starts = []
    for _ in range(5):
        console = Console(command, console_env)
        consoles.append(console)
        shown = console.wait_for(lambda: "Log in" in console.text(), 30, "the login screen")
        starts.append(shown - console.started)
        console.settle()
        console.send("\x1b")
        if console.wait_exit() is None:
            print("warning: the console did not exit after Esc on the login screen")
        console.close()
    print(f"process start to login screen: median {statistics.median(starts) * 1000:.0f} ms, max {max(starts) * 1000:.0f} ms"
          f" ({len(starts)} starts: {', '.join(f'{s * 1000:.0f}' for s in starts)} ms)")

    # 2. Log in; the patch list with every approved patch.
    console = Console(command, console_env)
    consoles.append(console)
    console.wait_for(lambda: "Log in" in console.text(), 30, "the login screen")
    console.settle()
    console.send("infra\t")
    console.settle()
    # A wrong password first: its answer takes the time of the password check alone.
    sent = console.send("wrong-password-1\r")
    refused = console.wait_for(lambda: "Login refused" in console.text(), 60, "the refusal") - sent
    console.settle()
    counted = re.compile(r"(\d+) of (\d+) patches")
    sent = console.send(PASSWORD + "\r")
    shown = console.wait_for(lambda: counted.search(console.row(0)), 300, "the patch list")
    console.settle(0.2)
    visible, total = map(int, counted.search(console.row(0)).groups())
    print(f"login (Enter on the password) to patch list ({visible} of {total} patches): {(shown - sent) * 1000:.0f} ms;"
          f" a refused login takes {refused * 1000:.0f} ms (the password check), the rest is reading the patch status")
    if total < patches * 0.99:
        print(f"warning: the patch list has {total} patches, fewer than the {patches} approved")
    rss, hwm = console.memory()
    print(f"memory after login: VmRSS {rss:.0f} MiB, VmHWM {hwm:.0f} MiB")

    # 3. Filtering as you type.
    console.send("/")
    console.wait_for(lambda: any(console.row(y).strip() == "/▏" for y in range(ROWS)), 10, "the filter prompt")
    console.settle()
    prompt = next(y for y in range(ROWS) if console.row(y).strip() == "/▏")  # the footer: `/<filter>▏` while typing

    def footer(text):
        return lambda: console.row(prompt).strip() == f"/{text}▏"

    samples, typed = [], ""  # (ms, filter, rows shown)
    for query in QUERIES:
        for key in list(query) + ["\x7f"] * len(query):
            typed = typed[:-1] if key == "\x7f" else typed + key
            sent = console.send(key)
            shown = console.wait_for(footer(typed), 60, f"the filter '{typed}'")
            console.settle()
            match = counted.search(console.row(0))
            samples.append(((shown - sent) * 1000, typed, int(match.group(1)) if match else -1))
    ms = [sample[0] for sample in samples]
    rows = [sample[2] for sample in samples]
    slowest = max(samples)
    print(f"keystroke to screen while filtering {total} patches ({len(ms)} keystrokes, {min(rows)} to {max(rows)} rows shown):"
          f" p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms"
          f" (slowest: '/{slowest[1]}' showing {slowest[2]} rows)")
    for label, chosen in [("over 50,000 rows shown", [m for m, _, n in samples if n > 50000]),
                          ("1,000 rows or fewer shown", [m for m, _, n in samples if 0 <= n <= 1000])]:
        if chosen:
            print(f"  {label}: p50 {percentile(chosen, 50):.1f} ms ({len(chosen)} keystrokes)")
    rss, hwm = console.memory()
    print(f"memory after filtering: VmRSS {rss:.0f} MiB, VmHWM {hwm:.0f} MiB")

    # 4. The idle job monitor.
    console.send("\r")  # ends typing (the filter is empty again)
    console.settle()
    console.send("m")
    console.wait_for(lambda: "Jobs" in console.row(0), 10, "the job monitor")
    console.pump(2)
    seconds = 10
    cpu = console.cpu_seconds()
    written = console.pump(seconds)
    cpu = console.cpu_seconds() - cpu
    print(f"idle job monitor: {written / seconds:.0f} bytes/s written to the terminal ({written} bytes in {seconds} s);"
          f" console CPU {cpu / seconds * 100:.1f}% of a core")
    console.send("q")
    code = console.wait_exit()
    if code != 0:
        print(f"warning: the console ended with {code} after q")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--patches", type=int, default=100000)
    parser.add_argument("--computers", type=int, default=30, help="generated WSUS computers (plus one every update applies to)")
    parser.add_argument("--binaries", help="folder with patchbay and wsus-sim (no build)")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the bench home (CMDB, configuration) and print where it is")
    parser.add_argument("--reuse", metavar="HOME", help="measure on a home kept by --keep, without the setup")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` still stops and removes what we started

    bin_dir = os.path.abspath(args.binaries) if args.binaries else release_binaries(args.skip_build)
    patchbay = os.path.join(bin_dir, "patchbay")
    print(f"binaries: {bin_dir}")
    usage = subprocess.run([patchbay, "--help"], capture_output=True, text=True).stdout
    if not re.search(r"^SUBCOMMANDS:(\n .*)*\n  console ", usage, re.MULTILINE):  # before the 6-minute setup
        sys.exit(f"{patchbay} has no console command (an older build?); build it first")
    if args.reuse:
        consoles = []
        try:
            measure_console(patchbay, dict(os.environ, PATCHBAY_CONFIG=os.path.join(args.reuse, "patchbay.yaml")), args.patches, consoles)
        finally:
            for console in consoles:
                console.close()
        return
    home = tempfile.mkdtemp(prefix="patchbay-bench-console-")
    sim = None
    consoles = []
    try:
        setup_start = time.monotonic()
        scenario = ["server:", "  users:", "    - {name: 'CORP\\bench', password: 'Bench-Secret-1', role: administrator}",
                    "catalog: {seed: none}", f"generate: {{updates: {args.patches}, computers: {args.computers}, seed: 42}}",
                    "groups:", "  - {name: Bench}", "computers:",
                    # Every generated product starts with one of these, so every update applies to this computer.
                    "  - {name: all-products.bench.example, ip: 10.250.0.1, os: 'Windows Server 2022',"
                    " products: ['Windows Server', 'Microsoft Server Application'], groups: [Bench], last_sync: 1h, last_report: 1h}"]
        with open(os.path.join(home, "scenario.yaml"), "w") as f:
            f.write("\n".join(scenario) + "\n")
        step = time.monotonic()
        sim, url, line = start_simulator(bin_dir, os.path.join(home, "scenario.yaml"))
        print(f"WSUS simulator: {line} ({time.monotonic() - step:.1f} s to start)", flush=True)
        config = write_config(home, url, "CORP\\bench", "Bench-Secret-1")
        env = dict(os.environ, PATCHBAY_CONFIG=config)

        run = patchbay_runner(patchbay, env)

        def discover(label):
            step = time.monotonic()
            output = run("update-info", "--repository")
            print(f"{label}: {time.monotonic() - step:.1f} s\n  " + output.strip().replace("\n", "\n  "), flush=True)

        run("tenant", "add", "--name", "bench")
        run("user", "add", "--id", "infra", "--role", "infra-admin", "--email", "infra@bench.example", "--password-stdin",
            stdin=PASSWORD + "\n")
        with open(os.path.join(home, "servers.csv"), "w") as f:
            f.write("ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name\n")
            for i in range(args.computers):  # the generator's names and addresses
                f.write(f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256},GEN{i},bench,,gen{i},,gen{i}.generated.example\n")
            f.write("10.250.0.1,ALL-PRODUCTS,bench,,all-products,Windows Server 2022,all-products.bench.example\n")
        run("server", "add", "--file", os.path.join(home, "servers.csv"))
        discover("discovery (updates, computers, install states)")

        database = sqlite3.connect(os.path.join(home, "cmdb.sqlite"))
        update_ids = [row[0] for row in database.execute("SELECT update_id FROM updates WHERE retired_at IS NULL ORDER BY update_id")]
        database.close()
        step = time.monotonic()
        approve_all(url, update_ids)
        print(f"approved {len(update_ids)} updates for All Computers through POST /control/approve: {time.monotonic() - step:.1f} s",
              flush=True)
        discover("discovery (approvals)")
        sim.terminate()
        sim.wait()
        sim = None  # the console reads only the CMDB
        print(f"setup: {time.monotonic() - setup_start:.1f} s\n", flush=True)

        measure_console(patchbay, env, args.patches, consoles)
    finally:
        for console in consoles:
            console.close()
        if sim:
            sim.terminate()
            sim.wait()
        if args.keep:
            print(f"kept the bench home: export PATCHBAY_CONFIG={home}/patchbay.yaml")
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
