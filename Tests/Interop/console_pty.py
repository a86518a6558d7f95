#!/usr/bin/env python3
"""Drives a terminal program through a real pty and reads its screen with pyte (a VT100/xterm emulator).

usage: console_pty.py COLS ROWS -- COMMAND ARG...
Steps come as JSON on stdin: [["send", "text"], ["expect", "text", seconds], ["expect_gone", "text", seconds],
["expect_line", "text", selected, seconds], ["expect_row", row, "text", seconds], ["holds", "text", seconds], ["screen"], ["resize", cols, rows],
["wait_exit", seconds], ["cell", row, column], ["environ"], ["kill"], ["run", [argv...]]]
There is no sleep: every wait is for something on the screen (or the program's exit), and once it is there the
driver reads on until the program has been quiet for a moment, so a frame is never read half drawn.
(["expect_line"] waits for a row holding the text that is, or is not, the selected row: drawn in reverse video,
as the default and mono themes draw the selection. ["holds"] checks that the text stays on screen the whole
time, e.g. a session that must not end yet.)
(["run"] runs another command to its end while the program waits, as an operator in a second terminal would;
its exit code and output go to "runs").
("\\t", "\\r", "\\x1b" work in "send"). Prints {"ok": bool, "error": str, "screens": [text...], "exit": code, "cells": [{char, fg, bg, bold, reverse}...]}.
"""
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pyte
from wcwidth import wcwidth


class Screen(pyte.Screen):
    """pyte's screen plus what ncurses sends on xterm-256color and pyte lacks: REP (CSI n b, repeat the last
    character) and SU/SD (CSI n S / CSI n T, scroll the region up or down)."""

    last = " "

    def draw(self, data):
        if data:
            self.last = data[-1]
        super().draw(data)

    def repeat_last(self, count=1, *args, **kwargs):
        self.draw(self.last * max(count, 1))

    def _scroll(self, count, down):
        top, bottom = (self.margins.top, self.margins.bottom) if self.margins else (0, self.lines - 1)
        x, y = self.cursor.x, self.cursor.y
        self.cursor.y = top if down else bottom
        for _ in range(max(count, 1)):
            self.reverse_index() if down else self.index()
        self.cursor.x, self.cursor.y = x, y

    @property
    def display(self):
        """pyte's display, except that the right half of a wide character whose left half was overwritten reads
        as a blank, as on a real terminal (pyte's own display fails on it)."""
        lines = []
        for y in range(self.lines):
            row, out, skip = self.buffer[y], [], False
            for x in range(self.columns):
                if skip:
                    skip = False
                    continue
                data = row[x].data or " "
                skip = wcwidth(data[0]) == 2
                out.append(data)
            lines.append("".join(out))
        return lines

    def scroll_up(self, count=1, *args, **kwargs):
        self._scroll(count, down=False)

    def scroll_down(self, count=1, *args, **kwargs):
        self._scroll(count, down=True)


class ByteStream(pyte.ByteStream):
    csi = dict(pyte.ByteStream.csi, b="repeat_last", S="scroll_up", T="scroll_down")


def main():
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    command = sys.argv[sys.argv.index("--") + 1:]
    steps = json.load(sys.stdin)
    screen = Screen(cols, rows)
    stream = ByteStream(screen)
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = os.environ.get("TERM", "xterm-256color")
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    result = {"ok": True, "error": "", "screens": [], "exit": None, "cells": [], "environ": []}

    def pump(timeout):
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            stream.feed(data)
        return True

    def text():
        return "\n".join(line.rstrip() for line in screen.display)

    def settle(quiet=0.03, limit=2.0):
        """Reads until the program has written nothing for `quiet` seconds: the frame being drawn is complete."""
        deadline = time.time() + limit
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], quiet)
            if not ready or not pump(0):
                return

    def selected_row(needle):
        """Whether the first row holding `needle` is drawn in reverse video; None when no row holds it."""
        for y in range(screen.lines):
            line = "".join(screen.buffer[y][x].data for x in range(screen.columns))
            x = line.find(needle)
            if x >= 0:
                return screen.buffer[y][x].reverse
        return None

    def wait_for(condition, seconds, problem):
        deadline = time.time() + seconds
        while not condition() and time.time() < deadline:
            if not pump(0.1):
                break
        if not condition():
            result.update(ok=False, error=problem)
            result["screens"].append(text())
            return False
        settle()
        return True

    for step in steps:
        kind = step[0]
        if kind == "send":
            os.write(fd, step[1].encode())
            pump(0.05)
        elif kind == "expect":
            if not wait_for(lambda: step[1] in text(), step[2] if len(step) > 2 else 10, "did not see %r" % step[1]):
                break
        elif kind == "expect_gone":
            if not wait_for(lambda: step[1] not in text(), step[2] if len(step) > 2 else 10, "%r stayed on screen" % step[1]):
                break
        elif kind == "expect_line":
            want = bool(step[2])
            if not wait_for(lambda: selected_row(step[1]) == want, step[3] if len(step) > 3 else 10,
                            "no line with %r that is %s" % (step[1], "selected" if want else "not selected")):
                break
        elif kind == "expect_row":
            row = step[1]
            if not wait_for(lambda: row < screen.lines and step[2] in screen.display[row], step[3] if len(step) > 3 else 10,
                            "row %d did not show %r" % (row, step[2])):
                break
        elif kind == "holds":
            deadline = time.time() + step[2]
            while time.time() < deadline and step[1] in text():
                pump(0.1)
            if step[1] not in text():
                result.update(ok=False, error="%r left the screen before %s seconds" % (step[1], step[2]))
                result["screens"].append(text())
                break
        elif kind == "screen":
            settle()
            result["screens"].append(text())
        elif kind == "cell":
            settle()
            char = screen.buffer[step[1]][step[2]]
            result["cells"].append({"char": char.data, "fg": char.fg, "bg": char.bg, "bold": char.bold, "reverse": char.reverse})
        elif kind == "environ":
            # The environment the program runs with now (after any exec of its own).
            with open("/proc/%d/environ" % pid, "rb") as f:
                result["environ"] = [v.decode(errors="replace") for v in f.read().split(b"\0") if v]
        elif kind == "run":
            other = subprocess.run(step[1], capture_output=True, text=True, timeout=60)
            result.setdefault("runs", []).append({"argv": step[1], "exit": other.returncode, "stdout": other.stdout, "stderr": other.stderr})
            pump(0.05)
        elif kind == "kill":
            # The terminal goes away at once, as when an SSH client dies or the network drops.
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            result["exit"] = -9
            break
        elif kind == "resize":
            cols, rows = step[1], step[2]
            screen.resize(rows, cols)
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.kill(pid, signal.SIGWINCH)
            settle()
        elif kind == "wait_exit":
            deadline = time.time() + step[1]
            while time.time() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    result["exit"] = os.waitstatus_to_exitcode(status)
                    break
                pump(0.1)
    if result["exit"] is None:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
