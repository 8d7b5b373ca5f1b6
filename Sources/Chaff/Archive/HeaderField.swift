/// A `Name: value` field of a WARC record header or an HTTP header.
public struct HeaderField: Sendable, Equatable {
    /// The field name as written, e.g. `WARC-Target-URI` or `Content-Type`.
    public let name: String
    /// The value, with surrounding whitespace removed and folded lines joined
    /// by a space.
    public let value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Whether the field is called `other`, compared ASCII case-insensitively
    /// (field names are case-insensitive in both WARC and HTTP).
    public func hasName(_ other: String) -> Bool {
        let x = name.utf8, y = other.utf8
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { ASCII.lowercase($0) == ASCII.lowercase($1) }
    }
}

/// Byte helpers shared by the archive parsers.
enum ASCII {
    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    /// A `Name: value` header line split at its first colon, trimmed; nil
    /// without a colon or with an empty or space-containing name.
    static func field(_ line: ArraySlice<UInt8>) -> HeaderField? {
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { return nil }
        let name = line[line.startIndex..<colon]
        guard !name.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
        return HeaderField(name: String(decoding: name, as: UTF8.self), value: text(trimming: line[(colon + 1)...]))
    }

    /// Bytes as text (invalid UTF-8 becomes U+FFFD), spaces and tabs trimmed.
    static func text(trimming bytes: ArraySlice<UInt8>) -> String {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The lowercased media type of a Content-Type value (`text/html` of
    /// `Text/HTML; charset=GBK`), or nil when empty.
    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        var bytes: [UInt8] = []
        for byte in contentType.utf8 {
            if byte == 0x3B { break }
            if !isSpace(byte) { bytes.append(lowercase(byte)) }
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// A comma-separated header value as lowercased, trimmed, non-empty tokens
    /// (`"Gzip, chunked"` → `["gzip", "chunked"]`).
    static func lowercasedTokens(_ value: String) -> [String] {
        Array(value.utf8).split(separator: 0x2C).compactMap { token in
            let text = ASCII.text(trimming: token[...])
            return text.isEmpty ? nil : String(decoding: text.utf8.map(lowercase), as: UTF8.self)
        }
    }
}
