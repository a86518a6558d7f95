#!/usr/bin/env python3
"""Benchmark (not a test): one job applying 10 patches to 1,000 simulated servers, zero install delay, run three
ways in the same run: one daemon on SQLite (the anchor), one daemon on PostgreSQL, and two daemons (two hosts,
each its own configuration and daemon.host_id) sharing one PostgreSQL CMDB.

Each case builds a fresh home: wsus-sim with 1,000 Windows Server 2022 computers that each need 10 approved
updates, the servers registered, a discovery, the job created with `patchbay patch apply`; then the daemons
(simulated agent) run until the job has completed. Prints server-applies per second, patch installs per second
and CMDB write transactions per second (counted by the runners), and checks with the simulator's install
counts that every patch was installed exactly once. PostgreSQL needs the throwaway cluster of
scripts/with-postgres.sh (`make bench` starts one); without it only the SQLite case runs.

usage: scripts/bench-jobs.py [--servers N] [--patches N] [--concurrency N] [--cases sqlite,postgres,postgres-2] [--skip-build]
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

from benchlib import patchbay_runner, postgres_database, psql_command, release_binaries, start_simulator, write_config

CASES = {"sqlite": ("SQLite, one daemon", 1), "postgres": ("PostgreSQL, one daemon", 1), "postgres-2": ("PostgreSQL, two daemons", 2)}


def job_state_reader(home, database, job):
    """A function returning the job's stored state: sqlite3 on the home's file, or psql on the PostgreSQL database."""
    if database is None:
        connection = sqlite3.connect(os.path.join(home, "cmdb.sqlite"))
        return lambda: connection.execute("SELECT state FROM jobs WHERE id = ?", (job,)).fetchone()[0]
    command, environment = psql_command(database, "-t", "-A", "-c", f"SELECT state FROM jobs WHERE id = {job}")
    return lambda: subprocess.run(command, env=environment, capture_output=True, text=True, check=True).stdout.strip()


def run_case(case, bin_dir, args, kbs):
    label, daemons = CASES[case]
    patchbay = os.path.join(bin_dir, "patchbay")
    home = tempfile.mkdtemp(prefix=f"patchbay-bench-jobs-{case}-")
    sim = None
    try:
        scenario = ["server:", "  users:", "    - {name: 'CORP\\bench', password: 'Bench-Secret-1', role: administrator}",
                    "catalog:", "  seed: none", "  updates:"]
        scenario += [f"    - {{kb: {kb}, title: 'Bench update {kb}', products: ['Windows Server 2022'], reboot: never}}" for kb in kbs]
        scenario += ["groups:", "  - {name: Bench}", "computers:"]
        scenario += [f"  - {{name: bench{i}.bench.example, ip: 10.20.{i // 256}.{i % 256}, os: 'Windows Server 2022', groups: [Bench],"
                     " last_sync: 1h, last_report: 1h}" for i in range(args.servers)]
        scenario += ["approvals:"] + [f"  - {{update: {kb}, group: All Computers}}" for kb in kbs]
        with open(os.path.join(home, "scenario.yaml"), "w") as f:
            f.write("\n".join(scenario) + "\n")
        sim, url, _ = start_simulator(bin_dir, os.path.join(home, "scenario.yaml"))
        jobs = (f"jobs:\n  agent: simulated\n  concurrency: {args.concurrency}\n  per_tenant: {args.concurrency * daemons}\n"
                "  lease_seconds: 30\n  verify_interval_seconds: 1\n")
        config = write_config(home, url, "CORP\\bench", "Bench-Secret-1", jobs + "daemon:\n  host_id: bench01\n")
        database = None
        if case.startswith("postgres"):
            database = postgres_database()
            if database is None:
                print(f"  {label}: skipped (no PostgreSQL: run it through scripts/with-postgres.sh, as `make bench` does)")
                return None
            with open(config) as f:
                text = f.read().replace("cmdb:\n  sqlite: cmdb.sqlite\n",
                                        f"cmdb:\n  postgres: {{url: \"{database[0]}\", password_file: {database[1]}, pool: 8}}\n")
            with open(config, "w") as f:
                f.write(text)
        configs = [config]
        for index in range(2, daemons + 1):
            other = os.path.join(home, f"patchbay-{index}.yaml")
            with open(config) as f:
                text = f.read().replace("host_id: bench01", f"host_id: bench{index:02d}")
            with open(other, "w") as f:
                f.write(text)
            configs.append(other)
        env = dict(os.environ, PATCHBAY_CONFIG=config)
        run = patchbay_runner(patchbay, env)
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

        logs = [open(os.path.join(home, f"daemon-{index}.log"), "w") for index in range(daemons)]
        start = time.monotonic()
        processes = [subprocess.Popen([patchbay, "daemon", "--config", path], env=env, stdout=log, stderr=subprocess.STDOUT)
                     for path, log in zip(configs, logs)]
        # The job's state straight from the CMDB: `job show` of a 1,000-server job would cost more than the runner.
        read_state = job_state_reader(home, database, job)
        state = ""
        while state not in ("completed", "completed-with-errors", "waiting-for-action", "cancelled"):
            time.sleep(0.2)
            state = read_state()
        seconds = time.monotonic() - start
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait()
        writes = 0
        for index, log in enumerate(logs):
            log.close()
            with open(os.path.join(home, f"daemon-{index}.log")) as f:
                stop = [l for l in f if "stopped:" in l and "job runner" in l][-1]
            writes += int(re.search(r"(\d+) CMDB write transaction", stop).group(1))
        counts = json.load(urllib.request.urlopen(url + "/control/fleet/installs"))
        installs = sum(sum(per.values()) for per in counts.values())
        exactly_once = len(counts) == args.servers and all(per.get(kb) == 1 for per in counts.values() for kb in kbs)
        if state != "completed" or not exactly_once:
            sys.exit(f"{label}: job {job} ended {state}; every patch installed exactly once: {exactly_once}")
        return {"label": label, "seconds": seconds, "applies": args.servers / seconds, "installs": installs / seconds,
                "writes": writes / seconds, "write_count": writes}
    finally:
        if sim is not None:
            sim.terminate()
            sim.wait()
        shutil.rmtree(home, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", type=int, default=1000)
    parser.add_argument("--patches", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--cases", default="sqlite,postgres,postgres-2")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    cases = args.cases.split(",")
    if any(case not in CASES for case in cases):
        sys.exit(f"--cases takes {', '.join(CASES)}")

    bin_dir = release_binaries(args.skip_build)
    kbs = [f"KB59{index:05d}" for index in range(1, args.patches + 1)]
    print(f"job throughput: one job, {args.patches} patches x {args.servers} servers, zero-delay simulated agent, "
          f"{args.concurrency} chains at once per daemon; every patch installed exactly once in each case")
    results = [result for result in (run_case(case, bin_dir, args, kbs) for case in cases) if result]
    anchor = results[0] if results and results[0]["label"] == CASES["sqlite"][0] else None
    for result in results:
        beside = f"  ({result['applies'] / anchor['applies']:.2f}x the SQLite anchor)" if anchor and result is not anchor else ("  (anchor)" if anchor else "")
        print(f"  {result['label']:<26} {result['applies']:7.1f} server-applies/s{beside}; {result['installs']:.1f} patch installs/s; "
              f"{result['writes']:.1f} CMDB write transactions/s ({result['write_count']} in {result['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
