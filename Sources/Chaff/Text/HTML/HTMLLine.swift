/// One line of text of an HTML page, as a search engine would index it, with
/// where it came from and the signals that matter for spotting injected blocks.
public struct HTMLLine: Sendable, Hashable {
    /// What part of the page a line comes from.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The text of a `<title>` element.
        case title
        /// The `content` of `<meta name="keywords">`.
        case metaKeywords
        /// The `content` of `<meta name="description">`.
        case metaDescription
        /// Rendered body text.
        case body
    }

    /// The text: entities decoded, whitespace (including no-break spaces)
    /// collapsed to single spaces, trimmed; never empty.
    ///
    /// Made when asked for: the reader keeps each page's line texts in one
    /// buffer (see ``HTMLLineText``), and scoring reads them from there.
    public var text: String {
        get { storedText.string }
        set { storedText = HTMLLineText(newValue) }
    }
    /// Where ``text`` is stored.
    var storedText: HTMLLineText
    /// Which part of the page the line comes from.
    public var kind: Kind
    /// The 1-based line number, in the HTML source, of the line's first
    /// character (for meta lines, of the `<meta` tag). Only `\n` counts as a
    /// line break.
    public var sourceLine: Int
    /// The open elements around the line's first character down to its
    /// innermost block element, e.g. `"html>body>div#main.footer>p"`: each element
    /// is written as its name, `#id` when it has one, and `.class` for at most two
    /// classes. Very deep paths keep their first two and last elements around `…`.
    public var tagPath: String
    /// How many characters (Unicode scalars) of ``text`` lie inside `<a>` elements.
    public var linkTextLength: Int
    /// How many `<a href>` elements contributed text to this line (a link whose
    /// text spans lines counts in the first of them).
    public var linkCount: Int
    /// The hosts of the absolute `http(s)://` and protocol-relative `//` links
    /// counted in ``linkCount``: lower-cased, without port or user info,
    /// de-duplicated, in order of appearance.
    public var linkHosts: [String]
    /// Why the line is hidden from people viewing the page (for example
    /// `"display:none"`, `".seo {display:none}"`, `"hidden attribute"`,
    /// `"marquee"`, `"noscript"`); nil when it is visible. See ``HTMLReader``.
    public var hiddenReason: String?

    /// Whether the line is hidden from people viewing the page.
    public var isHidden: Bool { hiddenReason != nil }

    /// Whether the line lies inside an element annotated `data-chaff-label="1"`.
    ///
    /// The annotation marks injected content in labeled HTML training pages
    /// (`TrainingData/`); it is read, never shown, and has no effect on scoring.
    /// A line ends where the annotation starts or stops.
    public var isLabeledInjected = false

    /// Creates a line.
    public init(
        text: String, kind: Kind, sourceLine: Int, tagPath: String, linkTextLength: Int = 0,
        linkCount: Int = 0, linkHosts: [String] = [], hiddenReason: String? = nil
    ) {
        self.init(
            storedText: HTMLLineText(text), kind: kind, sourceLine: sourceLine, tagPath: tagPath,
            linkTextLength: linkTextLength, linkCount: linkCount, linkHosts: linkHosts, hiddenReason: hiddenReason)
    }

    /// Creates a line whose text is already stored.
    init(
        storedText: HTMLLineText, kind: Kind, sourceLine: Int, tagPath: String, linkTextLength: Int,
        linkCount: Int, linkHosts: [String], hiddenReason: String?
    ) {
        self.storedText = storedText
        self.kind = kind
        self.sourceLine = sourceLine
        self.tagPath = tagPath
        self.linkTextLength = linkTextLength
        self.linkCount = linkCount
        self.linkHosts = linkHosts
        self.hiddenReason = hiddenReason
    }
}
