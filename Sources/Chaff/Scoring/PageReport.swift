/// The result of scoring one page: the contract of `chaff score --format json`.
///
/// Lines are numbered from 1 and there is exactly one entry per input line
/// (for HTML, per extracted line), in order.
public struct PageReport: Sendable, Equatable {
    /// One line's result.
    public struct Line: Sendable, Equatable {
        /// 1-based line number.
        public var number: Int
        /// Calibrated probability that the line is injected.
        public var score: Double
        /// Whether the line belongs to a reported block.
        public var injected: Bool
        /// For lines extracted from HTML: the 1-based line of the HTML source.
        public var sourceLine: Int?
        /// For lines extracted from HTML: the element path, e.g. `body>div.footer>p`.
        public var tagPath: String?
        /// For a `<title>` line flagged by its leading part (the text before its
        /// last ` - `, `|`, `_` or similar separator, which the scorer also
        /// scores alone): the rest of the title, normally the site's own name.
        /// ``PageReport/cleanedText(of:)`` keeps it in the title's place.
        public var siteTitle: String?
    }

    /// A run of injected lines.
    public struct Block: Sendable, Equatable {
        /// First line of the block (1-based, inclusive).
        public var firstLine: Int
        /// Last line of the block (1-based, inclusive).
        public var lastLine: Int
        /// The highest line probability in the block.
        public var score: Double
        /// Why, most telling first: n-gram texts, then structure and context.
        public var reasons: [String]
    }

    /// Where the page came from: a path, `-` for standard input, or a caller's id.
    public var source: String
    /// `injected` when any block is reported, else `clean`.
    public var verdict: Verdict
    /// The highest block score, or the highest line score of a clean page.
    public var score: Double
    /// The threshold the lines were flagged at.
    public var threshold: Double
    /// One entry per line.
    public var lines: [Line]
    /// The injected blocks, in page order.
    public var blocks: [Block]

    /// A page's verdict.
    public enum Verdict: String, Sendable {
        /// At least one block was found.
        case injected
        /// No block was found.
        case clean
    }
}
