import ArgumentParser

struct PatchbayCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "patchbay",
        abstract: "Windows patch management on top of Microsoft WSUS: CMDB, discovery, apply jobs and a terminal console.",
        discussion: """
            Every command reads the configuration file named by --config, else $PATCHBAY_CONFIG, else
            /etc/patchbay/patchbay.yaml. Run 'patchbay demo' to get a working configuration and a seeded CMDB.
            On a terminal, 'patchbay' with no command opens the console ('patchbay console').
            Every operation on the CMDB, successful or refused, is written to the audit log ('patchbay audit list').

            EXIT CODES
              0    success
              1    a job followed with --wait did not complete (waiting for action, completed with errors, cancelled)
              10   bad arguments or bad input (nothing was changed)
              20   file or path error (missing configuration, unreadable file, secret readable by others)
              101  a conflicting command is running (or the CMDB stayed locked)
              102  not permitted
              255  unexpected error, or a WSUS server that could not be read (the message names the cause)
            """,
        version: version,
        subcommands: [ConsoleCommand.self, DemoCommand.self, DaemonCommand.self, UpdateInfoCommand.self, PatchCommand.self, JobCommand.self, MailCommand.self, TenantCommand.self, UserCommand.self, ServerCommand.self, AuditCommand.self, AgentCommand.self, CMDBCommand.self]
    )

    // Declared here too so that `patchbay --config FILE tenant list` works as well as the option after the command.
    @OptionGroup var global: GlobalOptions
}
