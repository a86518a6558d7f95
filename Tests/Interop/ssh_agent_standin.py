#!/usr/bin/env python3
"""Stand-in for Windows PowerShell behind OpenSSH, for Patchbay's ssh agent tests.

Patchbay's ssh agent sends, on standard input, the line
    $PatchbayRequestBase64 = '<base64 of the UTF-8 JSON request>'
followed by the agent script Invoke-PatchbayAgent.ps1. This stand-in checks that it received that script,
performs the request the way the script would on a Windows server — installing through the WSUS simulator's
fleet, which reports the new states to the simulated WSUS as the Windows Update Agent would — and answers
with the same JSON lines the script writes.

Usage (as the remote command): ssh_agent_standin.py --computer FQDN --simulator http://127.0.0.1:PORT --state FILE
"""
import argparse
import base64
import binascii
import json
import re
import sys
import urllib.error
import urllib.request


def emit(**fields):
    print(json.dumps(fields), flush=True)


def post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--computer", required=True)
    parser.add_argument("--simulator", required=True)
    parser.add_argument("--state", required=True)
    args = parser.parse_args()

    text = sys.stdin.buffer.read().decode("utf-8")
    first, _, script = text.partition("\n")
    # Exactly what the script's Read-Request accepts: nothing but the base64 alphabet between the quotes.
    line = re.fullmatch(r"\$PatchbayRequestBase64 = '([A-Za-z0-9+/]*={0,2})'", first)
    if line is None:
        emit(event="error", message="the first line is not the base64 request line")
        return 1
    if "Microsoft.Update.Session" not in script or "function Read-Request" not in script:
        emit(event="error", message="the agent script did not arrive")
        return 1
    try:
        request = json.loads(base64.b64decode(line.group(1), validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        emit(event="error", message=f"the request does not decode: {error}")
        return 1

    try:
        with open(args.state) as handle:
            state = json.load(handle)
    except FileNotFoundError:
        state = {"boot": 1, "runs": []}
    state["runs"].append(request["operation"])

    operation = request["operation"]
    if operation == "check":
        status, reply = post(args.simulator, "/control/fleet/check", {"computer": args.computer})
        if status != 200:
            return 255  # as ssh itself would when the host does not answer
        emit(event="check", ok=True, computer=args.computer.split(".")[0].upper(), os=reply.get("os", ""),
             boot_time=f"boot-{state['boot']}", reboot_pending=False, message="Windows Update service is Running (Manual)")
    elif operation == "script":
        lines = len(request.get("script", "").splitlines())
        emit(event="script", exit_code=0, output=f"ran {lines} line(s) of PowerShell\n")
    elif operation == "install":
        status, reply = post(args.simulator, "/control/fleet/install",
                             {"computer": args.computer, "updates": request["updates"], "reboot": False})
        if status != 200:
            emit(event="error", message=reply.get("error", f"HTTP {status}"))
            return 1
        for item in reply["updates"]:
            emit(event="progress", update_id=item["update_id"], kb=item["kb"], stage="install", percent=100)
            fields = {"event": "result", "update_id": item["update_id"], "kb": item["kb"], "result": item["result"]}
            if "hresult" in item:
                fields["hresult"] = item["hresult"]
            emit(**fields)
        emit(event="done", ok=all(item["result"] in ("installed", "pending-reboot") for item in reply["updates"]))
    elif operation == "reboot":
        emit(event="reboot", initiated=True, boot_time=f"boot-{state['boot']}")
        post(args.simulator, "/control/fleet/install", {"computer": args.computer, "updates": [], "reboot": True})
        state["boot"] += 1
    else:
        emit(event="error", message=f"unknown operation '{operation}'")

    with open(args.state, "w") as handle:
        json.dump(state, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
