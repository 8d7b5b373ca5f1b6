import Chaff

/// Renders reports as one self-contained HTML document for a browser
/// (`chaff score --format html`): each page's lines with the injected ones
/// marked, its blocks with their reasons, and a table of every page at the end.
///
/// The document is written in pieces, so that a folder of pages streams:
/// ``header()`` once, ``section(_:lines:explanations:decoding:)`` for each
/// page, then ``footer()``. It is also well-formed XML (void elements closed,
/// only the five XML escapes, no control characters), so that tools can parse it.
struct HTMLReportRenderer {
    /// The threshold the lines were flagged at, for the heading.
    let threshold: Double
    /// Longest line shown, in Unicode scalars; a longer line is cut, with a note.
    var width = 2_000
    /// One row of the closing table per page rendered.
    private var pages: [(id: String, source: String, verdict: PageReport.Verdict, score: Double, blocks: Int, lines: Int)] = []

    init(threshold: Double) {
        self.threshold = threshold
    }

    /// The document's start: head, styles and the report's heading.
    func header() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="generator" content="chaff \(ChaffVersion.string)"/>
        <title>Chaff report</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>
        <h1>Chaff report</h1>
        <p class="intro">Lines with a probability of at least \(JSONWriter.format(threshold, decimals: 3)) are flagged \
        (<span class="mark">▶</span>); runs of flagged lines are reported as blocks, with the n-grams and signals \
        that decided them. <a href="#pages">All pages</a> are listed at the end.</p>

        """
    }

    /// One page: its heading and verdict, its blocks, and every line with its score.
    ///
    /// - Parameters:
    ///   - lines: the page's lines, as the report numbers them.
    ///   - explanations: each line's explanation (`--explain`), shown folded under it.
    ///   - decoding: how the page was decoded, when worth a word.
    mutating func section(
        _ report: PageReport, lines: [String], explanations: [LineExplanation]? = nil, decoding: String? = nil
    ) -> String {
        let id = "p\(pages.count + 1)"
        pages.append((id, report.source, report.verdict, report.score, report.blocks.count, report.lines.count))
        let injected = report.verdict == .injected
        var out = "<section class=\"page \(injected ? "injected" : "clean")\" id=\"\(id)\">\n"
        out += "<h2><span class=\"verdict\">\(injected ? "INJECTED" : "clean")</span>\(Self.escape(report.source))"
        if let decoding { out += " <span class=\"note\">(\(Self.escape(decoding)))</span>" }
        out += "</h2>\n<p class=\"summary\">"
        if injected {
            out += "\(counted(report.blocks.count, "block")), score \(JSONWriter.format(report.score, decimals: 3))"
        } else {
            out += "highest line score \(JSONWriter.format(report.score, decimals: 3))"
        }
        out += "; \(counted(report.lines.count, "line"))</p>\n"
        if !report.blocks.isEmpty {
            out += "<ul class=\"blocks\">\n"
            for block in report.blocks {
                out += "<li><a href=\"#\(id)-l\(block.firstLine)\">\(block.lineRange)</a>, score \(JSONWriter.format(block.score, decimals: 3))"
                if !block.reasons.isEmpty { out += ": " }
                out += block.reasons.map { "<span class=\"reason\">\(Self.escape($0))</span>" }.joined(separator: " ")
                out += "</li>\n"
            }
            out += "</ul>\n"
        }
        out += "<table class=\"lines\"><tbody>\n"
        for line in report.lines {
            let text = line.number - 1 < lines.count ? lines[line.number - 1] : ""
            out += "<tr id=\"\(id)-l\(line.number)\""
            if line.injected { out += " class=\"flagged\"" }
            if let place = Self.place(of: line) { out += " title=\"\(Self.escape(place))\"" }
            out += "><td class=\"n\">\(line.injected ? "▶ " : "")\(line.number)</td>"
            out += "<td class=\"s\">\(JSONWriter.format(line.score, decimals: 3))</td><td class=\"t\">"
            out += Self.escape(text, limit: width)
            if let explanations, line.number - 1 < explanations.count, !explanations[line.number - 1].contributions.isEmpty {
                out += Self.explanation(explanations[line.number - 1])
            }
            out += "</td></tr>\n"
        }
        return out + "</tbody></table>\n</section>\n"
    }

    /// The table of every page rendered, and the document's end.
    func footer() -> String {
        var out = "<section id=\"pages\">\n<h2>All pages</h2>\n<p class=\"summary\">"
        let injected = pages.count(where: { $0.verdict == .injected })
        out += pages.isEmpty ? "No page was scored." : "\(injected) of \(counted(pages.count, "page")) with injected blocks."
        out += "</p>\n"
        if !pages.isEmpty {
            out += "<table class=\"pages\"><thead><tr><th>page</th><th>verdict</th><th>score</th><th>blocks</th><th>lines</th></tr></thead><tbody>\n"
            for page in pages {
                let verdict = page.verdict == .injected ? "INJECTED" : "clean"
                out += "<tr class=\"\(page.verdict.rawValue)\"><td><a href=\"#\(page.id)\">\(Self.escape(page.source))</a></td>"
                out += "<td>\(verdict)</td><td class=\"s\">\(JSONWriter.format(page.score, decimals: 3))</td>"
                out += "<td class=\"s\">\(page.blocks)</td><td class=\"s\">\(page.lines)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out + "</section>\n</body>\n</html>\n"
    }

    /// A line's explanation, folded: the log-odds each input added, and the n-grams that weighed most.
    private static func explanation(_ explanation: LineExplanation) -> String {
        var out = "<details><summary>why</summary>"
        if let part = explanation.scoredPart { out += "<div>scored by its leading part: \(escape(part))</div>" }
        out += "<div>log-odds: " + explanation.contributions
            .map { "\(escape($0.input)) \(JSONWriter.format($0.logOdds, decimals: 2))" }.joined(separator: ", ") + "</div>"
        out += "<div>n-grams: " + explanation.ngrams
            .map { "\(escape($0.text)) \(JSONWriter.format($0.weight, decimals: 2))" }.joined(separator: ", ") + "</div>"
        return out + "</details>"
    }

    /// Where an HTML page's line came from, for its row's tooltip.
    private static func place(of line: PageReport.Line) -> String? {
        switch (line.sourceLine, line.tagPath) {
        case (let source?, let path?): "source line \(source), \(path)"
        case (let source?, nil): "source line \(source)"
        case (nil, let path?): path
        case (nil, nil): nil
        }
    }

    /// `text` as HTML character data or an attribute value: `&`, `<`, `>`,
    /// `"` and `'` escaped, and the characters XML forbids (controls but the
    /// tab, U+FFFE, U+FFFF) and the C1 controls shown as U+FFFD. A text longer
    /// than `limit` scalars is cut there, with a note saying so.
    static func escape(_ text: String, limit: Int = .max) -> String {
        var out = String.UnicodeScalarView()
        var shown = 0
        for scalar in text.unicodeScalars {
            guard shown < limit else {
                out.append(contentsOf: "<span class=\"cut\">… (cut at \(limit) characters)</span>".unicodeScalars)
                break
            }
            shown += 1
            switch scalar.value {
            case 0x26: out.append(contentsOf: "&amp;".unicodeScalars)
            case 0x3C: out.append(contentsOf: "&lt;".unicodeScalars)
            case 0x3E: out.append(contentsOf: "&gt;".unicodeScalars)
            case 0x22: out.append(contentsOf: "&quot;".unicodeScalars)
            case 0x27: out.append(contentsOf: "&#39;".unicodeScalars)
            case 0x09: out.append(scalar)
            case 0...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static let style = """
        body { font: 14px/1.45 system-ui, sans-serif; color: #1b1b1b; max-width: 72em; margin: 2em auto; padding: 0 1em; }
        h1 { font-size: 1.4em; }
        h2 { font-size: 1.1em; margin-top: 2.5em; padding-bottom: .3em; border-bottom: 1px solid #ccc; word-break: break-all; }
        .verdict { display: inline-block; margin-right: .6em; padding: 0 .5em; border-radius: 3px; color: #fff; font-size: .85em; }
        .injected .verdict { background: #b3261e; }
        .clean .verdict { background: #2e7d32; }
        .note, .summary, .intro { color: #555; }
        .mark, tr.flagged td.n, tr.flagged td.s { color: #b3261e; font-weight: bold; }
        .reason { display: inline-block; margin: 0 .15em .2em 0; padding: 0 .4em; border-radius: 3px; background: #f1f1f1; }
        table { border-collapse: collapse; width: 100%; }
        table.lines { font: 13px/1.4 ui-monospace, monospace; }
        td, th { padding: 1px .5em; vertical-align: top; border-bottom: 1px solid #eee; text-align: left; }
        td.n, td.s { text-align: right; white-space: nowrap; color: #777; }
        td.t { white-space: pre-wrap; word-break: break-word; width: 100%; }
        tr.flagged td { background: #fde8e8; }
        details { color: #555; font: 12px/1.4 system-ui, sans-serif; }
        summary { cursor: pointer; }
        .cut { color: #999; }
        """
}
