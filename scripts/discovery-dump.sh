#!/bin/bash
# Prints what discovery stored in a SQLite CMDB, by natural keys (row ids differ between CMDBs), with the times
# Patchbay stamps masked and removed computers (kept for their history) left out: two CMDBs that hold the same
# WSUS data print the same, however they came to hold it. Used to check that a change to discovery stores what
# it stored before (docs/development.md) and by DiscoveryTests.
# usage: scripts/discovery-dump.sh CMDB.sqlite
set -euo pipefail
db=${1:?usage: scripts/discovery-dump.sh CMDB.sqlite}
q() { echo "-- $1"; sqlite3 "$db" "$1"; }
q "SELECT update_id, revision_number, kb_numbers, title, description, classification, products, msrc_severity, release_date, arrival_date, reboot_behavior, is_declined, is_expired, is_superseded, bulletins, more_info_urls, retired_at IS NULL FROM updates ORDER BY 1, 2"
q "SELECT w.name, u.update_id, u.revision_number, u.missing_since IS NULL FROM wsus_updates u JOIN wsus_servers w ON w.id = u.wsus_server_id ORDER BY 1, 2, 3"
q "SELECT update_id, superseded_update_id FROM update_supersedence ORDER BY 1, 2"
q "SELECT update_id, revision_number, target_group_id, action, deadline, approved_at, approved_by FROM approvals ORDER BY 1, 2, 3"
q "SELECT group_id, name, parent_group_id FROM target_groups ORDER BY 1"
q "SELECT computer_id, full_domain_name, ip_address, os_description, last_sync_at, last_reported_at, states_changed_at FROM computers WHERE removed_at IS NULL ORDER BY 1"
q "SELECT c.computer_id, g.group_id FROM computer_target_groups m JOIN computers c ON c.id = m.computer_key JOIN target_groups g ON g.id = m.target_group_key WHERE c.removed_at IS NULL ORDER BY 1, 2"
q "SELECT c.computer_id, s.update_id, s.state, s.source FROM install_states s JOIN computers c ON c.id = s.computer_key WHERE c.removed_at IS NULL ORDER BY 1, 2"
q "SELECT s.name, c.computer_id FROM servers s LEFT JOIN computers c ON c.id = s.computer_key ORDER BY 1"
