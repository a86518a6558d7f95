#!/usr/bin/env python3
"""Benchmark (not a test): discovery of a generated 20,000-update x 5,000-computer WSUS.

Builds release binaries, starts wsus-sim with a generated scenario, runs `patchbay update-info --repository`
twice (full, then incremental) against a fresh CMDB and prints wall time and peak memory (max RSS) of each.

usage: scripts/bench-discovery.py [--updates N] [--computers N] [--skip-build]
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from benchlib import release_binaries, start_simulator, write_config


def run_measured(arguments, env):
    """Runs one command; returns (seconds, peak RSS in MiB of that child, output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    result = subprocess.run(arguments, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed ({result.returncode}):\n{result.stderr}")
    # ru_maxrss of children is the largest of any child so far: measure each run in its own process tree.
    return seconds, max(peak, before) / 1024, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=20000)
    parser.add_argument("--computers", type=int, default=5000)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--measure-child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure_child:  # internal: run one command in a fresh process so its peak RSS is its own
        seconds, peak, out = run_measured(json.loads(args.measure_child), os.environ.copy())
        print(f"{seconds:.3f} {peak:.1f}")
        sys.stdout.write(out)
        return

    bin_dir = release_binaries(args.skip_build)
    home = tempfile.mkdtemp(prefix="patchbay-bench-")
    try:
        scenario = os.path.join(home, "scenario.yaml")
        with open(scenario, "w") as f:
            f.write("server:\n  users:\n    - {name: 'CORP\\bench', password: 'Bench-Secret-1', role: administrator}\n"
                    f"catalog: {{seed: none}}\ngenerate: {{updates: {args.updates}, computers: {args.computers}, seed: 42}}\n")
        sim, url, line = start_simulator(bin_dir, scenario)
        config = write_config(home, url, "CORP\\bench", "Bench-Secret-1")
        env = dict(os.environ, PATCHBAY_CONFIG=config)
        command = [os.path.join(bin_dir, "patchbay"), "update-info", "--repository"]
        print(f"WSUS simulator: {line}")
        for label in ["full discovery", "incremental re-discovery (nothing changed)"]:
            child = subprocess.run([sys.executable, __file__, "--measure-child", json.dumps(command)], env=env,
                                   capture_output=True, text=True, check=True)
            figures, _, output = child.stdout.partition("\n")
            seconds, peak = figures.split()
            print(f"{label}: {float(seconds):.1f} s, peak memory {float(peak):.0f} MiB")
            print("  " + output.strip().replace("\n", "\n  "))
        size = os.path.getsize(os.path.join(home, "cmdb.sqlite")) / 1024 / 1024
        print(f"CMDB size: {size:.0f} MiB")
        sim.terminate()
        sim.wait()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
