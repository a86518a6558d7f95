import Console
import Foundation

/// One step of a console scenario in a pty. Keys are named by the action they do on a screen, looked up in that
/// screen's binding table, so a scenario reads like the screens and follows their tables when a key changes.
/// Every wait is for something on the screen (or the program's exit), never a sleep.
struct ConsoleStep {
    let json: [[Any]]

    private init(_ json: [[Any]]) { self.json = json }

    // MARK: keys, named from the screens' tables

    static func loginForm(_ action: LoginScreen.Action) -> ConsoleStep { press(key(action, in: [LoginScreen.keys(LoginScreen())])) }
    static func patches(_ action: PatchListScreen.Action) -> ConsoleStep { press(key(action, in: patchListTables)) }
    static func servers(_ action: ServerListScreen.Action) -> ConsoleStep { press(key(action, in: [KeyTable(ServerListScreen.bindings)])) }
    static func wizard(_ action: ApplyWizard.Action) -> ConsoleStep { press(key(action, in: wizardTables)) }
    static func monitor(_ action: JobMonitorScreen.Action) -> ConsoleStep { press(key(action, in: monitorTables)) }
    static func status(_ action: StatusScreen.Action) -> ConsoleStep { press(key(action, in: [KeyTable(StatusScreen.bindings)])) }
    static func global(_ action: GlobalAction) -> ConsoleStep { press(key(action, in: [KeyTable(GlobalKeys.bindings)])) }

    /// `count` presses of a list's motion (↓ by default).
    static func move(_ motion: ListCursor.Motion = .down, times count: Int = 1) -> ConsoleStep {
        let bindings = ListCursor.bindings { $0 }
        return ConsoleStep(Array(repeating: ["send", TerminalKeys.bytes(key(motion, in: [KeyTable(bindings)]))], count: count))
    }

    static func press(_ key: Key) -> ConsoleStep { ConsoleStep([["send", TerminalKeys.bytes(key)]]) }

    /// Text typed into a field, the filter or the wizard's time.
    static func type(_ text: String) -> ConsoleStep { ConsoleStep([["send", text]]) }

    // MARK: what the screen shows

    static func expect(_ text: String, timeout: Double = 10) -> ConsoleStep { ConsoleStep([["expect", text, timeout]]) }
    static func expectGone(_ text: String, timeout: Double = 10) -> ConsoleStep { ConsoleStep([["expect_gone", text, timeout]]) }
    /// A row holding `text` that is (or is not) the selected one.
    static func expectLine(_ text: String, selected: Bool, timeout: Double = 10) -> ConsoleStep {
        ConsoleStep([["expect_line", text, selected, timeout]])
    }
    /// Row `row` (from 0) shows `text`: e.g. the hint bar on the last row after a resize.
    static func expectRow(_ row: Int, _ text: String, timeout: Double = 10) -> ConsoleStep { ConsoleStep([["expect_row", row, text, timeout]]) }
    /// `text` stays on screen for `seconds` (what must not happen yet, e.g. a session ending early).
    static func holds(_ text: String, seconds: Double) -> ConsoleStep { ConsoleStep([["holds", text, seconds]]) }
    /// Keeps the screen as it is now for the test to read (`Run.screens`).
    static var screen: ConsoleStep { ConsoleStep([["screen"]]) }
    static func cell(row: Int, column: Int) -> ConsoleStep { ConsoleStep([["cell", row, column]]) }
    static var environ: ConsoleStep { ConsoleStep([["environ"]]) }

    // MARK: around the console

    /// Another command run to its end while the console waits, as from a second terminal.
    static func run(_ argv: [String]) -> ConsoleStep { ConsoleStep([["run", argv]]) }
    static func resize(columns: Int, rows: Int) -> ConsoleStep { ConsoleStep([["resize", columns, rows]]) }
    /// The terminal goes away at once (an SSH client killed).
    static var hangUp: ConsoleStep { ConsoleStep([["kill"]]) }
    static func exits(within seconds: Double = 10) -> ConsoleStep { ConsoleStep([["wait_exit", seconds]]) }

    // MARK: common walks

    /// Log in as `user` with the demo password and wait for the patch list.
    static func login(_ user: String, password: String = "patchbay-demo", japanese: Bool = false) -> ConsoleStep {
        let strings = ConsoleStrings(japanese ? .ja : .en)
        return [.expect(strings.login, timeout: 15), .type(user), .loginForm(.nextField), .type(password), .loginForm(.submit),
                .expect("Patchbay — \(strings.patches)", timeout: 15)].joined()
    }

    // MARK: tables

    static func key<A>(_ action: A, in tables: [KeyTable<A>]) -> Key {
        for table in tables {
            if let binding = table.bindings.first(where: { $0.action == action }) { return binding.keys[0] }
        }
        preconditionFailure("no screen binds \(action)")
    }

    static var patchListTables: [KeyTable<PatchListScreen.Action>] {
        PatchListScreen.Mode.allCases.map { mode in
            var state = PatchListScreen(rows: [])
            state.mode = mode
            return PatchListScreen.keys(state)
        }
    }

    static var monitorTables: [KeyTable<JobMonitorScreen.Action>] {
        var asking = JobMonitorScreen()
        asking.mode = .confirming(.quit)
        return [KeyTable(JobMonitorScreen.bindings), JobMonitorScreen.keys(asking)]
    }

    /// Every step's table (the done step with a job to open).
    static var wizardTables: [KeyTable<ApplyWizard.Action>] {
        ApplyWizard.Step.allCases.map { step in
            var state = ApplyWizard(servers: [], needed: [], preselected: [], now: Date(timeIntervalSince1970: 0))
            state.step = step
            state.jobID = 1
            return ApplyWizard.keys(state)
        }
    }
}

extension Array where Element == ConsoleStep {
    func joined() -> ConsoleStep { ConsoleStep.sequence(self) }
}

extension ConsoleStep {
    static func sequence(_ steps: [ConsoleStep]) -> ConsoleStep { ConsoleStep(steps.flatMap(\.json)) }
}
