"""Runs a command in a real pseudo-terminal and answers its two password prompts, as a person would.
Prints JSON: the exit status and everything the terminal showed (to prove the password was not echoed).

usage: python3 pty_password.py PASSWORD COMMAND [ARG...]
PASSWORD "--interrupt" presses Ctrl-C at the first prompt instead; "echo" then says whether the terminal
echoes again after the command ended.
"""
import termios
import json
import os
import pty
import select
import signal
import sys
import time


def main():
    password = sys.argv[1].encode()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[2], sys.argv[2:])
    shown = b""
    answered = 0
    deadline = time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
        prompts = shown.count(b"Password for") + shown.count(b"Repeat the password")
        while answered < prompts:
            os.write(fd, b"\x03" if password == b"--interrupt" else password + b"\n")
            answered += 1
    if time.time() >= deadline:
        os.kill(pid, signal.SIGKILL)  # never leave a test hanging on a stuck prompt
    _, status = os.waitpid(pid, 0)
    echo = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
    print(json.dumps({"status": os.waitstatus_to_exitcode(status), "shown": shown.decode(errors="replace"), "answered": answered,
                      "echo": echo}))


if __name__ == "__main__":
    main()
