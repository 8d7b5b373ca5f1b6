/// Labeled pages from JSON Lines, read with ``JSONLineScanner``.
extension CorpusReader {
    /// The record fields the reader uses; any other field is checked and skipped.
    static let jsonlFields: Set<String> = Set(["id", "lines", "labels", "html", "doc_id"] + groupFields)

    /// The pages of a JSONL file's bytes, one per non-blank line.
    ///
    /// A line may start with a UTF-8 byte-order mark, which is skipped (as
    /// Foundation's reader did). Lines of only spaces and tabs are skipped.
    ///
    /// - Throws: ``TrainingDataError/malformedRecord(path:line:reason:)`` for a line
    ///   that is not valid JSON (`not valid JSON`) or valid JSON but not an object
    ///   (`not a JSON object`), and the errors of ``page(from:path:line:)``.
    func jsonlPages(_ bytes: [UInt8], path: String) throws(TrainingDataError) -> [LabeledPage] {
        var pages: [LabeledPage] = []
        let ranges = bytes.withUnsafeBufferPointer { LineScanner().lineRanges(in: $0) }
        for (index, range) in ranges.enumerated() {
            let number = index + 1
            var slice = bytes[range]
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
            let record: [String: JSONLineScanner.Value]
            do {
                record = try JSONLineScanner.fields(of: slice, wanted: Self.jsonlFields)
            } catch {
                throw .malformedRecord(path: path, line: number, reason: error.isWellFormed ? "not a JSON object" : "not valid JSON")
            }
            pages.append(try page(from: record, path: path, line: number))
        }
        return pages
    }

    /// The page of one record: from `html` when it is a string, else from
    /// `lines` (strings) and `labels` (one 0 or 1 per line).
    ///
    /// `id` defaults to `path:line`; `doc_id` and the ``groupFields`` are used
    /// only when they are strings.
    ///
    /// - Throws: ``TrainingDataError/missingField(path:line:field:)`` when `lines`
    ///   is not an array of strings or `labels` not an array,
    ///   ``TrainingDataError/labelCountMismatch(path:line:lines:labels:)``, and
    ///   ``TrainingDataError/invalidLabel(path:line:label:)`` for the first label
    ///   that ``label(_:)`` rejects.
    func page(from record: [String: JSONLineScanner.Value], path: String, line number: Int) throws(TrainingDataError) -> LabeledPage {
        var groups: [String: String] = [:]
        for field in Self.groupFields {
            if let value = record[field]?.stringValue { groups[field] = value }
        }
        let id = record["id"]?.stringValue ?? "\(path):\(number)"
        let foldKey = record["doc_id"]?.stringValue
        if let html = record["html"]?.stringValue {
            let document = HTMLDocument(html: html)
            var page = LabeledPage(id: id, lines: document.texts, labels: document.lines.map(\.isLabeledInjected),
                                   groups: groups, foldKey: foldKey)
            page.markup = document.markup
            return page
        }
        guard case .strings(let list)? = record["lines"] else { throw .missingField(path: path, line: number, field: "lines") }
        let lines = list.strings
        let rawLabels: [JSONLineScanner.Value]
        switch record["labels"] {
        case .strings(let texts)?: rawLabels = texts.strings.map(JSONLineScanner.Value.string)
        case .array(let values)?: rawLabels = values
        default: throw .missingField(path: path, line: number, field: "labels")
        }
        guard lines.count == rawLabels.count else {
            throw .labelCountMismatch(path: path, line: number, lines: lines.count, labels: rawLabels.count)
        }
        var labels: [Bool] = []
        labels.reserveCapacity(rawLabels.count)
        for raw in rawLabels {
            guard let label = Self.label(raw) else { throw .invalidLabel(path: path, line: number, label: Self.labelText(raw)) }
            labels.append(label)
        }
        return LabeledPage(id: id, lines: lines, labels: labels, groups: groups, foldKey: foldKey)
    }

    /// A label value: a number equal to 0 or 1 (`1`, `1.0`, `1e0`, `-0`), or a
    /// boolean, which Foundation's reader bridged to 0 and 1 and so accepted.
    /// Anything else (`2`, `0.5`, `"1"`, `null`) is nil.
    static func label(_ value: JSONLineScanner.Value) -> Bool? {
        switch value {
        case .number(let text):
            if text == "0" { return false }
            if text == "1" { return true }
            switch Double(text) {
            case 0?: return false
            case 1?: return true
            default: return nil
            }
        case .bool(let flag): return flag
        default: return nil
        }
    }

    /// How an invalid label is quoted in ``TrainingDataError/invalidLabel(path:line:label:)``,
    /// as Foundation's values printed: integers as written, other numbers as
    /// `Double` prints them (`2.5`, `100.0`), strings unquoted, `null` as `<null>`.
    /// Arrays and objects are quoted as written.
    static func labelText(_ value: JSONLineScanner.Value) -> String {
        switch value {
        case .number(let text):
            guard text.utf8.contains(where: { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }),
                  let double = Double(text), double.isFinite else { return text }
            return "\(double)"
        case .string(let text): return text
        case .bool(let flag): return flag ? "1" : "0"
        case .null: return "<null>"
        case .other(let text): return text
        case .strings, .array: return "[…]"
        }
    }
}
