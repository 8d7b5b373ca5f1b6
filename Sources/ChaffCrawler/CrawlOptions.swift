import Foundation

/// The command line of `chaff-crawl`, parsed by hand in the style of
/// swift-argument-parser (the package takes no dependencies).
struct CrawlOptions {
    var startURL: URL
    var model: String?
    var maxPages = 100
    var maxDepth = 5
    var delay = 1.0
    var concurrency = 4
    var timeout = 30.0
    var threshold: Double?
    var out: String?
    var userAgent = "chaff-crawl/1.0 (Chaff example crawler)"
    /// Whether each report carries the page's text without its injected lines.
    var cleanedText = false
    /// Whether blocks come with their reasons (not with `--no-reasons`).
    var explainsBlocks = true
    /// The product token matched against robots.txt `User-agent` lines.
    var robotsAgent = "chaff"

    static let usage = "chaff-crawl [--max-pages N] [--max-depth N] [--delay SECONDS] [--concurrency N] [--out FILE] [--model FILE] [--cleaned-text] [--no-reasons] START-URL"

    static let help = """
        OVERVIEW: Crawl one site breadth-first and score every page with Chaff.

        An example of embedding Chaff in a crawler: the model is loaded once, one
        PageScorer is shared by all fetch tasks, and each response is scored from its
        bytes and Content-Type header. Links are followed on the start URL's host (and
        port) only; robots.txt (groups 'chaff' or '*') is obeyed.

        USAGE: \(usage)

        ARGUMENTS:
          START-URL             Where to start (http or https).

        OPTIONS:
          --max-pages N         Fetch at most N pages (default 100; robots.txt not counted).
          --max-depth N         Follow links at most N steps from the start page (default 5).
          --delay SECONDS       Wait at least this long between requests to one host
                                (default 1; a larger robots.txt Crawl-delay wins).
          --concurrency N       Fetch up to N pages at a time (default 4).
          --timeout SECONDS     Give up on a request after this long (default 30).
          -t, --threshold P     Flag lines with probability at least P (default 0.5).
          -o, --out FILE        Write the reports to FILE instead of standard output.
          -m, --model FILE      The model (default: CHAFF_MODEL, PREFIX/share/chaff/ beside
                                the binary, or Models/ of the checkout it was built in).
          --user-agent TEXT     The User-Agent header (default '\(CrawlOptions(startURL: URL(fileURLWithPath: "/")).userAgent)').
          --cleaned-text        Add "cleanedText" to each report: the page's text without
                                its injected lines, as 'chaff score --cleaned-text' does.
          --no-reasons          Leave every block's reasons out ("reasons": []), as
                                'chaff score --no-reasons' does: the same verdicts and
                                blocks, scored faster on pages with many blocks.
          -h, --help            Show help information.

        OUTPUT:
          One JSON object per HTML or text page, in the order pages finish: the report of
          'chaff score --format jsonl' with "url" and "status" first. At the end, a summary
          on standard error lists the pages that carry injected blocks.

        EXIT STATUS:
          0 the crawl ran; 1 the model or the start page could not be loaded; 64 usage error.

        EXAMPLES:
          chaff-crawl --max-pages 50 https://www.example.gov.cn/
          chaff-crawl --delay 0 --concurrency 8 --out reports.jsonl http://127.0.0.1:8000/

        """

    struct UsageError: Error {
        let message: String
    }

    /// Parses the arguments (without the program name); nil means `--help` was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> CrawlOptions? {
        var values: [String: String] = [:]
        var positionals: [String] = []
        var flags: Set<String> = []
        let takesValue: [String: String] = [
            "--max-pages": "--max-pages", "--max-depth": "--max-depth", "--delay": "--delay",
            "--concurrency": "--concurrency", "--timeout": "--timeout", "--threshold": "--threshold", "-t": "--threshold",
            "--out": "--out", "-o": "--out", "--model": "--model", "-m": "--model", "--user-agent": "--user-agent",
        ]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return nil }
            if argument == "--cleaned-text" || argument == "--no-reasons" {
                flags.insert(argument)
                continue
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                positionals.append(argument)
                continue
            }
            var name = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard let key = takesValue[name] else { throw UsageError(message: "Unknown option '\(name)'") }
            if value == nil {
                guard index < arguments.count else { throw UsageError(message: "Missing value for '\(name)'") }
                value = arguments[index]
                index += 1
            }
            guard values[key] == nil else { throw UsageError(message: "Option '\(name)' given more than once") }
            values[key] = value
        }
        guard positionals.count == 1 else {
            throw UsageError(message: positionals.isEmpty ? "Missing expected argument 'START-URL'"
                                                          : "Unexpected argument '\(positionals[1])'")
        }
        guard let url = URL(string: positionals[0]), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw UsageError(message: "Invalid START-URL '\(positionals[0])': expected an http or https URL")
        }
        var options = CrawlOptions(startURL: url)
        func integer(_ name: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int? {
            guard let text = values[name] else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw UsageError(message: "Invalid value '\(text)' for '\(name)': expected an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        func number(_ name: String, _ range: ClosedRange<Double>) throws(UsageError) -> Double? {
            guard let text = values[name] else { return nil }
            guard let number = Double(text), range.contains(number) else {
                throw UsageError(message: "Invalid value '\(text)' for '\(name)': expected a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        options.maxPages = try integer("--max-pages", 1...10_000_000) ?? options.maxPages
        options.maxDepth = try integer("--max-depth", 0...1000) ?? options.maxDepth
        options.concurrency = try integer("--concurrency", 1...256) ?? options.concurrency
        options.delay = try number("--delay", 0...3600) ?? options.delay
        options.timeout = try number("--timeout", 0.1...3600) ?? options.timeout
        options.threshold = try number("--threshold", 0...1)
        options.out = values["--out"]
        options.model = values["--model"]
        options.userAgent = values["--user-agent"] ?? options.userAgent
        options.cleanedText = flags.contains("--cleaned-text")
        options.explainsBlocks = !flags.contains("--no-reasons")
        return options
    }
}
