#!/usr/bin/env bash
# Profiles one full discovery of a generated WSUS with perf: patchbay and wsus-sim each recorded on its own
# (call graphs for patchbay), on a fresh SQLite CMDB with every generated computer registered as a server.
# Prints both processes' CPU time, patchbay's wall time and peak RSS, and the top of each profile; the
# recordings stay in the printed folder for `perf report -i …`. Release binaries must be built.
# usage: scripts/profile-discovery.sh [UPDATES] [COMPUTERS]
set -euo pipefail
updates=${1:-20000}
computers=${2:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$root" && swift build -c release --show-bin-path)
home=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-profile-XXXXXX")
cat > "$home/scenario.yaml" <<YAML
server:
  users:
    - {name: 'CORP\bench', password: 'Bench-Secret-1', role: administrator}
catalog: {seed: none}
generate: {updates: $updates, computers: $computers, seed: 42}
YAML
"$bin/wsus-sim" --scenario "$home/scenario.yaml" --port 0 > "$home/sim.out" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
until grep -q http "$home/sim.out"; do sleep 0.5; done
url=$(grep -o 'http://[^/]*' "$home/sim.out" | head -1)
printf 'Bench-Secret-1\n' > "$home/wsus.password"
chmod 600 "$home/wsus.password"
cat > "$home/patchbay.yaml" <<YAML
cmdb:
  sqlite: cmdb.sqlite
wsus:
  - name: bench
    url: $url
    username: 'CORP\bench'
    password_file: wsus.password
    timeout_seconds: 600
YAML
export PATCHBAY_CONFIG=$home/patchbay.yaml
"$bin/patchbay" tenant add --name bench > /dev/null
{
  echo "ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name"
  for ((i = 0; i < computers; i++)); do
    echo "10.$((i / 65536 % 256)).$((i / 256 % 256)).$((i % 256)),GEN$i,bench,,gen$i,,gen$i.generated.example"
  done
} > "$home/servers.csv"
"$bin/patchbay" server add --file "$home/servers.csv" > /dev/null
sim_before=$(awk '{print $14 + $15}' /proc/$sim/stat)
perf record -F 499 -o "$home/sim.data" -p $sim 2> /dev/null &
recorder=$!
/usr/bin/time -f "patchbay: %e s wall, %U s user, %S s system, peak RSS %M KiB" \
  perf record -F 499 -g -o "$home/patchbay.data" "$bin/patchbay" update-info --repository 2> "$home/time.txt" > "$home/discovery.txt"
kill -INT $recorder; wait $recorder || true
sim_after=$(awk '{print $14 + $15}' /proc/$sim/stat)
head -1 "$home/discovery.txt"
grep '^patchbay:' "$home/time.txt"
echo "wsus-sim: $(( (sim_after - sim_before) / $(getconf CLK_TCK) )) s CPU while serving"
echo "--- patchbay, by function (children included)"
perf report -i "$home/patchbay.data" --children --sort sym --stdio -g none 2> /dev/null | grep -v '^#' | grep -v '^$' \
  | swift demangle --simplified | grep -v 'thunk\|partial apply\|0x0000' | head -40 | cut -c1-150
echo "--- wsus-sim, by function (self)"
perf report -i "$home/sim.data" --no-children --sort sym --stdio 2> /dev/null | grep -v '^#' | grep -v '^$' \
  | swift demangle --simplified | head -15 | cut -c1-150
echo "recordings: $home"
