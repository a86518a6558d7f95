/// Where a list's window starts so that the selected row is on screen.
enum ListScrolling {
    static func top(keeping selected: Int, visible top: Int, pageHeight: Int) -> Int {
        if selected < top { return selected }
        if selected >= top + pageHeight { return selected - pageHeight + 1 }
        return top
    }
}
