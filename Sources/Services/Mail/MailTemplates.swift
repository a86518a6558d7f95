import Foundation
import PatchbayCore

/// Mail texts in files, one per event and language: the first line is the subject, the rest the body,
/// `{{name}}` a variable. Built-in texts ship in Resources/MailTemplates/<language>/<event>.txt; a
/// configured folder with the same layout overrides any of them. A template that names a variable its event
/// does not have is refused when the templates are loaded, with its file and line.
public struct MailTemplates: Sendable {
    public enum Event: String, Sendable, CaseIterable {
        case applyRequest = "apply-request"
        case jobAccepted = "job-accepted"
        case jobServerError = "job-server-error"
        case jobServerStopped = "job-server-stopped"
        case jobFailed = "job-failed"
        case jobCompleted = "job-completed"
        case jobCancelled = "job-cancelled"

        /// The variables a template of this event may use (docs/operations.md, "Mail templates").
        public var variables: Set<String> {
            switch self {
            case .applyRequest: return ["recipient", "tenant", "patch_count", "patches"]
            default: return ["job_id", "owner", "patches", "server_count", "server", "detail", "state"]
            }
        }

        init(_ kind: JobEventKind) {
            switch kind {
            case .accepted: self = .jobAccepted
            case .serverError: self = .jobServerError
            case .serverStopped: self = .jobServerStopped
            case .failed: self = .jobFailed
            case .completed: self = .jobCompleted
            case .cancelled: self = .jobCancelled
            }
        }
    }

    struct Template: Sendable {
        var source: String
        var subject: String
        var body: String
    }

    private let templates: [String: Template]

    /// The built-in templates, with those in `overrides` (if given) in their place.
    public static func load(overrides folder: String? = nil) throws -> MailTemplates {
        var templates: [String: Template] = [:]
        for language in Language.allCases {
            for event in Event.allCases {
                let key = "\(language.rawValue)/\(event.rawValue)"
                var path = builtInFolder.map { $0 + "/" + key + ".txt" }
                if let folder, FileManager.default.fileExists(atPath: folder + "/" + key + ".txt") { path = folder + "/" + key + ".txt" }
                guard let path, let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw PatchbayError.fileError("the mail template \(key).txt is missing", fix: "reinstall Patchbay with its resource bundle, or add the file to the templates folder")
                }
                templates[key] = try parse(text, source: path, event: event)
            }
        }
        return MailTemplates(templates: templates)
    }

    /// The built-in templates; a broken installation falls back to bare texts rather than losing mail.
    public static let builtIn: MailTemplates = (try? load()) ?? MailTemplates(templates: [:])

    static var builtInFolder: String? {
        Bundle.module.url(forResource: "MailTemplates", withExtension: nil, subdirectory: "Resources")?.path
    }

    static func parse(_ text: String, source: String, event: Event) throws -> Template {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard let subject = lines.first, !subject.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PatchbayError.badArguments("\(source) line 1: the first line must be the subject", fix: "write the subject on the first line, the body below it")
        }
        for (index, line) in lines.enumerated() {
            for name in variables(in: line) where !event.variables.contains(name) {
                throw PatchbayError.badArguments("\(source) line \(index + 1): unknown variable {{\(name)}}",
                                                 fix: "use one of: \(event.variables.sorted().joined(separator: ", "))")
            }
        }
        return Template(source: source, subject: subject, body: lines.dropFirst().joined(separator: "\n"))
    }

    static func variables(in line: String) -> [String] {
        var names: [String] = []
        var rest = Substring(line)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// A job mail in the owner's language.
    public func render(_ content: JobMailContent, language: Language) -> (subject: String, body: String) {
        render(Event(content.kind), language: language, values: MailWords.values(content, language: language))
    }

    /// An apply-request mail in the recipient's language.
    public func render(_ content: ApplyRequestContent, language: Language) -> (subject: String, body: String) {
        render(.applyRequest, language: language, values: MailWords.values(content, language: language))
    }

    /// The subject and body for `event` in `language`, with the template variables filled in.
    func render(_ event: Event, language: Language, values: [String: String]) -> (subject: String, body: String) {
        // Values come from WSUS titles, servers' output and names people typed; a mail read in a terminal client
        // must not act on an escape they carry. Their own line breaks stay.
        let values = values.mapValues(VisibleText.page)
        guard let template = templates["\(language.rawValue)/\(event.rawValue)"] ?? templates["en/\(event.rawValue)"] else {
            return ("[Patchbay] \(event.rawValue)", values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n")
        }
        return (Self.fill(template.subject, values), Self.fill(template.body, values))
    }

    /// One pass over the template: each `{{name}}` becomes its value, and a value is never scanned again, so a
    /// server name or a WSUS title holding `{{…}}` is printed as it is.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            result += rest[..<open.lowerBound]
            result += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}
