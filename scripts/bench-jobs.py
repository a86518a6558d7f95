#!/usr/bin/env python3
"""Benchmark (not a test): one job applying 10 patches to 1,000 simulated servers, zero install delay.

Builds release binaries, starts wsus-sim with 1,000 Windows Server 2022 computers that each need 10 approved
updates, registers them as servers, discovers, creates the job with `patchbay patch apply`, then runs
`patchbay daemon` (simulated agent) until the job has completed. Prints server-applies per second, patch
installs per second and CMDB write transactions per second (counted by the runner), and checks with the
simulator's install counts that every patch was installed exactly once.

usage: scripts/bench-jobs.py [--servers N] [--patches N] [--concurrency N] [--skip-build]
"""
import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchlib import patchbay_runner, release_binaries, start_simulator, write_config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", type=int, default=1000)
    parser.add_argument("--patches", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()

    bin_dir = release_binaries(args.skip_build)
    patchbay = os.path.join(bin_dir, "patchbay")
    home = tempfile.mkdtemp(prefix="patchbay-bench-jobs-")
    try:
        kbs = [f"KB59{index:05d}" for index in range(1, args.patches + 1)]
        scenario = ["server:", "  users:", "    - {name: 'CORP\\bench', password: 'Bench-Secret-1', role: administrator}",
                    "catalog:", "  seed: none", "  updates:"]
        scenario += [f"    - {{kb: {kb}, title: 'Bench update {kb}', products: ['Windows Server 2022'], reboot: never}}" for kb in kbs]
        scenario += ["groups:", "  - {name: Bench}", "computers:"]
        scenario += [f"  - {{name: bench{i}.bench.example, ip: 10.20.{i // 256}.{i % 256}, os: 'Windows Server 2022', groups: [Bench],"
                     " last_sync: 1h, last_report: 1h}" for i in range(args.servers)]
        scenario += ["approvals:"] + [f"  - {{update: {kb}, group: All Computers}}" for kb in kbs]
        with open(os.path.join(home, "scenario.yaml"), "w") as f:
            f.write("\n".join(scenario) + "\n")
        sim, url, line = start_simulator(bin_dir, os.path.join(home, "scenario.yaml"))
        jobs = (f"jobs:\n  agent: simulated\n  concurrency: {args.concurrency}\n  per_tenant: {args.concurrency}\n"
                "  lease_seconds: 30\n  verify_interval_seconds: 1\n")
        config = write_config(home, url, "CORP\\bench", "Bench-Secret-1", jobs)
        env = dict(os.environ, PATCHBAY_CONFIG=config)

        run = patchbay_runner(patchbay, env)

        print(f"WSUS simulator: {line}")
        run("tenant", "add", "--name", "bench")
        run("user", "add", "--id", "infra", "--role", "infra-admin", "--email", "infra@bench.example", "--password-stdin",
            stdin="bench-password-1\n")
        with open(os.path.join(home, "servers.csv"), "w") as f:
            f.write("ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name\n")
            for i in range(args.servers):
                f.write(f"10.20.{i // 256}.{i % 256},BENCH{i},bench,,bench{i},Windows Server 2022,bench{i}.bench.example\n")
        run("server", "add", "--file", os.path.join(home, "servers.csv"))
        run("update-info", "--repository")
        created = run("patch", "apply", "--user", "infra", "--server", ",".join(f"BENCH{i}" for i in range(args.servers)),
                      "--patch", ",".join(kbs))
        job = int(re.search(r"job (\d+)", created).group(1))
        print(created.strip())

        database = sqlite3.connect(os.path.join(home, "cmdb.sqlite"))
        log = open(os.path.join(home, "daemon.log"), "w")
        start = time.monotonic()
        daemon = subprocess.Popen([patchbay, "daemon"], env=env, stdout=log, stderr=subprocess.STDOUT)
        state = ""
        while state not in ("completed", "completed-with-errors", "waiting-for-action", "cancelled"):
            time.sleep(0.2)
            state = database.execute("SELECT state FROM jobs WHERE id = ?", (job,)).fetchone()[0]
        seconds = time.monotonic() - start
        daemon.send_signal(signal.SIGTERM)
        daemon.wait()
        log.close()
        with open(os.path.join(home, "daemon.log")) as f:
            stop = [l for l in f if "stopped:" in l][-1]
        writes = int(re.search(r"(\d+) CMDB write transaction", stop).group(1))
        counts = json.load(urllib.request.urlopen(url + "/control/fleet/installs"))
        installs = sum(sum(per.values()) for per in counts.values())
        exactly_once = len(counts) == args.servers and all(per.get(kb) == 1 for per in counts.values() for kb in kbs)
        print(f"job {job}: {state} in {seconds:.1f} s with {args.concurrency} chains at once")
        print(f"  server-applies per second: {args.servers / seconds:.1f}")
        print(f"  patch installs per second: {installs / seconds:.1f} ({installs} installs, exactly once each: {exactly_once})")
        print(f"  CMDB write transactions per second: {writes / seconds:.1f} ({writes} in all)")
        sim.terminate()
        sim.wait()
        if state != "completed" or not exactly_once:
            sys.exit("the job did not complete with every patch installed exactly once")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
