/// Host names of links, worked on as bytes: taking the host out of a URL, and
/// the part of a host a site owns.
enum HostName {
    /// The lower-cased host of an absolute `http(s)://` or protocol-relative URL.
    static func host(ofURL url: UnsafeBufferPointer<UInt8>) -> String? {
        hostRange(inURL: url).map { lowercased(UnsafeBufferPointer(rebasing: url[$0])) }
    }

    /// Where the host of an absolute `http(s)://` or protocol-relative URL is
    /// in `url`: after the scheme and any user info, without port or trailing
    /// dots (an IPv6 literal keeps its brackets); nil for other URLs.
    static func hostRange(inURL url: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = 0
        let end = url.count
        while index < end, HTMLBytes.isWhitespace(url[index]) { index += 1 }
        if HTMLBytes.hasPrefixIgnoringCase(url, at: index, "http://") {
            index += 7
        } else if HTMLBytes.hasPrefixIgnoringCase(url, at: index, "https://") {
            index += 8
        } else if HTMLBytes.hasPrefixIgnoringCase(url, at: index, "//") {
            index += 2
        } else {
            return nil
        }
        var start = index
        var stop = index
        while stop < end {
            let byte = url[stop]
            if endsAuthority(byte) { break }
            if byte == UInt8(ascii: "@") { start = stop + 1 }  // user info
            stop += 1
        }
        if start < stop, url[start] == UInt8(ascii: "[") {
            // IPv6 literal: keep the brackets, drop the port.
            var close = start
            while close < stop, url[close] != UInt8(ascii: "]") { close += 1 }
            stop = min(close + 1, stop)
        } else {
            var colon = start
            while colon < stop, url[colon] != UInt8(ascii: ":") { colon += 1 }
            stop = colon
        }
        while stop > start, url[stop - 1] == UInt8(ascii: ".") { stop -= 1 }
        return stop > start ? start..<stop : nil
    }

    /// The end of the authority (user info, host and port) that continues at
    /// `index` of `url`: the offset of the first `/`, `?`, `#`, backslash or
    /// whitespace there or after, or the end.
    static func authorityEnd(in url: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        while index < url.count, !endsAuthority(url[index]) { index += 1 }
        return index
    }

    /// Ends the authority of a URL: `/`, `?`, `#`, backslash or whitespace.
    @inline(__always)
    private static func endsAuthority(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
            || byte == UInt8(ascii: "\\") || HTMLBytes.isWhitespace(byte)
    }

    /// `host` with ASCII letters lower-cased, as a `String` (ill-formed UTF-8 repaired).
    static func lowercased(_ host: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: host.count) { buffer in
            for offset in 0..<host.count { buffer[offset] = HTMLBytes.lowercased(host[offset]) }
            return host.count
        }
    }

    /// Whether ``lowercased(_:)`` of `host` would be `string`, without building it.
    static func lowercased(_ host: UnsafeBufferPointer<UInt8>, equals string: String) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { stored in
            guard stored.count == host.count else { return false }
            for offset in 0..<host.count where HTMLBytes.lowercased(host[offset]) != stored[offset] { return false }
            return true
        } ?? false
    }

    /// ``LineMarkup/registrableDomain(_:)`` of an ASCII host, lower-cased: its
    /// last two non-empty dot-separated labels, or three when the second-last
    /// is a common second-level registry (`com`, `co`, `go`, ...) under a
    /// two-letter label. Nil when `host` has a non-ASCII byte (Unicode
    /// lower-casing applies then) or a carriage return (`\r\n` is one `Character`).
    ///
    /// - Complexity: O(n); allocates only a result longer than 15 bytes.
    static func registrableDomain(ofASCII host: UnsafeBufferPointer<UInt8>) -> String? {
        // The last three non-empty labels, innermost first, and how many there are.
        var labels = (last: 0..<0, secondLast: 0..<0, thirdLast: 0..<0)
        var labelCount = 0
        var end = host.count
        var index = host.count - 1
        while index >= -1 {
            if index >= 0 {
                let byte = host[index]
                if byte >= 0x80 || byte == UInt8(ascii: "\r") { return nil }
                if byte != UInt8(ascii: ".") {
                    index -= 1
                    continue
                }
            }
            // A label ends here, at a dot or at the start of the host.
            if index + 1 < end {
                switch labelCount {
                case 0: labels.last = (index + 1)..<end
                case 1: labels.secondLast = (index + 1)..<end
                case 2: labels.thirdLast = (index + 1)..<end
                default: break
                }
                labelCount += 1
            }
            end = index
            index -= 1
        }
        let keep = labelCount > 2 && labels.last.count == 2 && isSecondLevelRegistry(host, labels.secondLast)
            ? 3 : min(labelCount, 2)
        // The kept labels, outermost first, joined by single dots.
        return String(unsafeUninitializedCapacity: host.count) { buffer in
            var length = 0
            func write(_ label: Range<Int>) {
                if length > 0 {
                    buffer[length] = UInt8(ascii: ".")
                    length += 1
                }
                for position in label {
                    buffer[length] = HTMLBytes.lowercased(host[position])
                    length += 1
                }
            }
            if keep >= 3 { write(labels.thirdLast) }
            if keep >= 2 { write(labels.secondLast) }
            if keep >= 1 { write(labels.last) }
            return length
        }
    }

    /// Second-level labels under which registries sell names (`example.com.cn`,
    /// `city.go.jp`), packed as ``packedLabel(_:_:)`` does.
    private static let secondLevelRegistries: [UInt32] = ["com", "net", "org", "gov", "edu", "ac", "co", "or", "ne", "go", "lg", "ed"]
        .map { name in Array(name.utf8).withUnsafeBufferPointer { packedLabel($0, 0..<$0.count) } }

    private static func isSecondLevelRegistry(_ host: UnsafeBufferPointer<UInt8>, _ label: Range<Int>) -> Bool {
        guard label.count == 2 || label.count == 3 else { return false }
        return secondLevelRegistries.contains(packedLabel(host, label))
    }

    /// A label of at most four bytes, lower-cased and packed into an integer.
    private static func packedLabel(_ bytes: UnsafeBufferPointer<UInt8>, _ label: Range<Int>) -> UInt32 {
        var packed: UInt32 = 0
        for index in label { packed = packed << 8 | UInt32(HTMLBytes.lowercased(bytes[index])) }
        return packed
    }
}
