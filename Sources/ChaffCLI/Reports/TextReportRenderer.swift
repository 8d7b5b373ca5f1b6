import Chaff

/// Renders a report for a terminal: every line of the page with its score,
/// injected lines marked, then the blocks and their reasons.
struct TextReportRenderer {
    /// Whether to use ANSI colours.
    let colors: Bool
    /// Longest line shown, in characters; longer lines end with `…`.
    var width = 160

    /// The report of one page whose lines are `lines`.
    ///
    /// - Parameter decoding: how the page was decoded, shown after its source when given.
    func render(_ report: PageReport, lines: [String], explanations: [LineExplanation]? = nil, decoding: String? = nil) -> String {
        var out = ""
        let verdict = report.verdict == .injected
            ? paint("INJECTED", "1;31") + " (\(counted(report.blocks.count, "block")), score \(JSONWriter.format(report.score, decimals: 3)))"
            : paint("clean", "32") + " (highest line score \(JSONWriter.format(report.score, decimals: 3)))"
        out += paint("== \(report.source)\(decoding.map { " (\($0))" } ?? ""): ", "1") + verdict + "\n"
        let numberWidth = String(report.lines.count).count
        for line in report.lines {
            let text = line.number - 1 < lines.count ? lines[line.number - 1] : ""
            let number = String(line.number)
            let padded = String(repeating: " ", count: numberWidth - number.count) + number
            let score = JSONWriter.format(line.score, decimals: 3)
            let scoreColumn = score + String(repeating: " ", count: max(0, 5 - score.count))
            let shown = text.count > width ? String(text.prefix(width)) + "…" : text
            if line.injected {
                out += paint("▶ \(padded) \(scoreColumn) │ \(shown)", "31") + "\n"
            } else {
                out += "  \(padded) \(scoreColumn) │ \(shown)\n"
            }
            if let explanations, line.number - 1 < explanations.count, !explanations[line.number - 1].contributions.isEmpty {
                let indent = String(repeating: " ", count: numberWidth + 10) + "│   "
                let explanation = explanations[line.number - 1]
                if let part = explanation.scoredPart { out += indent + "scored by its leading part: \(part)\n" }
                out += indent + "log-odds: " + explanation.contributions
                    .map { "\($0.input) \(JSONWriter.format($0.logOdds, decimals: 2))" }.joined(separator: ", ") + "\n"
                out += indent + "n-grams: " + explanation.ngrams
                    .map { "\($0.text) \(JSONWriter.format($0.weight, decimals: 2))" }.joined(separator: ", ") + "\n"
            }
        }
        for block in report.blocks {
            out += paint("block \(block.lineRange)", "1") + ", score \(JSONWriter.format(block.score, decimals: 3))"
                + (block.reasons.isEmpty ? "" : ": " + block.reasons.joined(separator: ", ")) + "\n"
        }
        return out + "\n"
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension PageReport.Block {
    /// Where the block is, for reports: "line 37", "lines 12–15".
    var lineRange: String {
        firstLine == lastLine ? "line \(firstLine)" : "lines \(firstLine)–\(lastLine)"
    }
}
