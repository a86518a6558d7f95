extension Migrations {
    /// The whole CMDB of docs/architecture.md §3. Timestamps are ISO 8601 UTC text so that `.dump` reads plainly and
    /// text order is time order. Later features fill the tables they own.
    static let schema001 = Migration(version: 1, name: "initial CMDB schema", statements: [
        """
        CREATE TABLE tenants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('infra-admin', 'dual-admin', 'tenant-admin', 'tenant-user')),
            tenant_id INTEGER REFERENCES tenants(id) ON DELETE RESTRICT,
            email TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT 'en',
            password_hash TEXT NOT NULL,
            locked INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (role NOT IN ('tenant-admin', 'tenant-user') OR tenant_id IS NOT NULL)
        )
        """,
        """
        CREATE TABLE login_failures (
            user_id TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """,
        "CREATE INDEX login_failures_user ON login_failures(user_id, at)",
        """
        CREATE TABLE servers (
            id INTEGER PRIMARY KEY,
            ip_address TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            host_name TEXT NOT NULL DEFAULT '',
            os_name TEXT NOT NULL DEFAULT '',
            wsus_computer_name TEXT NOT NULL DEFAULT '',
            computer_key INTEGER REFERENCES computers(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX servers_tenant ON servers(tenant_id)",
        "CREATE UNIQUE INDEX servers_wsus_name ON servers(lower(wsus_computer_name)) WHERE wsus_computer_name <> ''",
        """
        CREATE TABLE server_owners (
            server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
            position INTEGER NOT NULL,
            PRIMARY KEY (server_id, user_id)
        )
        """,
        "CREATE INDEX server_owners_user ON server_owners(user_id)",
        """
        CREATE TABLE wsus_servers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            version TEXT,
            last_discovery_at TEXT
        )
        """,
        """
        CREATE TABLE classifications (
            title TEXT PRIMARY KEY,
            id TEXT,
            policy TEXT NOT NULL CHECK (policy IN ('required', 'recommended'))
        )
        """,
        // Patch policy defaults of docs/architecture.md §1: Security and Critical Updates are required.
        """
        INSERT INTO classifications (title, id, policy) VALUES
            ('Security Updates', '0fa1201d-4330-4fa8-8ae9-b877473b6441', 'required'),
            ('Critical Updates', 'e6cf1350-c01b-414d-a61f-263d14d133b4', 'required')
        """,
        """
        CREATE TABLE updates (
            update_id TEXT NOT NULL,
            revision_number INTEGER NOT NULL,
            kb_numbers TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            classification TEXT NOT NULL DEFAULT '',
            products TEXT NOT NULL DEFAULT '',
            msrc_severity TEXT NOT NULL DEFAULT '',
            release_date TEXT,
            arrival_date TEXT,
            reboot_behavior INTEGER,
            is_declined INTEGER NOT NULL DEFAULT 0,
            is_expired INTEGER NOT NULL DEFAULT 0,
            is_superseded INTEGER NOT NULL DEFAULT 0,
            bulletins TEXT NOT NULL DEFAULT '',
            more_info_urls TEXT NOT NULL DEFAULT '',
            first_seen_at TEXT NOT NULL,
            retired_at TEXT,
            PRIMARY KEY (update_id, revision_number)
        )
        """,
        """
        CREATE TABLE wsus_updates (
            wsus_server_id INTEGER NOT NULL REFERENCES wsus_servers(id) ON DELETE CASCADE,
            update_id TEXT NOT NULL,
            revision_number INTEGER NOT NULL,
            missing_since TEXT,
            PRIMARY KEY (wsus_server_id, update_id, revision_number)
        )
        """,
        "CREATE INDEX updates_kb ON updates(kb_numbers)",
        """
        CREATE TABLE update_supersedence (
            update_id TEXT NOT NULL,
            superseded_update_id TEXT NOT NULL,
            PRIMARY KEY (update_id, superseded_update_id)
        )
        """,
        """
        CREATE TABLE target_groups (
            id INTEGER PRIMARY KEY,
            wsus_server_id INTEGER NOT NULL REFERENCES wsus_servers(id) ON DELETE CASCADE,
            group_id TEXT NOT NULL,
            name TEXT NOT NULL,
            parent_group_id TEXT,
            UNIQUE (wsus_server_id, group_id)
        )
        """,
        """
        CREATE TABLE computers (
            id INTEGER PRIMARY KEY,
            wsus_server_id INTEGER NOT NULL REFERENCES wsus_servers(id) ON DELETE CASCADE,
            computer_id TEXT NOT NULL,
            full_domain_name TEXT NOT NULL,
            ip_address TEXT NOT NULL DEFAULT '',
            os_description TEXT NOT NULL DEFAULT '',
            last_sync_at TEXT,
            last_reported_at TEXT,
            states_changed_at TEXT,
            first_seen_at TEXT NOT NULL,
            removed_at TEXT,
            UNIQUE (wsus_server_id, computer_id)
        )
        """,
        "CREATE INDEX computers_name ON computers(lower(full_domain_name))",
        """
        CREATE TABLE computer_target_groups (
            computer_key INTEGER NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
            target_group_key INTEGER NOT NULL REFERENCES target_groups(id) ON DELETE CASCADE,
            PRIMARY KEY (computer_key, target_group_key)
        )
        """,
        """
        CREATE TABLE computer_history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            wsus_server_id INTEGER NOT NULL,
            computer_id TEXT NOT NULL,
            full_domain_name TEXT NOT NULL,
            event TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE approvals (
            wsus_server_id INTEGER NOT NULL REFERENCES wsus_servers(id) ON DELETE CASCADE,
            update_id TEXT NOT NULL,
            revision_number INTEGER NOT NULL,
            target_group_id TEXT NOT NULL,
            action TEXT NOT NULL,
            deadline TEXT,
            approved_at TEXT,
            approved_by TEXT NOT NULL DEFAULT '',
            first_seen_at TEXT NOT NULL,
            PRIMARY KEY (wsus_server_id, update_id, revision_number, target_group_id)
        )
        """,
        """
        CREATE TABLE install_states (
            computer_key INTEGER NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
            update_id TEXT NOT NULL,
            state TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            PRIMARY KEY (computer_key, update_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE discovery_runs (
            id INTEGER PRIMARY KEY,
            wsus_server_name TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            result TEXT NOT NULL CHECK (result IN ('success', 'failure')),
            cleanup INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            details TEXT NOT NULL DEFAULT '',
            error TEXT
        )
        """,
        """
        CREATE TABLE new_approvals (
            wsus_server_id INTEGER NOT NULL,
            update_id TEXT NOT NULL,
            revision_number INTEGER NOT NULL,
            target_group_id TEXT NOT NULL,
            discovered_at TEXT NOT NULL,
            notified_at TEXT,
            PRIMARY KEY (wsus_server_id, update_id, revision_number, target_group_id)
        )
        """,
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            owner_id TEXT NOT NULL,
            tenant_id INTEGER REFERENCES tenants(id),
            state TEXT NOT NULL,
            scheduled_at TEXT,
            reboot INTEGER NOT NULL DEFAULT 0,
            monitor_seconds INTEGER NOT NULL DEFAULT 0,
            pre_script TEXT NOT NULL DEFAULT '',
            post_script TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX jobs_state ON jobs(state)",
        """
        CREATE TABLE job_patches (
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            update_id TEXT NOT NULL,
            revision_number INTEGER NOT NULL,
            kb TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (job_id, update_id, revision_number)
        )
        """,
        """
        CREATE TABLE job_chains (
            id INTEGER PRIMARY KEY,
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            server_id INTEGER NOT NULL REFERENCES servers(id),
            server_name TEXT NOT NULL,
            state TEXT NOT NULL,
            cancelled_at TEXT,
            lease_owner TEXT,
            lease_expires_at TEXT,
            UNIQUE (job_id, server_id)
        )
        """,
        "CREATE INDEX job_chains_state ON job_chains(state)",
        """
        CREATE TABLE job_processes (
            id INTEGER PRIMARY KEY,
            chain_id INTEGER NOT NULL REFERENCES job_chains(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            output TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            continued_after_failure INTEGER NOT NULL DEFAULT 0,
            UNIQUE (chain_id, position)
        )
        """,
        """
        CREATE TABLE mail_outbox (
            id INTEGER PRIMARY KEY,
            recipient TEXT NOT NULL,
            language TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            cause TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        )
        """,
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            tenant TEXT,
            operation TEXT NOT NULL,
            parameters TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE')),
            message TEXT
        )
        """,
        "CREATE INDEX audit_log_at ON audit_log(at)",
    ])
}
