/// The one cursor every list of the console uses: the selected row and the first row on screen, kept inside
/// the list and its window whatever the rows, the window height or the keys do.
public struct ListCursor: Sendable, Hashable {
    public enum Motion: Sendable, Hashable, CaseIterable {
        case up, down, pageUp, pageDown, home, end
    }

    public private(set) var selected = 0
    public private(set) var top = 0

    public init(selected: Int = 0) {
        self.selected = max(selected, 0)
    }

    /// Moves the selection over `count` rows shown `page` at a time, scrolling so that it stays on screen.
    public mutating func move(_ motion: Motion, count: Int, page: Int) {
        let page = max(page, 1)
        switch motion {
        case .up: selected -= 1
        case .down: selected += 1
        case .pageUp: selected -= page
        case .pageDown: selected += page
        case .home: selected = 0
        case .end: selected = count - 1
        }
        fit(count: count, page: page)
    }

    /// Scrolls a text with no selection (a log, a report): the window moves, by a line or a page.
    public mutating func scroll(_ motion: Motion, count: Int, page: Int) {
        let page = max(page, 1)
        let lastTop = max(count - page, 0)
        switch motion {
        case .up: top -= 1
        case .down: top += 1
        case .pageUp: top -= page
        case .pageDown: top += page
        case .home: top = 0
        case .end: top = lastTop
        }
        top = min(max(top, 0), lastTop)
        selected = top
    }

    /// Keeps a scrolled window inside the text after the text or the window changed.
    public mutating func fitScroll(count: Int, page: Int) {
        top = min(max(top, 0), max(count - max(page, 1), 0))
        selected = top
    }

    /// Puts the selection on a row again after the rows changed (a refresh that moved the selected job); the
    /// window follows when next fitted to a height.
    public mutating func select(_ index: Int, count: Int) {
        selected = index
        clamp(count: count)
    }

    /// Puts the selection on `index` of rows that were read again, keeping it on the same line of the screen as
    /// before (the rows above it scroll instead), so a refresh does not make the list jump.
    public mutating func follow(to index: Int, count: Int) {
        let line = selected - top
        selected = min(max(index, 0), max(count - 1, 0))
        top = max(selected - line, 0)
    }

    /// Keeps the selection on a row and on screen after the rows or the window changed.
    public mutating func fit(count: Int, page: Int) {
        let page = max(page, 1)
        selected = min(max(selected, 0), max(count - 1, 0))
        if selected < top { top = selected }
        if selected - top >= page { top = selected - page + 1 }
        top = min(max(top, 0), max(count - page, 0))
        if selected < top { top = selected }
    }

    /// Keeps the selection on a row when the rows changed; the window follows when next fitted to a height.
    public mutating func clamp(count: Int) {
        selected = min(max(selected, 0), max(count - 1, 0))
        top = min(top, selected)
    }

    /// The rows on screen.
    public func window(count: Int, page: Int) -> Range<Int> {
        let start = min(top, max(count, 0))
        return start..<min(start + max(page, 1), max(count, 0))
    }

    /// The motion a key asks for in a list that has no binding table of its own (a picker inside a screen).
    public static func motion(for key: Key) -> Motion? {
        bindings { $0 }.action(for: key)
    }

    /// The keys every list moves by, as bindings of the screen's own action.
    public static func bindings<Action>(_ action: (Motion) -> Action) -> [KeyBinding<Action>] {
        [
            KeyBinding([.up, .character("k")], "Up", action(.up), visible: false),
            KeyBinding([.down, .character("j")], "Down", action(.down), visible: false),
            KeyBinding([.pageUp], "Page up", action(.pageUp), visible: false),
            KeyBinding([.pageDown], "Page down", action(.pageDown), visible: false),
            KeyBinding([.home, .character("g")], "Top", action(.home), visible: false),
            KeyBinding([.end, .character("G")], "Bottom", action(.end), visible: false),
        ]
    }
}
