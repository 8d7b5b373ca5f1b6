/// What the reader needs to know about an element name.
struct HTMLTagInfo: OptionSet, Sendable {
    let rawValue: UInt32

    /// Starts and ends a line (`p`, `div`, `li`, `td`, ...).
    static let block = HTMLTagInfo(rawValue: 1 << 0)
    /// Never has content or an end tag (`br`, `img`, `meta`, ...).
    static let void = HTMLTagInfo(rawValue: 1 << 1)
    /// Content skipped unread up to the end tag (`script`, `style`, `svg`, ...).
    static let skipped = HTMLTagInfo(rawValue: 1 << 2)
    /// Starting it closes an open `<p>` (the standard's list, roughly).
    static let closesParagraph = HTMLTagInfo(rawValue: 1 << 3)
    /// Keeps source line breaks (`pre`, `listing`, `textarea`).
    static let preformatted = HTMLTagInfo(rawValue: 1 << 4)
    /// End tags of other elements do not look past it (`table`, `td`, ...).
    static let scopeBoundary = HTMLTagInfo(rawValue: 1 << 5)
    /// A replaced or form element that separates words (`img`, `input`, ...).
    static let separatesWords = HTMLTagInfo(rawValue: 1 << 6)
    /// `h1`...`h6`.
    static let heading = HTMLTagInfo(rawValue: 1 << 7)
    /// Hides its content from people (`marquee` scrolls it away, by SEO convention).
    static let hiding = HTMLTagInfo(rawValue: 1 << 8)
    /// `ul`, `ol`, `menu`, `dir`: where a search for an open `li` stops.
    static let list = HTMLTagInfo(rawValue: 1 << 9)
    /// `dl`: where a search for an open `dt` or `dd` stops.
    static let definitionList = HTMLTagInfo(rawValue: 1 << 10)
    /// `tr`: where a search for an open cell stops.
    static let row = HTMLTagInfo(rawValue: 1 << 11)
    /// `tbody`, `thead`, `tfoot`: where a search for an open row stops.
    static let tableSection = HTMLTagInfo(rawValue: 1 << 12)
    /// `table`.
    static let table = HTMLTagInfo(rawValue: 1 << 13)
}
