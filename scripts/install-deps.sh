#!/usr/bin/env bash
# Installs, idempotently, what building and testing Patchbay needs beyond Swift. Needs root (or sudo) for apt-get.
#   libcurl4-openssl-dev  the WSUS adapter's transport (NTLM, Negotiate, TLS)
#   libxml2-dev           the SAX parser that reads WSUS responses
#   sqlite3               tests inspect the CMDB file with the sqlite3 shell
#   curl                  tests talk to the WSUS simulator with an NTLM client nobody here wrote
#   socat, openssl        tests put a TLS front (test CA) before the simulator to check the adapter's HTTPS path
#   openssh-server        the ssh agent is tested through a real sshd on loopback (and the product runs ssh)
#   zeep, requests-ntlm   (PyPI) a standard SOAP client reads the simulator through the real WSDL
#   aiosmtpd              (PyPI) a real SMTP server (STARTTLS, AUTH) for the mail tests
#   libncurses-dev        the console (ncursesw)
#   postgresql-15         the CMDB's second engine: the tests start a throwaway cluster (scripts/with-postgres.sh)
#   faketime             a second host whose clock runs ten minutes ahead, to show leases go by the database's clock
#   pyte                  (PyPI) a terminal emulator the console tests read the screen with, through a real pty
#   tree-sitter, tree-sitter-powershell  (PyPI) the PowerShell grammar the agent script is parsed with (no PowerShell here)
set -euo pipefail

apt_packages=(libcurl4-openssl-dev libxml2-dev sqlite3 curl socat openssl openssh-server openssh-client libncurses-dev postgresql-15 faketime)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

if ! python3 -c "import zeep, requests_ntlm, aiosmtpd, pyte, tree_sitter, tree_sitter_powershell" 2>/dev/null; then
  echo "installing from PyPI: zeep requests-ntlm aiosmtpd pyte tree-sitter tree-sitter-powershell"
  python3 -m pip install -q --disable-pip-version-check zeep requests-ntlm aiosmtpd pyte tree-sitter tree-sitter-powershell
fi
