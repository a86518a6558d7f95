/// Where an operator asked for an action: the console, or a command typed in a shell.
public enum ActionChannel: String, Sendable, Hashable {
    case console, command
}
