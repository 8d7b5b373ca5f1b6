import Chaff
import Foundation

/// How an input is read.
enum PageKind: String {
    /// Plain text, one page line per input line.
    case text
    /// HTML, turned into lines by ``HTMLReader``.
    case html

    /// The kind a file name implies: `.html`, `.htm`, `.xhtml` are HTML, the rest text.
    init(path: String) {
        let lower = path.lowercased()
        self = lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml") ? .html : .text
    }
}

/// Expands `chaff score` paths and reads pages from them.
enum PageInputs {
    /// Files named or found under folders (recursively, sorted, hidden files
    /// skipped); `-` stays as standard input. Unreadable paths are reported
    /// through `failure` and left out.
    static func expand(_ paths: [String], failure: (String, String) -> Void) -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                result.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                failure(path, "no such file or folder")
                continue
            }
            guard isDirectory.boolValue else {
                result.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                failure(path, "cannot list folder")
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                var childIsDirectory: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &childIsDirectory) {
                    if !childIsDirectory.boolValue { found.append(full) }
                } else {
                    failure(full, "no such file (a broken link?)")
                }
            }
            result += found.sorted()
        }
        return result
    }

    /// A page read from an input: a text page's bytes or an HTML document.
    enum Page {
        /// Plain text, scored from its UTF-8 bytes without a string per line.
        case text(UTF8Lines)
        /// HTML, read into lines with their markup.
        case html(HTMLDocument)

        /// The page's lines as strings, for reports that show them.
        var lines: [String] {
            switch self {
            case .text(let lines): return (0..<lines.lineCount).map(lines.string(ofLine:))
            case .html(let document): return document.texts
            }
        }

        /// Each line's explanation, read as the page was scored.
        func explanations(by scorer: PageScorer) -> [LineExplanation] {
            switch self {
            case .text(let lines): return scorer.explain(lines: lines)
            case .html(let document): return scorer.explain(lines: document.texts, markup: document.markup)
            }
        }
    }

    /// Reads one input as text or HTML.
    static func read(_ path: String, kind: PageKind?) throws -> Page {
        let kind = kind ?? (path == "-" ? .text : PageKind(path: path))
        switch kind {
        case .text:
            return .text(try InputFile.withDescriptor(path) { try LineReader(descriptor: $0).readPage() })
        case .html:
            let bytes = try InputFile.withDescriptor(path) { try LineReader(descriptor: $0).readAll() }
            return .html(HTMLDocument(bytes: bytes))
        }
    }

    /// Reads and scores one input; returns the report and the page.
    static func score(_ path: String, kind: PageKind?, scorer: PageScorer) throws -> (PageReport, Page) {
        let page = try read(path, kind: kind)
        switch page {
        case .text(let lines): return (scorer.score(lines: lines, source: path), page)
        case .html(let document): return (scorer.score(document: document, source: path), page)
        }
    }
}
