import Chaff
import Foundation

/// `chaff score`: scores pages and reports injected blocks.
struct ScoreCommand: Subcommand {
    static let name = "score"
    static let abstract = "Score pages line by line and report injected blocks."
    static let usage = "chaff score [--model FILE] [--format text|json|jsonl|html] [--threshold P] [--as text|html] [--charset NAME] [--explain] [--cleaned-text] [--no-reasons] [--line-cache MB] [--jobs N] [--warc | --input jsonl] [PATH ...]"
    static let help = """
        OVERVIEW: \(abstract)

        Each line gets a calibrated probability of being injected; runs of flagged
        lines are reported as blocks, with the n-grams and signals that decided them.
        A line that comes again on a later page (a site's menus and footers) is
        featured once: each thread keeps the lines it has scored, up to 24 MiB
        (--line-cache). Reports are the same either way.

        USAGE: \(usage)

        ARGUMENTS:
          PATH                  Pages to score: .txt (or any text) as lines, .html/.htm as
                                HTML; folders are searched recursively; '-' or no PATH
                                reads standard input. Text in any common charset is
                                decoded: UTF-8, UTF-16 with a byte order mark, GB18030/GBK,
                                Big5, Shift_JIS, EUC-JP, EUC-KR, windows-1251/1252 (guessed
                                from the bytes). Gzip-compressed pages are decompressed
                                (page.html.gz is HTML). Binary data (a NUL byte in the
                                first 8 KB: images, archives) is not scored: a named file
                                is an error, a file found in a folder is skipped with a note.

        OPTIONS:
          -m, --model FILE      The model (default: the shipped model, found through
                                CHAFF_MODEL, PREFIX/share/chaff/ beside an installed
                                binary, or Models/ of the checkout the binary was built in).
          -f, --format FORMAT   text (default; the page with injected lines marked),
                                json (one object, or an array for several pages),
                                jsonl (one object per page per line), or html (one
                                self-contained HTML document: each page's lines with
                                the injected ones marked, its blocks and their reasons,
                                and a table of all pages; to open in a browser).
          -t, --threshold P     Flag lines with probability at least P (default 0.5).
          --as KIND             Read every input as 'text' or 'html' regardless of its name
                                (binary data included).
          --charset NAME        Read text and HTML inputs in this charset (gbk, big5,
                                shift_jis, euc-jp, euc-kr, windows-1251, ...), over what the
                                bytes or a <meta charset> suggest; valid UTF-8 with non-ASCII
                                text in it is still read as UTF-8.
          --explain             With the text or html format: for each non-empty line,
                                what each feature family added to its log-odds and the
                                n-grams that weighed most.
          --cleaned-text        With json or jsonl: add "cleanedText", the page's text
                                without its injected lines (LF between lines), after
                                "blocks": what to index in place of the hijacked page.
                                For one page as plain text, see 'chaff clean'.
          --no-reasons          Leave every block's reasons out ("reasons": []): scores,
                                flags, blocks and cleaned text are the same, and pages
                                with many blocks score faster (explaining a block reads
                                its strongest lines a second time). For bulk triage.
          --warc                Read the PATHs ('-' for standard input) as WARC files, plain or
                                gzip (per record or whole file), and score every 'response'
                                record whose payload is HTML or text; other records are
                                counted and skipped, malformed ones reported and skipped.
                                Writes jsonl with "url" and "status" first; a summary goes
                                to standard error. Same as '--input warc'.
          -j, --jobs N          Score up to N pages (files, WARC records, JSON lines) at
                                once (default: the number of processors); reports come
                                in input order and do not depend on N.
          --line-cache MB       The most memory each thread keeps for the lines it has
                                scored, in MiB (default 24); 0 keeps none. Reports do
                                not change, only speed. A cache the system will not
                                give that much address space to (ulimit -v) keeps less,
                                and a note at the end says how much.
          --input KIND          files (default), warc, or jsonl: one page per input line,
                                {"id" or "url": ..., "text" | "html" | "lines": ...}, one report
                                per line in the same order (with "id"/"url" first), flushed
                                whenever the next is not ready, so it can serve as a pipe worker
                                (Spark RDD.pipe, Hadoop Streaming, GNU parallel --pipe). A
                                bad line gets {"id": ..., "error": "..."} in its place.
          -h, --help            Show help information.

        OUTPUT (json, jsonl):
          {"source": "page.txt", "verdict": "injected", "score": 0.998, "threshold": 0.5,
           "lines": [{"number": 1, "score": 0.003, "injected": false}, ...],
           "blocks": [{"firstLine": 37, "lastLine": 37, "score": 0.998,
                       "reasons": ["亚洲", "无码", "separator density 0.08"]}]}
          One line entry per input line, numbered from 1; empty lines are never injected.

        EXIT STATUS:
          0 all inputs scored; 1 some input could not be read (the rest are scored;
          with --warc, also when records were malformed or truncated); 64 usage error.
          With --input jsonl, bad lines are answered in-band and do not change the status.

        EXAMPLES:
          chaff score page.txt
          chaff score --format jsonl pages/ > reports.jsonl
          curl -s https://example.org/ | chaff score --as html -
          chaff score --warc CC-MAIN-20240101-00000.warc.gz > reports.jsonl
          echo '{"id": 1, "text": "..."}' | chaff score --input jsonl

        """
    static let options = [
        OptionSpec(names: ["--model", "-m"], takesValue: true),
        OptionSpec(names: ["--format", "-f"], takesValue: true),
        OptionSpec(names: ["--threshold", "-t"], takesValue: true),
        OptionSpec(names: ["--as"], takesValue: true),
        OptionSpec(names: ["--charset"], takesValue: true),
        OptionSpec(names: ["--explain"], takesValue: false),
        OptionSpec(names: ["--cleaned-text"], takesValue: false),
        OptionSpec(names: ["--no-reasons"], takesValue: false),
        OptionSpec(names: ["--warc"], takesValue: false),
        OptionSpec(names: ["--input"], takesValue: true),
        OptionSpec(names: ["--jobs", "-j"], takesValue: true),
        OptionSpec(names: ["--line-cache"], takesValue: true),
    ]

    enum Format: String { case text, json, jsonl, html }

    let paths: [String]
    let model: String?
    let format: Format
    let threshold: Double
    let forcedKind: PageKind?
    /// A charset label given with `--charset`, known to ``Charset``.
    let charset: String?
    let input: InputMode
    let jobs: Int
    /// The byte limit of each thread's ``PageScorer/LineCache``.
    let lineCacheBytes: Int
    let explain: Bool
    /// Whether JSON reports carry the page's text without its injected lines.
    let cleanedText: Bool
    /// Whether blocks come with their reasons (not with `--no-reasons`).
    let explainsBlocks: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        paths = arguments.positionals.isEmpty ? ["-"] : arguments.positionals
        model = arguments.value("--model")
        format = Format(rawValue: try arguments.choice("--format", ["text", "json", "jsonl", "html"], command: Self.name) ?? "text")!
        threshold = try arguments.double("--threshold", in: 0...1, command: Self.name) ?? PageScorer.defaultThreshold
        forcedKind = try arguments.choice("--as", ["text", "html"], command: Self.name).flatMap(PageKind.init(rawValue:))
        charset = try arguments.charset(command: Self.name)
        input = try Self.inputMode(arguments)
        jobs = try arguments.integer("--jobs", in: 1...1024, command: Self.name) ?? ProcessInfo.processInfo.activeProcessorCount
        lineCacheBytes = try arguments.integer("--line-cache", in: 0...65_536, command: Self.name).map { $0 << 20 }
            ?? PageScorer.LineCache.defaultByteLimit
        explain = arguments.flag("--explain")
        if explain && format != .text && format != .html {
            throw UsageError(message: "'--explain' works with the text and html formats only", command: Self.name)
        }
        cleanedText = arguments.flag("--cleaned-text")
        explainsBlocks = !arguments.flag("--no-reasons")
        if cleanedText && format != .json && format != .jsonl && input == .files {
            throw UsageError(
                message: "'--cleaned-text' adds a field to json and jsonl reports; for a page's cleaned text alone, use 'chaff clean'",
                command: Self.name)
        }
    }

    func run(_ console: Console) -> Int32 {
        input == .files ? scoreFiles(console) : runStream(console)
    }

    /// The scorer the options ask for.
    func scorer(for model: NaiveBayesModel) -> PageScorer {
        PageScorer(model: model, threshold: threshold, explainsBlocks: explainsBlocks)
    }
}

extension ScoreCommand {
    /// Says so on standard error when the system gave the threads' line
    /// caches less room than `--line-cache` asked for: the reports are the
    /// same, and the note says why the run was slower than asked.
    func noteShrunkCaches(_ caches: LineCachePool, console: Console) {
        guard caches.byteLimit > 0, let granted = caches.smallestIdleLimit, granted < caches.byteLimit else { return }
        let asked = "the \(caches.byteLimit >> 20) MiB --line-cache asked for"
        console.error(granted == 0
            ? "Note: the system gave the line caches no room of \(asked) (a limit on address space?); scored without them"
            : "Note: the system gave each thread's line cache \(granted >> 20) MiB of \(asked) (a limit on address space?)")
    }
}
