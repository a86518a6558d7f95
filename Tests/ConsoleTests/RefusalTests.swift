import Console
import Foundation
import PatchbayCore
import Testing

/// A refusal from the services reaches the screen with its fix, worded for the console (its keys and screens,
/// never a command line) and in the user's language.
@Suite("Console: refusals carry their fix")
struct RefusalTests {
    static let wizard = ApplyWizardTests().wizard()

    /// Screen lines read as one text, as a person reads a wrapped message.
    static func flowed<Lines: Sequence<String>>(_ lines: Lines) -> String {
        lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    func screenLines(_ state: ApplyWizard, _ language: Language) -> [String] {
        ApplyWizard.render(state, strings: ConsoleStrings(language), width: 80, height: 24).text
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("a refused job in the wizard shows why and what to do in the wizard, on the lines above the key hints")
    func wizardShowsFix() {
        let refusal = Refusal(.badArguments, "the start time 2020-01-01T00:00:00Z is not in the future", remedy: .laterStartOrNow)
        let refused = ApplyWizard.refused(Self.wizard, refusal)
        let english = screenLines(refused, .en)
        let message = Self.flowed(english[19...22])
        #expect(message.contains("is not in the future") && message.contains("fix: go back (←) to step 4 and give a later time, or choose Now"),
                "\(english.joined(separator: "\n"))")
        // Japanese wraps between characters: read the lines as one text.
        let japanese = screenLines(refused, .ja).map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        #expect(japanese.contains("実行できません") && japanese.contains("対処") && japanese.contains("手順4"), "\(japanese)")
        #expect(!english.joined().contains("patchbay ") && !english.joined().contains("--at"))
    }

    @Test("every kind of fix has console words in both languages that name no command or option")
    func everyRemedyIsWorded() {
        let remedies: [Remedy] = [
            .advice("choose a shorter name"), .see(.tenants), .see(.users), .see(.servers), .see(.jobs), .see(.deadMail),
            .seeTenantsOrUse("infrastructure"), .useOrAddTenant("acme"), .useExistingUserIDs(separator: ";"),
            .showJob(4, .servers), .showJob(4, .state), .fillIn(.name), .add(.tenant), .leaveOutTenantOrChooseDualAdmin,
            .nameJobOwner, .laterStartOrNow, .leaveOutNotNeeded, .knownPatchOrRefresh, .chooseAnotherOrUpdate(.user),
            .reassignServers, .emptyTenant, .logInAgain,
        ]
        for language in [Language.en, .ja] {
            let words = remedies.map { ConsoleStrings(language).remedy($0) }
            for (remedy, text) in zip(remedies, words) {
                #expect(!text.isEmpty && !text.contains("patchbay ") && !text.contains("--"), "\(language) \(remedy): \(text)")
            }
            #expect(Set(words).count >= remedies.count - 3, "distinct advice, not one sentence for all")
        }
        #expect(ConsoleStrings(.ja).remedy(.see(.servers)) != ConsoleStrings(.en).remedy(.see(.servers)))
    }

    @Test("a refused job action in the monitor shows its fix after the reason")
    func monitorShowsFix() {
        var app = ConsoleApp(header: .init(product: "Patchbay", version: "0", cmdb: "c", wsus: "w"), language: .en, width: 80, height: 24)
        app = ConsoleApp.update(app, .loggedIn(user: "acme-user", language: .en, data: SessionData(patches: [], servers: [], states: [:], at: Date()))).0
        app = ConsoleApp.update(app, .key(.character("m"))).0
        app = ConsoleApp.update(app, .jobActionDone(.refused(Refusal(.badArguments, "job 4 has no server 'WEB09'", remedy: .showJob(4, .servers))))).0
        let text = Self.flowed(ConsoleApp.render(app).text.split(separator: "\n").map(String.init))
        #expect(text.contains("job 4 has no server 'WEB09'") && text.contains("fix: open the job in the job monitor (m, Enter) to see its servers"),
                "\(text)")
    }
}
