/// The leading part of a page title: a hijacked `<title>` keeps the site's own
/// title at its end ("亚洲精品,久久视频 - 某某市人民政府"), and the site's words
/// dilute the keywords when the title is scored as one line.
///
/// ``PageScorer`` scores a title line whole and by its leading parts alone,
/// and keeps the evidence that gives the highest probability. A title is cut
/// at its last title separator (` - `, ` – `, ` — `, `|`, `｜`, `_`), before
/// the site's name, and at its first, before the rest of a title of several
/// parts: keywords are put in front of the whole title ("澳门新葡京,百家乐 -
/// 通知公告 - 某某市人民政府"). For an honest title a leading part is the
/// page's own topic, which scores like any headline.
enum TitlePrefix {
    /// The separators sites put between a page's title and the site's name.
    static let separators: [String] = [" - ", " – ", " — ", "|", "｜", "_"]

    /// The title cut at its first separator and at its last one, in that
    /// order (one cut when they are the same separator): the text before each
    /// and after it, trimmed. A cut with nothing on one side is left out.
    static func cuts(of title: String) -> [(leading: String, trailing: String)] {
        let scalars = Array(title.unicodeScalars)
        var first: Range<Int>?
        var last: Range<Int>?
        for separator in separators {
            let pattern = Array(separator.unicodeScalars)
            guard scalars.count >= pattern.count else { continue }
            let starts = (0...scalars.count - pattern.count).filter {
                scalars[$0..<$0 + pattern.count].elementsEqual(pattern)
            }
            if let start = starts.first, start < (first?.lowerBound ?? Int.max) { first = start..<start + pattern.count }
            if let start = starts.last, start > (last?.lowerBound ?? -1) { last = start..<start + pattern.count }
        }
        func text(_ part: ArraySlice<Unicode.Scalar>) -> String {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: part)
            return String(text)
        }
        var cuts: [(leading: String, trailing: String)] = []
        for cut in (first == last ? [first] : [first, last]).compactMap(\.self) {
            let leading = trimmed(scalars[..<cut.lowerBound])
            let trailing = trimmed(scalars[cut.upperBound...])
            if !leading.isEmpty && !trailing.isEmpty { cuts.append((text(leading), text(trailing))) }
        }
        return cuts
    }

    private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return scalars[first...last]
    }
}
