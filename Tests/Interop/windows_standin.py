#!/usr/bin/env python3
"""A stand-in for a Windows business server behind OpenSSH, for Patchbay's ssh agent tests.

There is no Windows and no PowerShell here. This program is run by a real sshd as the remote command in
place of PowerShell. It reads what Patchbay's ssh agent sends on standard input (the request line
    $PatchbayRequestBase64 = '<base64 of the UTF-8 JSON request>'
followed by the agent script Invoke-PatchbayAgent.ps1), checks that the script arrived, and answers as the
script would on Windows, in the events of docs/agent-protocol.md (protocol 2). Installing goes through the
WSUS simulator's fleet, which reports the new states to the simulated WSUS as the Windows Update Agent would.

The server's state (boot count, pending restart, install tasks, what it was sent) lives in --state, a JSON
file locked while one request runs, so several ssh sessions see one server. --trap plays what real servers do
(docs/agent-protocol.md, and the issue that asked for each):
  pending-restart          a restart is pending before the first install (0x80240016 if installed anyway)
  restart-loop             the restart never clears: a pending restart is reported after every restart
  servicing-after-restart  after a restart, servicing configures updates for the next --servicing-checks checks;
                           an install meanwhile fails with 0x80240016
  drop-mid-install         the first install's ssh connection is cut once its task has started
  shutdown-in-progress     the first install's results are 0x8007045B: a restart under way, the server goes down
An install without a scheduled task (a request with no "task", as protocol 1 sent) fails with 0x80070005:
the Windows Update Agent refuses a network logon.

Usage (as the remote command): windows_standin.py --computer FQDN --simulator URL --state FILE [--trap NAME]...
  [--task-seconds S] [--servicing-checks N]
"""
import argparse
import base64
import binascii
import fcntl
import json
import os
import re
import signal
import sys
import time
import urllib.error
import urllib.request

GUID = re.compile(r"\A[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z")
TASK = re.compile(r"\A[A-Za-z0-9-]{1,64}\Z")


def emit(**fields):
    print(json.dumps(fields), flush=True)


def post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


class Server:
    """The simulated server's state, read and written under an exclusive lock for one request."""

    def __init__(self, path, traps):
        self.path = path
        self.lock = open(path + ".lock", "a")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        try:
            with open(path) as handle:
                self.state = json.load(handle)
        except FileNotFoundError:
            self.state = {"boot": 1, "down": 0, "servicing": 0, "reboot_pending": bool({"pending-restart", "restart-loop"} & set(traps)),
                          "tasks": {}, "log": [], "scripts": 0, "dropped": False, "shutdown": False}

    def save(self):
        with open(self.path + ".tmp", "w") as handle:
            json.dump(self.state, handle)
        os.replace(self.path + ".tmp", self.path)

    def unlock(self):
        fcntl.flock(self.lock, fcntl.LOCK_UN)

    def relock(self):
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        with open(self.path) as handle:
            self.state = json.load(handle)


def drop_connection():
    """Cuts this ssh session the way a network failure would: the session's sshd process dies."""
    pid = os.getppid()
    while pid > 1:
        with open(f"/proc/{pid}/comm") as handle:
            name = handle.read().strip()
        if name.startswith("sshd"):
            os.kill(pid, signal.SIGKILL)
            time.sleep(5)
            sys.exit(255)
        with open(f"/proc/{pid}/stat") as handle:
            pid = int(handle.read().rsplit(")", 1)[1].split()[1])
    sys.exit(255)


def install(server, args, request):
    state = server.state
    traps = set(args.trap)
    updates, kbs = request.get("updates", []), request.get("kbs", [])
    if not (1 <= len(updates) <= 100) or len(updates) != len(kbs) or not all(isinstance(u, str) and GUID.match(u) for u in updates):
        emit(event="error", message="the update list is not 1 to 100 GUIDs with as many KBs; nothing was installed")
        return 1
    task = request.get("task")
    if task is None:
        # Protocol 1 searched and installed in the ssh logon itself.
        for update, kb in zip(updates, kbs):
            emit(event="result", update_id=update, kb=kb, result="failed", result_code=4, hresult="0x80070005", reboot_required=False)
        emit(event="done", ok=False, reboot_pending=state["reboot_pending"], boot_time=f"boot-{state['boot']}")
        return 0
    if not (isinstance(task, str) and TASK.match(task)) or request.get("run_as") not in ("system", "s4u"):
        emit(event="error", message="the task name or run_as is not what the protocol allows; nothing was installed")
        return 1
    state["log"].append({"operation": "install", "task": task, "run_as": request["run_as"], "servicing": state["servicing"] > 0})
    if task in state["tasks"]:
        stored = state["tasks"][task]
        if stored["updates"] != updates:
            emit(event="error", message=f"the task {task} installs other updates; nothing was started")
            return 1
        emit(event="task", name=task, state="collected" if stored["finished"] else "attached", run_as=stored["run_as"])
    else:
        if state["reboot_pending"]:
            emit(event="reboot-required", reasons=["cbs", "wu"])
            emit(event="done", ok=False, reboot_pending=True, boot_time=f"boot-{state['boot']}")
            return 0
        state["tasks"][task] = {"updates": updates, "kbs": kbs, "run_as": request["run_as"], "started": time.time(), "finished": False,
                                "results": []}
        emit(event="task", name=task, state="started", run_as=request["run_as"])
    stored = state["tasks"][task]
    server.save()
    emit(event="progress", stage="search", percent=100)
    if "drop-mid-install" in traps and not state["dropped"]:
        state["dropped"] = True
        server.save()
        server.unlock()
        emit(event="progress", stage="download", percent=10, update_id=updates[0], kb=kbs[0], update_percent=10)
        drop_connection()
    # The task works on while this session follows it; the lock is not held meanwhile.
    server.unlock()
    while time.time() - stored["started"] < args.task_seconds:
        elapsed = (time.time() - stored["started"]) / args.task_seconds
        stage = "download" if elapsed < 0.5 else "install"
        index = min(int((elapsed % 0.5) * 2 * len(updates)), len(updates) - 1)
        emit(event="progress", stage=stage, percent=int(elapsed * 100), update_id=updates[index], kb=kbs[index], update_percent=50)
        time.sleep(0.2)
    server.relock()
    state = server.state
    stored = state["tasks"][task]
    if not stored["finished"]:
        stored["finished"] = True
        if state["servicing"] > 0:
            stored["results"] = [{"event": "result", "update_id": u, "kb": k, "result": "failed", "result_code": 4, "hresult": "0x80240016",
                                  "reboot_required": False} for u, k in zip(updates, kbs)]
        elif "shutdown-in-progress" in traps and not state["shutdown"]:
            state["shutdown"] = True
            # The shutdown is under way: the server goes down after this session and comes back with a new boot.
            state["down"] = 1
            state["boot_pending"] = True
            stored["results"] = [{"event": "result", "update_id": u, "kb": k, "result": "failed", "result_code": 5, "hresult": "0x8007045B",
                                  "reboot_required": False} for u, k in zip(updates, kbs)]
        else:
            status, reply = post(args.simulator, "/control/fleet/install", {"computer": args.computer, "updates": updates, "reboot": False})
            if status != 200:
                stored["results"] = [{"event": "error", "message": reply.get("error", f"HTTP {status}")}]
            else:
                for item in reply["updates"]:
                    result = {"event": "result", "update_id": item["update_id"], "kb": item["kb"], "result": item["result"],
                              "result_code": 2 if item["result"] in ("installed", "pending-reboot") else 4,
                              "reboot_required": item["result"] == "pending-reboot"}
                    if "hresult" in item:
                        result["hresult"] = item["hresult"]
                    stored["results"].append(result)
                    if item["result"] == "pending-reboot":
                        state["reboot_pending"] = True
    for result in stored["results"]:
        emit(**result)
    del state["tasks"][task]
    emit(event="task", name=task, state="removed")
    ok = all(r.get("result") in ("installed", "pending-reboot") for r in stored["results"])
    emit(event="done", ok=ok, reboot_pending=state["reboot_pending"], boot_time=f"boot-{state['boot']}")
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--computer", required=True)
    parser.add_argument("--simulator", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--trap", action="append", default=[])
    parser.add_argument("--task-seconds", type=float, default=0.6)
    parser.add_argument("--servicing-checks", type=int, default=2)
    args = parser.parse_args()

    text = sys.stdin.buffer.read().decode("utf-8")
    first, _, script = text.partition("\n")
    server = Server(args.state, args.trap)
    state = server.state
    if state["down"] > 0:
        # Still restarting: the connection fails as ssh's does when the host does not answer.
        state["down"] -= 1
        if state.pop("boot_pending", False):
            state["boot"] += 1
        server.save()
        return 255
    emit(event="hello", protocol=2, agent="windows stand-in")
    # Exactly what the script's Read-Request accepts: nothing but the base64 alphabet between the quotes.
    line = re.fullmatch(r"\$PatchbayRequestBase64 = '([A-Za-z0-9+/]*={0,2})'", first)
    if line is None:
        emit(event="error", message="the first line is not the base64 request line")
        return 1
    if "function Invoke-InstallWorker" not in script or "Register-ScheduledTask" not in script:
        emit(event="error", message="the agent script did not arrive")
        return 1
    try:
        request = json.loads(base64.b64decode(line.group(1), validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        emit(event="error", message=f"the request does not decode: {error}")
        return 1
    if request.get("protocol") != 2:
        emit(event="error", message=f"this agent speaks protocol 2 but the request is protocol {request.get('protocol')}")
        return 1

    operation = request.get("operation")
    status = 0
    if operation == "check":
        reply_status, reply = post(args.simulator, "/control/fleet/check", {"computer": args.computer})
        if reply_status != 200:
            return 255  # as ssh itself would when the host does not answer
        servicing = state["servicing"] > 0
        if servicing:
            state["servicing"] -= 1
        state["log"].append({"operation": "check", "servicing": servicing})
        emit(event="check", ok=True, computer=args.computer.split(".")[0].upper(), os=reply.get("os", ""), boot_time=f"boot-{state['boot']}",
             reboot_pending=state["reboot_pending"], reboot_reasons=["cbs", "wu"] if state["reboot_pending"] else [], servicing=servicing,
             message="Windows Update service is Running (Manual)")
    elif operation == "script":
        # Kept byte for byte, so a test can compare what arrived with what the operator wrote.
        state["scripts"] += 1
        with open(f"{args.state}.script-{state['scripts']}", "wb") as handle:
            handle.write(request.get("script", "").encode("utf-8"))
        state["log"].append({"operation": "script"})
        lines = len(request.get("script", "").splitlines())
        emit(event="script", exit_code=0, output=f"ran {lines} line(s) of PowerShell\n", truncated=False)
    elif operation == "install":
        status = install(server, args, request)
        state = server.state
    elif operation == "reboot":
        state["log"].append({"operation": "reboot"})
        emit(event="reboot", initiated=True, boot_time=f"boot-{state['boot']}", already=False)
        post(args.simulator, "/control/fleet/install", {"computer": args.computer, "updates": [], "reboot": True})
        state["boot"] += 1
        state["down"] = 1
        if "servicing-after-restart" in args.trap:
            state["servicing"] = args.servicing_checks
        if "restart-loop" not in args.trap:
            state["reboot_pending"] = False
    else:
        emit(event="error", message=f"unknown operation '{operation}'")
    server.save()
    return status


if __name__ == "__main__":
    sys.exit(main())
