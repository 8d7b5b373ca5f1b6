import Foundation

/// Finds the links of an HTML page with a byte scan: the `href` of `<a>` and
/// `<area>` tags, and `<base href>`, outside comments, scripts and styles.
///
/// It works on the raw body in any ASCII-compatible charset (UTF-8, GBK,
/// Shift_JIS, windows-1252), since tag syntax is ASCII and those charsets never
/// use `<`, `>` or quotes as trailing bytes.
struct LinkExtractor {
    /// What a page links to.
    struct Links {
        /// `href` values in page order, entities `&amp;` `&quot;` `&#38;` decoded.
        var hrefs: [String] = []
        /// The `<base href>`, if any.
        var base: String?
    }

    /// The links of `html`.
    /// - Complexity: O(*n*) in the body's length.
    func links(in html: [UInt8]) -> Links {
        var links = Links()
        let count = html.count
        var index = 0
        while index < count {
            guard let open = html[index...].firstIndex(of: 0x3C) else { break }
            index = open + 1
            if html[index...].starts(with: Array("!--".utf8)) {
                index = Self.find(Array("-->".utf8), in: html, from: index + 3).map { $0 + 3 } ?? count
                continue
            }
            var nameEnd = index
            while nameEnd < count, Self.isNameByte(html[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: html[index..<nameEnd].map(Self.lowercase), as: UTF8.self)
            guard !name.isEmpty else { continue }
            let (attributes, tagEnd) = Self.attributes(in: html, from: nameEnd)
            index = tagEnd
            switch name {
            case "a", "area":
                if let href = attributes["href"] { links.hrefs.append(href) }
            case "base":
                if links.base == nil, let href = attributes["href"] { links.base = href }
            case "script", "style":
                // Raw text: skip to the closing tag.
                index = Self.find(Array("</\(name)".utf8), in: html, from: index, caseInsensitive: true) ?? count
            default:
                break
            }
        }
        return links
    }

    /// Attributes of a tag from after its name to `>`, and the index after `>`.
    static func attributes(in html: [UInt8], from start: Int) -> ([String: String], Int) {
        var attributes: [String: String] = [:]
        var index = start
        let count = html.count
        while index < count {
            while index < count, isSpace(html[index]) || html[index] == 0x2F { index += 1 }
            guard index < count, html[index] != 0x3E else { return (attributes, Swift.min(index + 1, count)) }
            let nameStart = index
            while index < count, !isSpace(html[index]), html[index] != 0x3D, html[index] != 0x3E, html[index] != 0x2F {
                index += 1
            }
            let name = String(decoding: html[nameStart..<index].map(lowercase), as: UTF8.self)
            while index < count, isSpace(html[index]) { index += 1 }
            guard index < count, html[index] == 0x3D else {
                if !name.isEmpty && attributes[name] == nil { attributes[name] = "" }
                if index == nameStart { index += 1 }
                continue
            }
            index += 1
            while index < count, isSpace(html[index]) { index += 1 }
            var valueStart = index, valueEnd = index
            if index < count, html[index] == 0x22 || html[index] == 0x27 {
                let quote = html[index]
                valueStart = index + 1
                valueEnd = html[valueStart...].firstIndex(of: quote) ?? count
                index = Swift.min(valueEnd + 1, count)
            } else {
                while index < count, !isSpace(html[index]), html[index] != 0x3E { index += 1 }
                valueEnd = index
            }
            if attributes[name] == nil {
                attributes[name] = decodeEntities(String(decoding: html[valueStart..<valueEnd], as: UTF8.self))
            }
        }
        return (attributes, count)
    }

    static func decodeEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        var result = value
        for (entity, text) in [("&quot;", "\""), ("&#38;", "&"), ("&#x26;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: text)
        }
        return result
    }

    static func find(_ needle: [UInt8], in html: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
        guard !needle.isEmpty, html.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= html.count {
            guard let first = html[index...].firstIndex(where: { caseInsensitive ? lowercase($0) == needle[0] : $0 == needle[0] }),
                  first + needle.count <= html.count else { return nil }
            if zip(html[first..<(first + needle.count)], needle).allSatisfy({ (caseInsensitive ? lowercase($0) : $0) == $1 }) {
                return first
            }
            index = first + 1
        }
        return nil
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
