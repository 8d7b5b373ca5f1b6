extension PageReport {
    /// The report as one line of JSON, in the documented key order:
    /// `source`, `verdict`, `score`, `threshold`, `lines`, `blocks`, then
    /// `cleanedText` when given.
    ///
    /// - Parameters:
    ///   - extra: fields to add first, already encoded as JSON values
    ///     (a crawler's `url` and `status`), in order.
    ///   - cleanedText: the page's text without its injected lines
    ///     (``cleanedText(of:)``), to add last as `cleanedText`.
    public func json(extra: [(key: String, json: String)] = [], cleanedText: String? = nil) -> String {
        String(decoding: jsonBytes(extra: extra, cleanedText: cleanedText), as: UTF8.self)
    }

    /// The report as UTF-8 JSON bytes (see ``json(extra:cleanedText:)``), without a final newline.
    public func jsonBytes(extra: [(key: String, json: String)] = [], cleanedText: String? = nil) -> [UInt8] {
        // About 50 bytes per line entry (`{"number":12,"score":0.003417,"injected":false}`).
        var w = JSONWriter(capacity: 256 + 56 * lines.count)
        w.raw("{")
        for field in extra {
            w.key(field.key)
            w.raw(field.json)
            w.raw(",")
        }
        w.key("source"); w.string(source); w.raw(",")
        w.key("verdict"); w.string(verdict.rawValue); w.raw(",")
        w.key("score"); w.number(score); w.raw(",")
        w.key("threshold"); w.number(threshold); w.raw(",")
        w.key("lines"); w.raw("[")
        // One entry per line: keys and punctuation are copied as fragments,
        // since a page's entries are most of its report.
        for (index, line) in lines.enumerated() {
            w.fragment(index > 0 ? #",{"number":"# : #"{"number":"#)
            w.number(line.number)
            w.fragment(#","score":"#)
            w.number(line.score)
            w.fragment(line.injected ? #","injected":true"# : #","injected":false"#)
            if let sourceLine = line.sourceLine { w.fragment(#","sourceLine":"#); w.number(sourceLine) }
            if let tagPath = line.tagPath { w.fragment(#","tagPath":"#); w.string(tagPath) }
            w.fragment("}")
        }
        w.raw("],"); w.key("blocks"); w.raw("[")
        for (index, block) in blocks.enumerated() {
            if index > 0 { w.raw(",") }
            w.raw("{"); w.key("firstLine"); w.number(block.firstLine)
            w.raw(","); w.key("lastLine"); w.number(block.lastLine)
            w.raw(","); w.key("score"); w.number(block.score)
            w.raw(","); w.key("reasons"); w.raw("[")
            for (i, reason) in block.reasons.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(reason)
            }
            w.raw("]}")
        }
        w.raw("]")
        if let cleanedText {
            w.raw(","); w.key("cleanedText"); w.string(cleanedText)
        }
        w.raw("}")
        return w.bytes
    }
}
