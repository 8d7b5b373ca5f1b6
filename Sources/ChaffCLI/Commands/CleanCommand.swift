import Chaff

/// `chaff clean`: writes a page's text without its injected blocks.
struct CleanCommand: Subcommand {
    static let name = "clean"
    static let abstract = "Print a page's text without its injected blocks."
    static let usage = "chaff clean [--model FILE] [--threshold P] [--as text|html] [--charset NAME] [PATH | -]"
    static let help = """
        OVERVIEW: \(abstract)

        Scores the page as 'chaff score' does and prints every line that is not
        flagged as injected, in order: the page's own text, what to index in place
        of the hijacked page. For an HTML page these are the lines Chaff reads from
        it (title, meta description and keywords, the text of each block element).
        What was removed is said on standard error.

        USAGE: \(usage)

        ARGUMENTS:
          PATH                  One page (.txt or any text, .html/.htm as HTML, gzip
                                compressed or not, in any common charset); '-' or none
                                reads standard input. For many pages, use
                                'chaff score --format jsonl --cleaned-text PATH...'.

        OPTIONS:
          -m, --model FILE      The model (default: the shipped model).
          -t, --threshold P     Remove lines with probability at least P (default 0.5).
          --as KIND             Read the input as 'text' or 'html' regardless of its name.
          --charset NAME        Read the input in this charset (as in 'chaff score').
          -h, --help            Show help information.

        EXIT STATUS:
          0 the page was read and cleaned (whether or not anything was removed);
          1 it could not be read, or it is binary data; 64 usage error.

        EXAMPLES:
          chaff clean page.html > page.txt
          curl -s https://example.org/ | chaff clean --as html -

        """
    static let options = [
        OptionSpec(names: ["--model", "-m"], takesValue: true),
        OptionSpec(names: ["--threshold", "-t"], takesValue: true),
        OptionSpec(names: ["--as"], takesValue: true),
        OptionSpec(names: ["--charset"], takesValue: true),
    ]

    let path: String
    let model: String?
    let threshold: Double
    let forcedKind: PageKind?
    let charset: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(
                message: "'chaff clean' takes one page; for many, use 'chaff score --format jsonl --cleaned-text'",
                command: Self.name)
        }
        path = arguments.positionals.first ?? "-"
        model = arguments.value("--model")
        threshold = try arguments.double("--threshold", in: 0...1, command: Self.name) ?? PageScorer.defaultThreshold
        forcedKind = try arguments.choice("--as", ["text", "html"], command: Self.name).flatMap(PageKind.init(rawValue:))
        charset = try arguments.charset(command: Self.name)
    }

    func run(_ console: Console) -> Int32 {
        guard let model = ModelLocator.load(explicit: model, console: console) else { return ExitCode.failure }
        // The cleaned text needs the flags, not the blocks' reasons.
        let scorer = PageScorer(model: model, threshold: threshold, explainsBlocks: false)
        let report: PageReport
        let page: PageInputs.Page
        // One page: nothing to share with other pages.
        var cache = PageScorer.LineCache(byteLimit: 0)
        do {
            (report, page) = try PageInputs.score(path, kind: forcedKind, charset: charset, scorer: scorer, cache: &cache)
        } catch {
            console.error("Error: cannot read '\(path)': \(error)")
            return ExitCode.failure
        }
        let text = page.cleanedText(for: report)
        if !text.isEmpty { console.line(text) }
        console.error(Self.removal(report))
        return ExitCode.success
    }

    /// What was removed, for standard error: `page.html: removed 3 of 120 lines (lines 12–13, 40)`,
    /// and whether a flagged title's site name was kept.
    static func removal(_ report: PageReport) -> String {
        guard !report.blocks.isEmpty else {
            return "\(report.source): clean (highest line score \(JSONWriter.format(report.score, decimals: 3))); nothing removed"
        }
        let removed = report.lines.count(where: \.injected)
        let ranges = report.blocks.map { $0.firstLine == $0.lastLine ? "\($0.firstLine)" : "\($0.firstLine)–\($0.lastLine)" }
        let noun = ranges.count == 1 && report.blocks[0].firstLine == report.blocks[0].lastLine ? "line" : "lines"
        let titles = report.lines.filter { $0.injected && $0.siteTitle != nil }.map { "line \($0.number)" }
        let kept = titles.isEmpty ? "" : "; kept the site's name from the title (\(titles.joined(separator: ", ")))"
        return "\(report.source): removed \(removed) of \(report.lines.count) lines (\(noun) \(ranges.joined(separator: ", ")))" + kept
    }
}
