import Console

/// A canvas as a golden file: the text as the user reads it, then where it is styled (the selected row, errors,
/// warnings), so a golden also catches a selection on the wrong row or a refusal that lost its colour.
enum GoldenDump {
    static func text(_ canvas: Canvas, scene: String, language: String) -> String {
        var lines = ["scene \(scene), \(language), \(canvas.width)x\(canvas.height)", String(repeating: "─", count: canvas.width)]
        lines.append(canvas.text)
        lines.append("── styles (row: role first-last column)")
        for row in 0..<canvas.height {
            var runs: [String] = []
            var column = 0
            while column < canvas.width {
                let role = canvas.cell(row: row, column: column).role
                var end = column
                while end + 1 < canvas.width && canvas.cell(row: row, column: end + 1).role == role { end += 1 }
                if role != .normal { runs.append("\(role.rawValue) \(column)-\(end)") }
                column = end + 1
            }
            if !runs.isEmpty { lines.append("\(row): " + runs.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
