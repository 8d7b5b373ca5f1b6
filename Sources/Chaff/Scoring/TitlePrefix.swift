/// The leading part of a page title: a hijacked `<title>` keeps the site's own
/// title at its end ("亚洲精品,久久视频 - 某某市人民政府"), and the site's words
/// dilute the keywords when the title is scored as one line.
///
/// ``PageScorer`` scores a title line both whole and by this leading part alone,
/// and keeps the evidence that gives the higher probability. The leading part is
/// everything before the last title separator (` - `, ` – `, ` — `, `|`, `｜`,
/// `_`): for an honest title it is the page's own topic, which scores like any
/// headline.
enum TitlePrefix {
    /// The separators sites put between a page's title and the site's name.
    static let separators: [String] = [" - ", " – ", " — ", "|", "｜", "_"]

    /// The text before the last title separator, trimmed, or nil when the title
    /// has no separator or nothing on one side of it.
    static func leadingPart(of title: String) -> String? {
        parts(of: title)?.leading
    }

    /// The text before the last title separator and the text after it, each
    /// trimmed, or nil when the title has no separator or nothing on one side of it.
    static func parts(of title: String) -> (leading: String, trailing: String)? {
        let scalars = Array(title.unicodeScalars)
        var cut: Range<Int>?
        for separator in separators {
            let pattern = Array(separator.unicodeScalars)
            var start = scalars.count - pattern.count
            while start >= 0 && !scalars[start..<start + pattern.count].elementsEqual(pattern) { start -= 1 }
            if start >= 0 && start > (cut?.lowerBound ?? -1) { cut = start..<start + pattern.count }
        }
        guard let cut else { return nil }
        let leading = trimmed(scalars[..<cut.lowerBound])
        let trailing = trimmed(scalars[cut.upperBound...])
        guard !leading.isEmpty, !trailing.isEmpty else { return nil }
        func text(_ part: ArraySlice<Unicode.Scalar>) -> String {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: part)
            return String(text)
        }
        return (text(leading), text(trailing))
    }

    private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return scalars[first...last]
    }
}
