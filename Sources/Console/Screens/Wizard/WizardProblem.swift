/// Why the wizard does not go on, as a value: the words (English or Japanese) come from ConsoleStrings, never
/// from translating an English sentence back.
public enum WizardProblem: Error, Sendable, Hashable {
    case noServerChosen
    case noPatchChosen
    case timeFormat
    case timeInPast
    /// A local time the clocks skip when summer time starts in `zone`.
    case timeSkipped(zone: String)
    /// The services refused the job, and said what to do about it.
    case refused(Refusal)
}
