"""Shared steps of the benchmarks: release binaries, a running WSUS simulator and its control API, a throwaway
PostgreSQL database."""
import json
import os
import re
import socket
import subprocess
import sys
import uuid

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


def control_posts(url, path, bodies, batch=500):
    """POSTs each JSON body to the simulator's control API at `path` over one keep-alive connection, `batch`
    requests pipelined; exits naming the body on the first refusal."""
    host, port = url[len("http://"):].split(":")
    sock = socket.create_connection((host, int(port)))
    reader = sock.makefile("rb")
    try:
        for start in range(0, len(bodies), batch):
            chunk = bodies[start:start + batch]
            requests = []
            for body in chunk:
                data = json.dumps(body).encode()
                requests.append(b"POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
                                b"Content-Length: %d\r\n\r\n%s" % (path.encode(), host.encode(), len(data), data))
            sock.sendall(b"".join(requests))
            for body in chunk:
                status = reader.readline().split()
                length = 0
                while header := reader.readline().strip():
                    name, _, value = header.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                answer = reader.read(length)
                if len(status) < 2 or status[1] != b"200":
                    raise RuntimeError(f"POST {path} {body} failed: {b' '.join(status).decode()} {answer.decode(errors='replace')}")
    finally:
        reader.close()
        sock.close()


def postgres_database():
    """A fresh database in the throwaway cluster of scripts/with-postgres.sh; returns (its URL, the password
    file), or None without a cluster."""
    url, password_file = os.environ.get("PATCHBAY_TEST_POSTGRES_URL"), os.environ.get("PATCHBAY_TEST_POSTGRES_PASSWORD_FILE")
    if not url or not password_file:
        return None
    name = "bench_" + uuid.uuid4().hex[:12]
    user, host, port = re.match(r"postgres://([^@]+)@([^:/]+):(\d+)/", url).groups()
    subprocess.run(["psql", "-X", "-q", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-c", f"CREATE DATABASE {name}"],
                   env=dict(os.environ, PGPASSWORD=postgres_password(password_file)), check=True)
    return url.rsplit("/", 1)[0] + "/" + name, password_file


def postgres_password(password_file):
    with open(password_file) as f:
        return f.read().strip()


def psql_command(database, *arguments):
    """psql on a database of postgres_database(): (command, environment)."""
    url, password_file = database
    user, host, port, name = re.match(r"postgres://([^@]+)@([^:/]+):(\d+)/(\w+)", url).groups()
    return (["psql", "-X", "-q", "-h", host, "-p", port, "-U", user, "-d", name, *arguments],
            dict(os.environ, PGPASSWORD=postgres_password(password_file)))
