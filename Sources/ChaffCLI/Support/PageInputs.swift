import Chaff
import Foundation

/// How an input is read.
enum PageKind: String {
    /// Plain text, one page line per input line.
    case text
    /// HTML, turned into lines by ``HTMLReader``.
    case html

    /// The kind a file name implies: `.html`, `.htm`, `.xhtml` are HTML, the
    /// rest text; a `.gz` ending is looked through (`page.html.gz` is HTML).
    init(path: String) {
        var lower = path.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        self = lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml") ? .html : .text
    }
}

/// Expands `chaff score` paths and reads pages from them.
enum PageInputs {
    /// An input to score.
    struct Input {
        /// A file's path, or `-` for standard input.
        let path: String
        /// Whether it was found in a folder the user named, rather than named itself.
        let foundInFolder: Bool
    }

    /// Files named or found under folders (recursively, sorted, hidden files
    /// skipped); `-` stays as standard input. Unreadable paths are reported
    /// through `failure` and left out; a folder with no files in it is told
    /// to `emptyFolder`.
    static func expand(
        _ paths: [String], failure: (String, String) -> Void, emptyFolder: (String) -> Void = { _ in }
    ) -> [Input] {
        var result: [Input] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                result.append(Input(path: path, foundInFolder: false))
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                failure(path, "no such file or folder")
                continue
            }
            guard isDirectory.boolValue else {
                result.append(Input(path: path, foundInFolder: false))
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
            if found.isEmpty { emptyFolder(path) }
            result += found.sorted().map { Input(path: $0, foundInFolder: true) }
        }
        return result
    }

    /// An input that holds binary data (an image, an archive), not a page.
    struct BinaryData: Error, CustomStringConvertible {
        /// Where its first NUL byte is.
        let offset: Int

        var description: String {
            "binary data, not a page (a NUL byte at offset \(offset)); '--as text' or '--as html' reads it anyway"
        }
    }

    /// A page read from an input: a plain-text or an HTML document.
    enum Page: Sendable {
        /// Plain text, scored from its UTF-8 bytes without a string per line.
        case text(TextDocument)
        /// HTML, read into lines with their markup.
        case html(HTMLDocument)

        /// The page's lines as strings, for reports that show them.
        var lines: [String] {
            switch self {
            case .text(let document): return (0..<document.lines.lineCount).map(document.lines.string(ofLine:))
            case .html(let document): return document.texts
            }
        }

        /// How the page was decoded, for the text report's heading, when that
        /// is worth a word: a charset other than UTF-8, or bytes that could
        /// not be decoded. Nil for clean UTF-8, nearly every page.
        var decodingNote: String? {
            let (charset, source, replacements) = switch self {
            case .text(let document): (document.charset, document.charsetSource, document.replacements)
            case .html(let document): (document.charset, document.charsetSource, document.replacements)
            }
            var parts: [String] = []
            if charset != Charset.utf8.name {
                let how = switch source {
                case .bom: "byte order mark"
                case .contentType: "as told"
                case .metaTag: "<meta charset>"
                case .utf8Valid: "valid"
                case .guessed: "guessed"
                case .fallback: "no plausible charset"
                }
                parts.append("\(charset), \(how)")
            }
            if replacements > 0 { parts.append("\(replacements) undecodable") }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }

        /// The page's text without the lines `report` flags as injected.
        func cleanedText(for report: PageReport) -> String {
            switch self {
            case .text(let document): return report.cleanedText(of: document.lines)
            case .html(let document): return report.cleanedText(of: document)
            }
        }

        /// Each line's explanation, read as the page was scored.
        func explanations(by scorer: PageScorer) -> [LineExplanation] {
            switch self {
            case .text(let document): return scorer.explain(lines: document.lines)
            case .html(let document): return scorer.explain(lines: document.texts, markup: document.markup)
            }
        }
    }

    /// The most bytes a gzip-compressed page may decompress to: beyond it,
    /// the file is refused as a decompression bomb.
    static let maximumDecompressedBytes = 1 << 30

    /// Reads one input as text or HTML, decompressing it first when it is gzip data.
    ///
    /// - Parameters:
    ///   - kind: how to read it; nil to go by its name (`.html` and `.htm` are
    ///     HTML, the rest text) and to refuse binary data (``BinaryData``).
    ///   - charset: a charset label that overrides what the bytes and, for
    ///     HTML, their `<meta charset>` say (as an HTTP header's would).
    static func read(_ path: String, kind: PageKind?, charset: String? = nil) throws -> Page {
        let readAs = kind ?? PageKind(path: path)
        // UTF-16 has NUL bytes, and LF bytes inside its characters.
        let declaredUTF16 = charset.flatMap(Charset.init(label:)).map { $0 == .utf16LE || $0 == .utf16BE } ?? false
        var bytes = try InputFile.withDescriptor(path) { descriptor in
            let reader = LineReader(descriptor: descriptor)
            // HTML is read whole: its lines are its elements, not its source lines.
            return try readAs == .html || declaredUTF16 ? reader.readAll() : reader.readPageBytes()
        }
        if Gzip.isGzip(bytes) {
            // Text never starts with these two bytes (0x1F, 0x8B): whatever the name, this is gzip.
            do {
                bytes = try Gzip.decompress(bytes, maximumOutput: maximumDecompressedBytes)
            } catch {
                throw LineReader.ReadError(reason: "corrupt gzip data: \(error)")
            }
        }
        if kind == nil && !declaredUTF16, let offset = TextDocument.binaryOffset(in: bytes) { throw BinaryData(offset: offset) }
        switch readAs {
        case .text: return .text(TextDocument(bytes: bytes, contentType: charset))
        case .html: return .html(HTMLDocument(bytes: bytes, contentType: charset))
        }
    }

    /// Reads and scores one input through `cache`, which keeps what the
    /// pages scored before it share; returns the report and the page.
    static func score(
        _ path: String, kind: PageKind?, charset: String? = nil, scorer: PageScorer, cache: inout PageScorer.LineCache
    ) throws -> (PageReport, Page) {
        let page = try read(path, kind: kind, charset: charset)
        switch page {
        case .text(let document): return (scorer.score(lines: document.lines, source: path, cache: &cache), page)
        case .html(let document): return (scorer.score(document: document, source: path, cache: &cache), page)
        }
    }
}
