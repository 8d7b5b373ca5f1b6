import Foundation

/// Reads labeled data: JSONL pages (`.jsonl`, `.jsonl.gz`) and TSV lines
/// (`.tsv`), from files or folders (searched recursively, in sorted order).
///
/// JSONL: one page per line, `{"id": "p1", "lines": [...], "labels": [0, 1, ...]}`;
/// other fields are ignored except `lang`, `script` and `variant`, kept as groups, and
/// `doc_id`, which keeps related pages in one cross-validation fold.
/// A record may give its page as HTML instead: `{"id": "h1", "html": "<html>…"}`;
/// its lines are what ``HTMLReader`` extracts, and a line is injected when it lies
/// inside an element annotated `data-chaff-label="1"`.
/// TSV: `spam<TAB>text` or `ham<TAB>text` (also `1`/`0`); `#` starts a comment.
/// A TSV file becomes one page whose lines are independent: they get no
/// page-context features, since they were not written as a page.
public struct CorpusReader: Sendable {
    /// Fields copied from JSONL records into ``LabeledPage/groups``.
    public static let groupFields = ["lang", "script", "variant"]

    /// Creates a reader.
    public init() {}

    /// The data files under `paths`: files as given, folders searched for
    /// `.tsv`, `.jsonl` and `.jsonl.gz` files, sorted by path.
    public func files(in paths: [String]) throws(TrainingDataError) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(path: path, reason: "no such file or folder")
            }
            if isDirectory.boolValue {
                guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                    throw .unreadable(path: path, reason: "cannot list folder")
                }
                var found: [String] = []
                while let relative = enumerator.nextObject() as? String {
                    if Self.isDataFile(relative) { found.append((path as NSString).appendingPathComponent(relative)) }
                }
                result += found.sorted()
            } else {
                guard Self.isDataFile(path) else { throw .unsupportedFile(path: path) }
                result.append(path)
            }
        }
        return result
    }

    /// Whether a file name has a labeled-data extension.
    public static func isDataFile(_ name: String) -> Bool {
        name.hasSuffix(".tsv") || name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz")
    }

    /// Reads every page of one file.
    public func pages(inFile path: String) throws(TrainingDataError) -> [LabeledPage] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        var bytes = [UInt8](data)
        if path.hasSuffix(".gz") {
            do {
                bytes = try Gzip.decompress(bytes)
            } catch {
                throw .corruptGzip(path: path, reason: error.description)
            }
        }
        if path.hasSuffix(".tsv") { return [try tsvPage(bytes, path: path)] }
        return try jsonlPages(bytes, path: path)
    }

    func tsvPage(_ bytes: [UInt8], path: String) throws(TrainingDataError) -> LabeledPage {
        let lines = LineScanner().lines(in: bytes)
        var texts: [String] = []
        var labels: [Bool] = []
        for (index, line) in lines.enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let tab = line.firstIndex(of: "\t") else { throw .malformedTSV(path: path, line: index + 1) }
            let label = line[..<tab]
            switch label {
            case "spam", "1": labels.append(true)
            case "ham", "0": labels.append(false)
            default: throw .invalidLabel(path: path, line: index + 1, label: String(label))
            }
            texts.append(String(line[line.index(after: tab)...]))
        }
        return LabeledPage(id: path, lines: texts, labels: labels, groups: [:], independentLines: true)
    }
}
