#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: Debian's PostgreSQL 15, initdb as the unprivileged
# `postgres` user (as root) or as the caller, listening on loopback only at a free port, torn down when the
# command ends, however it ends. The command sees where the cluster is in
#   PATCHBAY_TEST_POSTGRES_URL            postgres://patchbay@127.0.0.1:PORT/postgres (no password in it)
#   PATCHBAY_TEST_POSTGRES_PASSWORD_FILE  the role's password, a private file
#   PATCHBAY_TEST_POSTGRES_CA_FILE        the authority that signed the server's TLS certificate (127.0.0.1, localhost)
# The server takes TLS and plain connections alike, so both settings of cmdb.postgres.tls can be tried.
# The role `patchbay` may create databases: each test makes its own and drops it.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: PostgreSQL's server is not installed; run scripts/install-deps.sh (it installs postgresql-15)" >&2
  exit 20
fi

folder=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-pg-XXXXXX")
chmod 700 "$folder"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root.
  chown postgres: "$folder"
  run_as=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')

stop() {
  "${run_as[@]}" "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT

"${run_as[@]}" "$bin/initdb" -D "$folder/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 \
  || { cat "$folder/initdb.log" >&2; exit 20; }
# A throwaway certificate authority and a server certificate it signed, for the TLS tests.
tls="$folder/tls"
mkdir -p "$tls"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$tls/san.ext"
( cd "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj "/CN=Patchbay PostgreSQL Test CA" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 -extfile san.ext 2>/dev/null )
chmod 600 "$tls/server.key"
[ ${#run_as[@]} -eq 0 ] || chown -R postgres: "$tls"
"${run_as[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/data/server.log" -w -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c ssl=on -c ssl_cert_file=$tls/server.pem -c ssl_key_file=$tls/server.key" start >/dev/null \
  || { cat "$folder/data/server.log" >&2; exit 20; }
"${run_as[@]}" "$bin/psql" -h "$folder" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE patchbay LOGIN CREATEDB PASSWORD '$password'"

umask 077
printf '%s\n' "$password" > "$folder/password"
export PATCHBAY_TEST_POSTGRES_URL="postgres://patchbay@127.0.0.1:$port/postgres"
export PATCHBAY_TEST_POSTGRES_PASSWORD_FILE="$folder/password"
export PATCHBAY_TEST_POSTGRES_CA_FILE="$tls/ca.pem"
echo "with-postgres: a throwaway PostgreSQL cluster on 127.0.0.1:$port" >&2
"$@"
