"""Shared steps of the benchmarks: release binaries and a running WSUS simulator."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binaries(skip_build):
    """Builds (unless told not to) and returns the folder of the release binaries."""
    if not skip_build:
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    return subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


def start_simulator(bin_dir, scenario):
    """Starts wsus-sim on a free port; returns (process, base URL, its first line)."""
    sim = subprocess.Popen([os.path.join(bin_dir, "wsus-sim"), "--scenario", scenario, "--port", "0"],
                           stdout=subprocess.PIPE, text=True)
    line = sim.stdout.readline()
    return sim, line[line.index("http://"):line.index("/ApiRemoting30")], line.strip()


def write_config(home, url, user, password, extra=""):
    """patchbay.yaml (and the WSUS password file) for a benchmark home."""
    secret = os.path.join(home, "wsus.password")
    with open(secret, "w") as f:
        f.write(password + "\n")
    os.chmod(secret, 0o600)
    config = os.path.join(home, "patchbay.yaml")
    with open(config, "w") as f:
        f.write(f"cmdb:\n  sqlite: cmdb.sqlite\nwsus:\n  - name: bench\n    url: {url}\n    username: '{user}'\n"
                f"    password_file: wsus.password\n    timeout_seconds: 600\n{extra}")
    return config


def patchbay_runner(patchbay, env):
    """A function that runs `patchbay ARGS...` in the bench home and returns its output, or exits on failure."""
    def run(*arguments, stdin=None):
        result = subprocess.run([patchbay, *arguments], env=env, input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"patchbay {' '.join(arguments[:3])} failed ({result.returncode}):\n{result.stderr}")
        return result.stdout
    return run
