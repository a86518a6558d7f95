import ArgumentParser

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file.", discussion: "Default: $PATCHBAY_CONFIG, else /etc/patchbay/patchbay.yaml.", valueName: "file"))
    var config: String?
}

/// How listing commands print their rows.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table (fits the terminal), csv or json.")
    var format: OutputFormat = .table
}
