#!/usr/bin/env python3
"""Benchmark (not a test): discovery and listings of a generated 20,000-update x 10,000-computer WSUS.

Builds release binaries and starts wsus-sim with a generated scenario (about 1.2 million install states). Every
generated computer is registered as a server (1,000 in tenant `small`, the rest in `large`). Then, on a fresh
SQLite CMDB (and on a fresh PostgreSQL database when run through scripts/with-postgres.sh, as `make bench` does)
it measures, each command in a process of its own (wall time and that process's peak RSS):
  - full discovery (`patchbay update-info --repository`)
  - incremental discovery with nothing changed
  - incremental discovery after 1% of the computers changed one install state each (simulator control API)
  - `patch info --format csv` of every row, and of tenant `small` alone (memory must not grow with the rows)
and beside them, in the same run, the anchors:
  - the raw `sqlite3 .import` of the install-state rows discovery wrote into a table of the same shape (WAL);
    on PostgreSQL, psql's `\\copy` of the same rows
  - a client that makes the same WSUS calls and discards the answers (curl, NTLM, one connection, and as many
    connections as discovery uses): the simulator's and the transfer's share; and the catalog calls alone
    (updates, approvals, groups, summaries, computers), which every re-discovery makes
  - `sqlite3 -csv` (psql `\\copy … to stdout`) of the listing's rows
It ends with a table: each figure, its anchor, the ratio, and the goal of docs/development.md.

usage: scripts/bench-discovery.py [--updates N] [--computers N] [--cases sqlite,postgres] [--skip-build] [--keep]
"""
import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from benchlib import control_posts, postgres_database, psql_command, release_binaries, start_simulator, write_config

USER, PASSWORD = "CORP\\bench", "Bench-Secret-1"
SMALL_TENANT_SERVERS = 1000
CONNECTIONS = 4  # the default of `connections:` in a wsus entry
API = "http://www.microsoft.com/SoftwareDistribution/Server/ApiRemotingWebService"
SCOPE = "&lt;UpdateScope ApprovedStates=&quot;-1&quot; /&gt;"
COMPUTER_SCOPE = "&lt;ComputerTargetScope IncludeDownstreamComputerTargets=&quot;false&quot; /&gt;"
LISTING_SQL = """SELECT t.name, s.name, u.kb_numbers, u.title, u.classification, u.msrc_severity, st.state, st.source, st.observed_at,
    c.last_reported_at, u.update_id FROM servers s JOIN tenants t ON t.id = s.tenant_id JOIN computers c ON c.id = s.computer_key
    JOIN install_states st ON st.computer_key = c.id JOIN updates u ON u.update_id = st.update_id AND u.retired_at IS NULL
    ORDER BY t.name, s.name, u.kb_numbers"""


def run_measured(arguments, env, discard_output):
    """Runs one command; returns (seconds, peak RSS in MiB of that child, output)."""
    start = time.monotonic()
    result = subprocess.run(arguments, env=env, stdout=subprocess.DEVNULL if discard_output else subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed ({result.returncode}):\n{result.stderr}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, result.stdout or ""


def measured(command, env, discard_output=False):
    """Runs `command` from a fresh Python process, so that the peak RSS reported is that command's alone."""
    child = subprocess.run([sys.executable, __file__, "--measure-child", json.dumps([command, discard_output])], env=env,
                           capture_output=True, text=True)
    if child.returncode != 0:
        sys.exit(child.stdout + child.stderr)
    figures, _, output = child.stdout.partition("\n")
    seconds, peak = figures.split()
    return float(seconds), float(peak), output


def timed(command, **kwargs):
    start = time.monotonic()
    subprocess.run(command, check=True, **kwargs)
    return time.monotonic() - start


class Engine:
    """One CMDB (a SQLite file or a PostgreSQL database) in its own bench home, with its queries."""

    def __init__(self, name, home, database=None):
        self.name, self.home, self.database = name, home, database

    def rows(self, sql):
        if self.database is None:
            connection = sqlite3.connect(os.path.join(self.home, "cmdb.sqlite"))
            try:
                return connection.execute(sql).fetchall()
            finally:
                connection.close()
        command, env = psql_command(self.database, "-t", "-A", "-F", "\t", "-c", sql)
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def listing_anchor(self):
        """Seconds the database's own client takes to write the listing's rows as CSV (to /dev/null)."""
        if self.database is None:
            return timed(["sqlite3", "-csv", os.path.join(self.home, "cmdb.sqlite"), LISTING_SQL], stdout=subprocess.DEVNULL)
        command, env = psql_command(self.database, "-c", f"\\copy ({' '.join(LISTING_SQL.split())}) to stdout csv")
        return timed(command, env=env, stdout=subprocess.DEVNULL)

    def import_anchor(self):
        """Seconds a raw bulk load of the install-state rows discovery wrote takes, into a table of the same shape."""
        csv = os.path.join(self.home, "install_states.csv")
        if self.database is None:
            cmdb = os.path.join(self.home, "cmdb.sqlite")
            with open(csv, "w") as f:
                subprocess.run(["sqlite3", "-csv", cmdb, "SELECT * FROM install_states"], stdout=f, check=True)
            schema = subprocess.run(["sqlite3", cmdb, ".schema install_states"], capture_output=True, text=True, check=True).stdout
            raw = os.path.join(self.home, "raw.sqlite")
            subprocess.run(["sqlite3", raw], input="PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n" + schema, text=True,
                           check=True, capture_output=True)
            return timed(["sqlite3", raw, ".import --csv " + csv + " install_states"])
        command, env = psql_command(self.database, "-c", "\\copy install_states to " + csv + " csv")
        subprocess.run(command, env=env, check=True)
        command, env = psql_command(self.database, "-c", "CREATE TABLE raw_states (LIKE install_states INCLUDING ALL)")
        subprocess.run(command, env=env, check=True)
        command, env = psql_command(self.database, "-c", "\\copy raw_states from " + csv + " csv")
        return timed(command, env=env)


def fetch_only(url, computer_ids, connections, home):
    """Seconds curl takes to make discovery's WSUS calls of a full run and discard the answers."""
    def entry(operation, parameters):
        body = "".join(f"<{name}>{value}</{name}>" for name, value in parameters)
        envelope = ('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
                    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>'
                    f'<{operation} xmlns="{API}">{body}</{operation}></soap:Body></soap:Envelope>')
        quoted = envelope.replace("\\", "\\\\").replace('"', '\\"')
        action = f'\\"{API}/{operation}\\"'
        return (f'url = "{url}/ApiRemoting30/WebService.asmx"\nheader = "Content-Type: text/xml; charset=utf-8"\n'
                f'header = "SOAPAction: {action}"\ndata-binary = "{quoted}"\noutput = "/dev/null"\nntlm\n'
                f'user = "{USER.replace(chr(92), chr(92) * 2)}:{PASSWORD}"\n')
    catalog = [("ExecuteSPSearchUpdates", [("updateScopeXml", SCOPE), ("preferredCulture", "en"), ("publicationState", "2147483647")]),
               ("ExecuteSPGetDeployments", [("updateScopeXml", SCOPE), ("preferredCulture", "en"), ("publicationState", "2147483647")]),
               ("ExecuteSPGetAllTargetGroups", []),
               ("ExecuteSPGetSummariesPerComputer", [("updateScopeXml", SCOPE), ("computerTargetScopeXml", COMPUTER_SCOPE),
                                                     ("preferredCulture", "en"), ("publicationState", "2147483647")]),
               ("ExecuteSPSearchComputers", [("computerTargetScopeXml", COMPUTER_SCOPE)])]
    entries = [entry(op, parameters) for op, parameters in catalog]
    entries += [entry("ExecuteSPGetUpdateInstallationInfoForComputer", [("computerId", c), ("updateScopeXml", SCOPE), ("preferredCulture", "en"),
                                                                       ("publicationState", "2147483647")]) for c in computer_ids]
    config = os.path.join(home, "fetch.curlrc")
    with open(config, "w") as f:
        f.write("next\n".join(entries))
    parallel = ["-Z", "--parallel-max", str(connections)] if connections > 1 else []
    return timed(["curl", "-s", "--no-progress-meter", "--fail", *parallel, "-K", config])


def run_engine(engine, patchbay, url, env, offset, figures):
    run = lambda *a, **k: subprocess.run([patchbay, *a], env=env, check=True, capture_output=True, text=True, **k)  # noqa: E731
    run("tenant", "add", "--name", "small")
    run("tenant", "add", "--name", "large")
    run("server", "add", "--file", os.path.join(os.path.dirname(engine.home), "servers.csv"))
    label = engine.name
    discovery = [patchbay, "update-info", "--repository"]

    full, full_rss, out = measured(discovery, env)
    print(f"[{label}] full discovery: {full:.1f} s, peak RSS {full_rss:.0f} MiB\n  " + out.strip().replace("\n", "\n  "), flush=True)
    states = int(engine.rows("SELECT count(*) FROM install_states")[0][0])
    figures.append((label, "full discovery", f"{full:.1f} s", None))
    figures.append((label, "full discovery, peak RSS", f"{full_rss:.0f} MiB", None))

    same, same_rss, _ = measured(discovery, env)
    figures.append((label, "incremental, nothing changed", f"{same:.2f} s ({same_rss:.0f} MiB)", (same / full, "of full", 0.05)))

    # 1% of the computers: one install state each flips (installed <-> failed).
    picks = engine.rows("""SELECT c.full_domain_name, s.update_id, s.state FROM computers c JOIN install_states s ON s.computer_key = c.id
                           WHERE s.update_id = (SELECT MIN(update_id) FROM install_states WHERE computer_key = c.id) ORDER BY c.id""")[offset::100]
    control_posts(url, "/control/install-state", [{"computer": name, "update": update, "state": "failed" if state == "installed" else "installed"}
                                                  for name, update, state in picks])
    changed, changed_rss, out = measured(discovery, env)
    print(f"[{label}] after {len(picks)} computers changed: {changed:.2f} s\n  " + out.strip().replace("\n", "\n  "), flush=True)
    figures.append((label, f"incremental, {len(picks)} computers (1%) changed", f"{changed:.2f} s ({changed_rss:.0f} MiB)",
                    (changed / full, "of full", 0.10)))

    raw = engine.import_anchor()
    figures.append((label, f"raw bulk load of the {states:,} install states", f"{raw:.1f} s",
                    (full / raw, "full discovery ÷ this", 10.0)))

    listing, listing_rss, _ = measured([patchbay, "patch", "info", "--format", "csv"], env, discard_output=True)
    small, small_rss, _ = measured([patchbay, "patch", "info", "--format", "csv", "--tenant", "small"], env, discard_output=True)
    anchor = engine.listing_anchor()
    figures.append((label, "patch info --format csv, every row", f"{listing:.1f} s ({listing_rss:.0f} MiB)", (listing / anchor, "of the client's CSV", 3.0)))
    figures.append((label, "the database client's CSV of the same rows", f"{anchor:.1f} s", None))
    figures.append((label, "patch info --format csv, tenant small (10%)", f"{small:.1f} s ({small_rss:.0f} MiB)",
                    (listing_rss / small_rss, "RSS of every row ÷ this", 1.5)))
    return {"full discovery": full, "incremental, nothing changed": same, "incremental, 1% changed": changed,
            "patch info --format csv, every row": listing}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=20000)
    parser.add_argument("--computers", type=int, default=10000)
    parser.add_argument("--cases", default="sqlite,postgres")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the bench homes and print where they are")
    parser.add_argument("--measure-child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure_child:  # internal: run one command in a fresh process so its peak RSS is its own
        command, discard = json.loads(args.measure_child)
        seconds, peak, out = run_measured(command, os.environ.copy(), discard)
        print(f"{seconds:.3f} {peak:.1f}")
        sys.stdout.write(out)
        return

    bin_dir = release_binaries(args.skip_build)
    patchbay = os.path.join(bin_dir, "patchbay")
    root = tempfile.mkdtemp(prefix="patchbay-bench-discovery-")
    sim = None
    figures = []
    try:
        scenario = os.path.join(root, "scenario.yaml")
        with open(scenario, "w") as f:
            f.write(f"server:\n  users:\n    - {{name: '{USER}', password: '{PASSWORD}', role: administrator}}\n"
                    f"catalog: {{seed: none}}\ngenerate: {{updates: {args.updates}, computers: {args.computers}, seed: 42}}\n")
        with open(os.path.join(root, "servers.csv"), "w") as f:
            f.write("ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name\n")
            for i in range(args.computers):  # the generator's names and addresses
                tenant = "small" if i < SMALL_TENANT_SERVERS else "large"
                f.write(f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256},GEN{i},{tenant},,gen{i},,gen{i}.generated.example\n")
        step = time.monotonic()
        sim, url, line = start_simulator(bin_dir, scenario)
        print(f"WSUS simulator: {line} ({time.monotonic() - step:.1f} s to start)", flush=True)

        cases = args.cases.split(",")
        seconds_by_engine = {}
        for index, case in enumerate(cases):
            home = os.path.join(root, case)
            os.makedirs(home)
            database = None
            extra = ""
            if case == "postgres":
                database = postgres_database()
                if database is None:
                    print("[postgres] skipped (no PostgreSQL: run it through scripts/with-postgres.sh, as `make bench` does)")
                    continue
                extra = f"cmdb:\n  postgres: {{url: \"{database[0]}\", password_file: {database[1]}}}\n"
            config = write_config(home, url, USER, PASSWORD)
            if extra:  # the PostgreSQL CMDB replaces the SQLite one of write_config
                with open(config) as f:
                    text = f.read().replace("cmdb:\n  sqlite: cmdb.sqlite\n", extra)
                with open(config, "w") as f:
                    f.write(text)
            engine = Engine({"sqlite": "SQLite", "postgres": "PostgreSQL"}[case], home, database)
            env = dict(os.environ, PATCHBAY_CONFIG=config)
            seconds_by_engine[case] = run_engine(engine, patchbay, url, env, offset=index * 50, figures=figures)
            if index == 0:
                computer_ids = [row[0] for row in engine.rows("SELECT computer_id FROM computers")]
                catalog = fetch_only(url, [], 1, root)
                figures.append(("WSUS", "catalog calls only, answers discarded (curl)", f"{catalog:.2f} s",
                                (catalog / seconds_by_engine[case]["full discovery"], "of full: the floor of any re-discovery", None)))
                one = fetch_only(url, computer_ids, 1, root)
                several = fetch_only(url, computer_ids, CONNECTIONS, root)
                figures.append(("WSUS", "same calls, answers discarded (curl, 1 connection)", f"{one:.1f} s", None))
                figures.append(("WSUS", f"same calls, answers discarded (curl, {CONNECTIONS} connections)", f"{several:.1f} s",
                                (seconds_by_engine[case]["full discovery"] / several, "full discovery ÷ this", None)))
        if "sqlite" in seconds_by_engine and "postgres" in seconds_by_engine:
            # The goal on PostgreSQL: each figure within twice SQLite's of the same run.
            for name, seconds in seconds_by_engine["postgres"].items():
                ratio = seconds / seconds_by_engine["sqlite"][name]
                figures.append(("PostgreSQL", f"{name}, against SQLite", f"{ratio:.2f}×", (ratio, "", 2.0)))
    finally:
        if sim:
            sim.terminate()
            sim.wait()
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    print(f"\n{'engine':<11} {'figure':<52} {'measured':<22} {'against its anchor':<34} goal")
    for engine, label, value, comparison in figures:
        against, goal = "", ""
        if comparison:
            ratio, what, target = comparison
            percent = what.startswith("of full") if what else False
            if what:
                against = f"{ratio * 100:.1f}% {what}" if percent else f"{ratio:.2f}× ({what})"
            if target is not None:
                goal = (f"≤ {target * 100:.0f}%" if percent else f"≤ {target:g}×") + (" met" if ratio <= target else " MISSED")
        print(f"{engine:<11} {label:<52} {value:<22} {against:<34} {goal}")


if __name__ == "__main__":
    main()
