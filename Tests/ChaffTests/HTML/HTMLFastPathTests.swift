import Testing
@testable import Chaff
import ChaffTestSupport

/// The byte-level fast paths of HTML reading checked against plain reference
/// implementations (the straightforward code they replaced) on seeded random
/// inputs, plus the cases each fast path singles out.
@Suite("HTML fast paths")
struct HTMLFastPathTests {
    /// `count` bytes drawn from `alphabet`.
    static func randomBytes(_ count: Int, from alphabet: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
    }

    // MARK: Newlines

    @Test func newlineCountMatchesAByteLoop() {
        var generator = SeededGenerator(seed: 1)
        // Long enough to fill the lanes (127 steps of 32 bytes) several times.
        let bytes = Self.randomBytes(20_000, from: Array("ab\n\r \u{7}".utf8) + [0x8A, 0x0A], using: &generator)
        bytes.withUnsafeBufferPointer { buffer in
            for _ in 0..<200 {
                let from = Int.random(in: 0...buffer.count, using: &generator)
                let to = Int.random(in: from...buffer.count, using: &generator)
                let expected = buffer[from..<to].filter { $0 == 0x0A }.count
                #expect(SourceLineCounter.newlines(in: buffer, from: from, to: to) == expected)
            }
        }
    }

    @Test func lineNumbersBackwardsAndForwards() {
        let text = Array("a\nb\n\nc\nd".utf8)
        text.withUnsafeBufferPointer { buffer in
            var counter = SourceLineCounter(bytes: buffer)
            #expect(counter.line(at: 8) == 5)
            #expect(counter.line(at: 2) == 2)
            #expect(counter.line(at: 5) == 4)
            #expect(counter.line(at: 0) == 1)
            #expect(counter.line(at: 100) == 5)
        }
    }

    @Test func titleInsideTheBodyDoesNotShiftLineNumbers() {
        let html = "<p>one\n<title>t</title>\ntwo</p>\n<p>three</p>"
        let lines = HTMLReader().lines(in: html)
        #expect(lines.map(\.sourceLine) == [2, 1, 4])
    }

    // MARK: CSS comments

    /// The comment stripping Chaff had before it copied runs.
    static func referenceStrippingComments(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "*") {
                var close = index + 2
                while close + 1 < end, !(bytes[close] == UInt8(ascii: "*") && bytes[close + 1] == UInt8(ascii: "/")) {
                    close += 1
                }
                index = close + 2
                output.append(0x20)
                continue
            }
            if byte == UInt8(ascii: "<"), HTMLBytes.hasPrefixIgnoringCase(bytes, at: index, "<!--") {
                index += 4
                continue
            }
            if byte == UInt8(ascii: "-"), HTMLBytes.hasPrefixIgnoringCase(bytes, at: index, "-->") {
                index += 3
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    @Test func commentStrippingMatchesTheReference() {
        var generator = SeededGenerator(seed: 2)
        let alphabet = Array("/*-<!>a {};:".utf8)
        for length in [0, 1, 2, 3, 5, 15, 16, 17, 40, 300] {
            for _ in 0..<300 {
                let css = Self.randomBytes(length, from: alphabet, using: &generator)
                css.withUnsafeBufferPointer { buffer in
                    let start = buffer.isEmpty ? 0 : Int.random(in: 0..<buffer.count, using: &generator)
                    let range = start..<buffer.count
                    #expect(HiddenStyle.strippingComments(buffer, range) == Self.referenceStrippingComments(buffer, range))
                }
            }
        }
    }

    @Test func commentStrippingCases() {
        func stripped(_ css: String) -> String {
            let bytes = Array(css.utf8)
            return bytes.withUnsafeBufferPointer {
                String(decoding: HiddenStyle.strippingComments($0, 0..<$0.count), as: UTF8.self)
            }
        }
        #expect(stripped("a/* x */b") == "a b")
        #expect(stripped("<!-- .x{} -->") == " .x{} ")
        #expect(stripped("<!-->") == ">")
        #expect(stripped("--->") == "-")
        #expect(stripped("/* --> */a") == " a")
        #expect(stripped("a /* unclosed") == "a  ")
        #expect(stripped("a/") == "a/")
    }

    // MARK: Pairs and runs

    @Test func findPairMatchesAByteLoop() {
        var generator = SeededGenerator(seed: 3)
        let bytes = Self.randomBytes(5_000, from: Array("<//sSx \u{F}".utf8), using: &generator)
        bytes.withUnsafeBufferPointer { buffer in
            for second in [UInt8(ascii: "/"), UInt8(ascii: "s")] {
                var from = 0
                while true {
                    var expected: Int?
                    var index = from
                    while index + 1 < buffer.count {
                        if buffer[index] == UInt8(ascii: "<"), buffer[index + 1] | 0x20 == second {
                            expected = index
                            break
                        }
                        index += 1
                    }
                    let found = HTMLBytes.findPair(UInt8(ascii: "<"), second, in: buffer, from: from, to: buffer.count)
                    #expect(found == expected)
                    // A search that must stop early: a pair needs both bytes before `to`.
                    let to = min(buffer.count, from + 37)
                    let within = expected.flatMap { $0 + 1 < to ? $0 : nil }
                    #expect(HTMLBytes.findPair(UInt8(ascii: "<"), second, in: buffer, from: from, to: to) == within)
                    guard let found else { break }
                    from = found + 1
                }
            }
        }
    }

    /// Where a text run ends, one byte at a time.
    static func referenceRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        func isOrdinary(_ byte: UInt8) -> Bool {
            !(byte == 0 || HTMLBytes.isWhitespace(byte) || byte == UInt8(ascii: "&") || byte == 0xC2)
        }
        var index = start
        while index < end {
            let byte = bytes[index]
            if isOrdinary(byte) {
                index += 1
            } else if byte == 0x20, index + 1 < end, isOrdinary(bytes[index + 1]) {
                index += 2
            } else if byte == 0xC2, index + 1 >= end || bytes[index + 1] != 0xA0 {
                index += 1
            } else {
                break
            }
        }
        return index
    }

    @Test func textRunEndMatchesAByteLoop() {
        var generator = SeededGenerator(seed: 8)
        let alphabets: [[UInt8]] = [
            Array("abcdefgh ".utf8),
            Array("ab  \t\n&".utf8) + [0, 1, 0x1F, 0xC2, 0xA0, 0xA9, 0xE4, 0xB8, 0x7F],
            Array("word ".utf8) + [0xE4, 0xB8, 0xAD, 0xC2],
        ]
        for alphabet in alphabets {
            for length in [1, 7, 8, 9, 16, 17, 31, 33, 64, 200] {
                for _ in 0..<400 {
                    let bytes = Self.randomBytes(length, from: alphabet, using: &generator)
                    bytes.withUnsafeBufferPointer { buffer in
                        let start = Int.random(in: 0..<buffer.count, using: &generator)
                        #expect(TextRun.end(in: buffer, from: start, to: buffer.count)
                            == Self.referenceRunEnd(buffer, from: start, to: buffer.count))
                    }
                }
            }
        }
    }

    @Test func textRunsCollapseLikeSingleCharacters() {
        let reader = HTMLReader()
        #expect(reader.lines(in: "<p>one two  three\tfour</p>").map(\.text) == ["one two three four"])
        #expect(reader.lines(in: "<p>a\u{A0}b \u{A9} c&amp;d &unknown; e</p>").map(\.text) == ["a b \u{A9} c&d &unknown; e"])
        #expect(reader.lines(in: "<p>中文文本，没有空格的长句子一直写下去。然后 next</p>").map(\.text)
            == ["中文文本，没有空格的长句子一直写下去。然后 next"])
        #expect(reader.lines(in: "<p>a\u{0}b c</p>").map(\.text) == ["ab c"])
        let link = reader.lines(in: "<p>see <a href=\"http://x.com/\">two words</a> here</p>")
        #expect(link.map(\.linkTextLength) == [9])
        let cjkLink = reader.lines(in: "<p><a href=\"http://x.com/\">中文 链接</a>后</p>")
        #expect(cjkLink.map(\.linkTextLength) == [5])
    }

    // MARK: UTF-8

    @Test func utf8StatisticsMatchTheStandardLibrary() {
        var generator = SeededGenerator(seed: 4)
        let alphabet: [UInt8] = [0x41, 0x20, 0x7F, 0x80, 0xBF, 0xC2, 0xA9, 0xDF, 0xE0, 0xA0, 0xE4, 0xB8, 0xAD,
                                 0xED, 0x9F, 0xF0, 0x90, 0xF4, 0x8F, 0xF5, 0xFF]
        for length in [0, 1, 7, 16, 17, 33, 200] {
            for _ in 0..<300 {
                let bytes = Self.randomBytes(length, from: alphabet, using: &generator)
                let decoded = String(decoding: bytes, as: UTF8.self)
                // Only inputs without a literal U+FFFD, so every FFFD is a repair.
                guard !bytes.indices.contains(where: { bytes[$0...].starts(with: [0xEF, 0xBF, 0xBD]) }) else { continue }
                let repairs = decoded.unicodeScalars.filter { $0.value == 0xFFFD }.count
                let multiByte = decoded.unicodeScalars.filter { $0.value >= 0x80 && $0.value != 0xFFFD }.count
                let statistics = bytes.withUnsafeBytes { UTF8Statistics($0) }
                #expect(statistics.invalid == repairs)
                #expect(statistics.multiByte == multiByte)
            }
        }
        let ascii = Array(String(repeating: "markup <p class=x> ", count: 40).utf8) + [0xE4, 0xB8, 0xAD]
        #expect(ascii.withUnsafeBytes { UTF8Statistics($0) }.multiByte == 1)
    }

    @Test func utf8StatisticsMatchTheStandardLibraryInDamagedCJKRuns() {
        // Runs long enough for the sixteen-byte steps, of the three-byte
        // sequences they take (中, 。, 한) and of those they leave to the
        // byte loop (U+0800 with lead 0xE0, 힣 with lead 0xED, a four-byte
        // emoji, two-byte é, ASCII), each damaged once or twice: a byte
        // dropped, replaced or inserted.
        var generator = SeededGenerator(seed: 15)
        let pieces: [[UInt8]] = ["中", "中", "中", "。", "한", "\u{0800}", "힣", "😀", "é", "a"].map { Array($0.utf8) }
        let damage: [UInt8] = [0x80, 0xBF, 0xE4, 0xED, 0xC0, 0xFF, 0x41]
        for length in [4, 5, 6, 12, 30, 100] {
            for _ in 0..<200 {
                var bytes: [UInt8] = []
                for _ in 0..<length {
                    // Mostly the common sequences, so that long clean runs occur.
                    let piece = Int.random(in: 0..<4, using: &generator) == 0
                        ? pieces.randomElement(using: &generator)! : pieces[Int.random(in: 0..<3, using: &generator)]
                    bytes += piece
                }
                for _ in 0..<Int.random(in: 0...2, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes[at] = damage.randomElement(using: &generator)!
                    default: bytes.insert(damage.randomElement(using: &generator)!, at: at)
                    }
                }
                let decoded = String(decoding: bytes, as: UTF8.self)
                let repairs = decoded.unicodeScalars.filter { $0.value == 0xFFFD }.count
                let multiByte = decoded.unicodeScalars.filter { $0.value >= 0x80 && $0.value != 0xFFFD }.count
                let statistics = bytes.withUnsafeBytes { UTF8Statistics($0) }
                #expect(statistics.invalid == repairs)
                #expect(statistics.multiByte == multiByte)
            }
        }
    }

    @Test func scalarCountCountsTheBytesThatAreNotContinuations() {
        // Continuation bytes (0x80 to 0xBF) and their neighbours 0x7F and 0xC0,
        // in ranges shorter and longer than the thirty-two-byte steps.
        var generator = SeededGenerator(seed: 16)
        let alphabet: [UInt8] = [0x41, 0x7F, 0x80, 0x9F, 0xBF, 0xC0, 0xE4, 0xFF]
        for length in [0, 1, 31, 32, 33, 64, 200, 5000] {
            let bytes = Self.randomBytes(length, from: alphabet, using: &generator)
            bytes.withUnsafeBufferPointer { buffer in
                for _ in 0..<20 {
                    let lower = Int.random(in: 0...length, using: &generator)
                    let upper = Int.random(in: lower...length, using: &generator)
                    let expected = bytes[lower..<upper].filter { $0 & 0xC0 != 0x80 }.count
                    #expect(TextRun.scalarCount(in: buffer, lower..<upper) == expected)
                }
            }
        }
        let text = Array("中文 text, ünïcödé 😀".utf8)
        #expect(text.withUnsafeBufferPointer { TextRun.scalarCount(in: $0, $0.indices) }
            == "中文 text, ünïcödé 😀".unicodeScalars.count)
    }

    @Test func whitespaceEndFindsTheFirstOtherByteFromEveryStart() {
        // Mostly whitespace, and its neighbours in value (0x08, 0x0B, 0x0E,
        // 0x1F, 0x21) and bytes whose top bit flips the signed compare.
        var generator = SeededGenerator(seed: 12)
        let white: [UInt8] = [0x09, 0x0A, 0x0C, 0x0D, 0x20]
        let other: [UInt8] = [0x00, 0x08, 0x0B, 0x0E, 0x1F, 0x21, 0x41, 0x89, 0x8D, 0xA0, 0xFF]
        for length in [0, 1, 15, 16, 17, 40, 100] {
            for _ in 0..<30 {
                let bytes = (0..<length).map { _ in
                    Int.random(in: 0..<20, using: &generator) == 0
                        ? other.randomElement(using: &generator)! : white.randomElement(using: &generator)!
                }
                bytes.withUnsafeBufferPointer { buffer in
                    for start in 0...length {
                        for end in [start, (start + length) / 2, length] where end >= start {
                            let expected = bytes[start..<end].firstIndex { !HTMLBytes.isWhitespace($0) } ?? end
                            #expect(HTMLBytes.whitespaceEnd(in: buffer, from: start, to: end) == expected)
                        }
                    }
                }
            }
        }
    }

    @Test func styleTagStartFindsTheFirstStyFromEveryStart() {
        // `<` and the letters of `sty` in both cases, bytes that differ from
        // `y` and `S` only in the top bit, and decoys: a `<` with a `y` three
        // bytes on but no `st`, a `<st` with no `y`.
        var generator = SeededGenerator(seed: 14)
        let alphabet: [UInt8] = Array("<<sStTyYy9Ya >".utf8) + [0x79 | 0x80, 0x53 | 0x80]
        func isStart(_ bytes: [UInt8], _ index: Int) -> Bool {
            index + 3 < bytes.count && bytes[index] == 0x3C && bytes[index + 1] | 0x20 == 0x73
                && bytes[index + 2] | 0x20 == 0x74 && bytes[index + 3] | 0x20 == 0x79
        }
        for length in [0, 3, 4, 18, 19, 20, 35, 100] {
            for _ in 0..<200 {
                var bytes = Self.randomBytes(length, from: alphabet, using: &generator)
                if length >= 4, Bool.random(using: &generator) {
                    let at = Int.random(in: 0...(length - 4), using: &generator)
                    bytes.replaceSubrange(at..<(at + 4), with: Array(["<sty", "<STY", "<sTy"].randomElement(using: &generator)!.utf8))
                }
                bytes.withUnsafeBufferPointer { buffer in
                    for start in 0...length {
                        let expected = (start..<length).first { isStart(bytes, $0) }
                        #expect(HTMLBytes.styleTagStart(in: buffer, from: start) == expected)
                    }
                }
            }
        }
    }

    @Test func classNamesSplitAtWhitespaceAndAreCut() {
        // Names longer and shorter than a word of eight bytes, bytes below
        // 0x21 that are not whitespace (0x0B, 0x01), and non-ASCII bytes.
        var generator = SeededGenerator(seed: 13)
        let alphabet: [UInt8] = Array("ab-_9 \t\n".utf8) + [0x0B, 0x01, 0x0C, 0x0D, 0xC3, 0xA9]
        for length in [0, 1, 7, 8, 9, 30, 120] {
            for _ in 0..<200 {
                let bytes = Self.randomBytes(length, from: alphabet, using: &generator)
                bytes.withUnsafeBufferPointer { buffer in
                    let start = Int.random(in: 0...length, using: &generator)
                    let names = Array(HTMLSourceBytes(bytes: buffer).classNames(start..<length))
                    // The reference: split at whitespace, each name cut at 48 bytes.
                    var expected: [Range<Int>] = []
                    var index = start
                    while index < length {
                        while index < length, HTMLBytes.isWhitespace(buffer[index]) { index += 1 }
                        let nameStart = index
                        while index < length, !HTMLBytes.isWhitespace(buffer[index]) { index += 1 }
                        if index > nameStart { expected.append(nameStart..<min(index, nameStart + 48)) }
                    }
                    #expect(names == expected)
                }
            }
        }
    }

    @Test func endOfASCIIFindsTheFirstHighByteFromEveryStart() {
        // Long ASCII runs with a rare high byte, so that the 64-byte steps,
        // the 16-byte steps and the last bytes each find some of them.
        var generator = SeededGenerator(seed: 11)
        for length in [0, 15, 16, 63, 64, 65, 130, 300] {
            for _ in 0..<20 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0x00...0x7F, using: &generator) }
                for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                    bytes[Int.random(in: 0..<length, using: &generator)] = UInt8.random(in: 0x80...0xFF, using: &generator)
                }
                bytes.withUnsafeBytes { raw in
                    for start in 0...length {
                        let expected = bytes[start...].firstIndex { $0 >= 0x80 } ?? length
                        #expect(UTF8Statistics.endOfASCII(raw, from: start) == expected)
                    }
                }
            }
        }
    }

    @Test func decodingGivesTheSameBytesAsTheString() {
        let inputs: [(bytes: [UInt8], contentType: String?)] = [
            (Array("<meta charset=utf-8><p>中文 text</p>".utf8), nil),
            (Array("<p>ascii only</p>".utf8), nil),
            ([0xEF, 0xBB, 0xBF] + Array("<p>bom</p>".utf8), nil),
            (Array("<p>中文".utf8) + [0xE4, 0xB8], nil),  // cut mid-character
            ([0xFF, 0xFE, 0x3C, 0x00, 0x70, 0x00, 0x3E, 0x00, 0x2D, 0x4E], nil),
            (LegacyEncoding.encode("<p>市人民政府政务公开</p>", as: "GBK"), "text/html; charset=gbk"),
            ([0x3C, 0x70, 0x3E, 0x80, 0xE9, 0x41], "text/html; charset=windows-1252"),
        ]
        let decoder = CharsetDecoder()
        for input in inputs {
            input.bytes.withUnsafeBytes { raw in
                let decoding = decoder.decoding(of: raw, contentType: input.contentType)
                let text = decoding.text()
                #expect(text == decoder.decode(raw, contentType: input.contentType))
                decoding.withUTF8 { utf8, replacements in
                    #expect(Array(utf8) == Array(text.text.utf8))
                    #expect(replacements == text.replacements)
                }
            }
        }
    }

    @Test func documentFromBytesReadsLikeTheDecodedString() {
        let pages: [[UInt8]] = [
            Array("<title>标题</title><div class=a><p>第一段 <a href=\"//x.cn/a\">链接</a></p></div>".utf8),
            Array("<p>broken \u{FF} utf8".utf8) + [0xFF, 0xC3] + Array(" tail</p>".utf8),
        ]
        for bytes in pages {
            let fromBytes = HTMLDocument(bytes: bytes)
            let fromString = HTMLDocument(html: CharsetDecoder().decode(bytes).text)
            #expect(fromBytes.lines == fromString.lines)
            #expect(fromBytes.markup == fromString.markup)
        }
    }

    // MARK: Hosts

    /// The registrable domain as Chaff computed it before the byte version.
    static func referenceRegistrableDomain(_ host: String) -> String {
        let labels = host.lowercased().split(separator: ".")
        guard labels.count > 2 else { return labels.joined(separator: ".") }
        let secondLevel: Set<Substring> = ["com", "net", "org", "gov", "edu", "ac", "co", "or", "ne", "go", "lg", "ed"]
        let keep = labels[labels.count - 1].count == 2 && secondLevel.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    @Test func registrableDomainMatchesTheReference() {
        var generator = SeededGenerator(seed: 5)
        let pieces = ["www", "WWW", "example", "com", "co", "uk", "cn", "go", "jp", "net", "a", "", "Ex\u{E9}", "K\u{212A}",
                      "x\r", "\n", "org", "gov", "ed", "lg"]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...5, using: &generator)
            let host = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: ".")
            #expect(LineMarkup.registrableDomain(host) == Self.referenceRegistrableDomain(host), "\(host.debugDescription)")
        }
        #expect(LineMarkup.registrableDomain("news.example.com.cn") == "example.com.cn")
        #expect(LineMarkup.registrableDomain("a..b.COM.") == "b.com")
        #expect(LineMarkup.registrableDomain("....") == "")
    }

    @Test func markupMatchesTheReferenceOverManyHosts() {
        var generator = SeededGenerator(seed: 6)
        let hosts = ["a.example.com", "b.example.com", "spam.cn", "www.spam.cn", "x.co.uk", "y.co.uk", "z.net",
                     "EXAMPLE.com", "其他.cn"]
        var lines: [HTMLLine] = []
        for index in 0..<400 {
            let linked = (0..<Int.random(in: 0...3, using: &generator)).map { _ in hosts.randomElement(using: &generator)! }
            lines.append(HTMLLine(
                text: index % 3 == 0 ? "中文 line \(index) 😀" : "line \(index)", kind: .body, sourceLine: index,
                tagPath: "p", linkTextLength: index % 7, linkCount: linked.count, linkHosts: linked))
        }
        for siteHost in [nil, "www.example.com", "other.org"] as [String?] {
            let markup = LineMarkup.of(lines, siteHost: siteHost)
            // The reference: every domain computed afresh, most linked by a plain count.
            var counts: [String: Int] = [:]
            for line in lines { for host in line.linkHosts { counts[Self.referenceRegistrableDomain(host), default: 0] += 1 } }
            let mostLinked = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
            let site = (siteHost ?? mostLinked).map(Self.referenceRegistrableDomain)
            for (line, facts) in zip(lines, markup) {
                let foreign = Set(line.linkHosts.map(Self.referenceRegistrableDomain)).filter { $0 != site }.count
                #expect(facts.foreignHosts == foreign)
                let share = min(1, Double(line.linkTextLength) / Double(max(1, line.text.unicodeScalars.count)))
                #expect(facts.linkTextShare == share)
            }
        }
    }

    @Test func hostRangeAndLowercasedComparison() {
        func host(_ url: String) -> String? {
            let bytes = Array(url.utf8)
            return bytes.withUnsafeBufferPointer { HostName.host(ofURL: $0) }
        }
        #expect(host("HTTPS://User@Www.Example.COM.:8080/path") == "www.example.com")
        #expect(host("//[::1]:80/") == "[::1]")
        #expect(host("/relative") == nil)
        #expect(host("http:///") == nil)
        let bytes = Array("WWW.Example.com".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(HostName.lowercased(buffer, equals: "www.example.com"))
            #expect(!HostName.lowercased(buffer, equals: "www.example.co"))
        }
    }

    @Test func characterReferencesInALinkChangeItsHostOnlyBeforeTheHostEnds() {
        func hosts(_ href: String) -> [String] {
            HTMLReader().lines(in: "<p><a href=\"\(href)\">link</a></p>").first?.linkHosts ?? []
        }
        // After the host (a query string's `&amp;`), read from the raw bytes.
        #expect(hosts("https://Shop.Example.com/buy?a=1&amp;b=2") == ["shop.example.com"])
        #expect(hosts("https://shop.example.com:8080?q=&amp;") == ["shop.example.com"])
        // In the scheme, the host or its port: read from the decoded URL.
        #expect(hosts("http&#58;//evil.example/x") == ["evil.example"])
        #expect(hosts("https://evil&#46;example/x") == ["evil.example"])
        #expect(hosts("https://evil.example&#47;x&amp;y") == ["evil.example"])
        #expect(hosts("https://a.example:80&#47;x") == ["a.example"])
        #expect(hosts("/relative?a=1&amp;b=2").isEmpty)
    }

    @Test func repeatedLinkHostsAreReadAlike() {
        let links = (0..<12).map { "<a href=\"https://\($0 % 5 == 0 ? "Other.NET" : "www.site.com")/\($0)\">l\($0)</a>" }
        let lines = HTMLReader().lines(in: "<p>" + links.joined(separator: " ") + "</p>")
        #expect(lines.count == 1)
        #expect(lines[0].linkHosts == ["other.net", "www.site.com"])
        #expect(lines[0].linkCount == 12)
    }

    // MARK: Tag keys and style sheets

    @Test func tagKeysMatchAByteLoop() {
        func reference(_ name: [UInt8]) -> UInt64 {
            let lowered = name.map(HTMLBytes.lowercased)
            if lowered.count <= 8 {
                return lowered.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
            }
            return lowered.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 } | 1 << 63
        }
        var generator = SeededGenerator(seed: 5)
        // Letters of both cases and the bytes around them, controls and bytes
        // with the top bit set (whose low seven bits look like letters).
        let alphabet: [UInt8] = [0x00, 0x20, 0x40, 0x41, 0x4D, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7F]
            + [0x80, 0xC1, 0xDA, 0xE1, 0xFF] + Array("Hh1-:".utf8)
        for _ in 0..<2_000 {
            let bytes = Self.randomBytes(Int.random(in: 1...24, using: &generator), from: alphabet, using: &generator)
            // Names ending anywhere, the end of the buffer included, where
            // eight bytes cannot be read at once.
            let start = Int.random(in: 0..<bytes.count, using: &generator)
            let end = Int.random(in: start...min(bytes.count, start + 12), using: &generator)
            bytes.withUnsafeBufferPointer { buffer in
                #expect(HTMLTag.key(buffer, start..<end) == reference(Array(bytes[start..<end])))
            }
        }
    }

    @Test func longAtRulesAreSkippedWhereverTheirBracesFall() {
        // Rules inside at-rules never hide; the rule after one still does.
        // Padding moves the braces and semicolons across 16-byte chunks.
        for padding in 0..<40 {
            let filler = String(repeating: "x", count: padding)
            let css = "@media screen { .\(filler)a { color: red; margin: 0 } .inside { display:none } }"
                + " @import url(\"\(filler).css\"); .outside { display:none }"
            let lines = HTMLReader().lines(in: "<style>\(css)</style><p class=inside>in</p><p class=outside>out</p>")
            #expect(lines.map(\.isHidden) == [false, true], "padding \(padding)")
        }
    }

    @Test func atRuleEndsMatchTheByteLoopFromEveryStart() {
        // Braces, semicolons and filler, with runs long enough for several
        // sixteen-byte steps and a `{` or `}` in nearly every one.
        var generator = SeededGenerator(seed: 18)
        let alphabet: [UInt8] = Array("{{}};;;@xyz: ".utf8) + [0x7B | 0x80, 0x3B | 0x80]
        // The loop the scan replaced.
        func reference(_ bytes: [UInt8], from start: Int) -> Int {
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case 0x3B where depth == 0: return index + 1
                case 0x7B: depth += 1
                case 0x7D:
                    depth -= 1
                    if depth <= 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return bytes.count
        }
        for length in [0, 1, 15, 16, 17, 40, 100, 300] {
            for _ in 0..<40 {
                // Fewer closing braces than opening ones now and then, so
                // that some blocks stay open to the end.
                var bytes = Self.randomBytes(length, from: alphabet, using: &generator)
                if Bool.random(using: &generator) {
                    bytes = bytes.map { $0 == 0x7D && Bool.random(using: &generator) ? 0x78 : $0 }
                }
                bytes.withUnsafeBufferPointer { buffer in
                    for start in 0...length {
                        #expect(HiddenStyle.skipAtRule(buffer, from: start) == reference(bytes, from: start))
                    }
                }
            }
        }
    }

    // MARK: Stylesheet names and tag paths

    @Test func selectorFilterNeverTurnsAwayAnInsertedName() {
        var generator = SeededGenerator(seed: 7)
        var filter = SelectorNameFilter()
        let empty: [UInt8] = []
        empty.withUnsafeBufferPointer { #expect(!filter.mayContain($0)) }
        var inserted: [[UInt8]] = []
        for _ in 0..<200 {
            let name = Self.randomBytes(Int.random(in: 1...12, using: &generator), from: Array("abc-_xyz09".utf8), using: &generator)
            name.withUnsafeBufferPointer { filter.insert($0) }
            inserted.append(name)
        }
        for name in inserted { name.withUnsafeBufferPointer { #expect(filter.mayContain($0)) } }
        // Non-ASCII names always go to the exact look-up (canonical equivalence).
        let kelvin = Array("\u{212A}".utf8)
        kelvin.withUnsafeBufferPointer { #expect(filter.mayContain($0)) }
    }

    @Test func selectorFilterTurnsAwayNamesOfLengthsNoInsertedNameHas() {
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("abcdefghij-_0123".utf8)
        var filter = SelectorNameFilter()
        // Enough names of two lengths to set a third of the Bloom bits, so that
        // hashes alone would let about one other name in nine through.
        var inserted: [[UInt8]] = []
        for index in 0..<300 {
            let name = Self.randomBytes(index % 2 == 0 ? 4 : 10, from: alphabet, using: &generator)
            name.withUnsafeBufferPointer { filter.insert($0) }
            inserted.append(name)
        }
        for name in inserted { name.withUnsafeBufferPointer { #expect(filter.mayContain($0)) } }
        // Every ASCII name of another length is turned away by its length.
        var passed = 0
        for _ in 0..<300 {
            var length = Int.random(in: 1...62, using: &generator)
            if length == 4 || length == 10 { length += 1 }
            let name = Self.randomBytes(length, from: alphabet, using: &generator)
            if name.withUnsafeBufferPointer({ filter.mayContain($0) }) { passed += 1 }
        }
        #expect(passed == 0)
        // Names of 63 bytes or more share one length bit, and a non-ASCII name
        // still goes to the exact look-up, whatever its length.
        let long = Array(String(repeating: "x", count: 70).utf8)
        long.withUnsafeBufferPointer { filter.insert($0) }
        long.withUnsafeBufferPointer { #expect(filter.mayContain($0)) }
        Array("h\u{E9}".utf8).withUnsafeBufferPointer { #expect(filter.mayContain($0)) }
    }

    @Test func stylesheetHidesCanonicallyEquivalentClassNames() {
        // U+212A KELVIN SIGN is canonically equivalent to K: String look-ups match them.
        let lines = HTMLReader().lines(in: "<style>.\u{212A}{display:none}</style><p class=\"K\">hidden</p><p>shown</p>")
        #expect(lines.map(\.isHidden) == [true, false])
    }

    @Test func tagPathsOfSiblingsAndDeepNesting() {
        let lists = HTMLReader().lines(in: "<ul id=m class=\"a b c\"><li>1</li><li>2</li></ul><ul><li>3</li></ul>")
        #expect(lists.map(\.tagPath) == ["ul#m.a.b>li", "ul#m.a.b>li", "ul>li"])
        let deep = String(repeating: "<div>", count: 20) + "<p>deep</p>" + "<span>tail"
        let lines = HTMLReader().lines(in: "<html><body>" + deep)
        let path = "html>body>…>" + Array(repeating: "div", count: 12).joined(separator: ">") + ">p"
        #expect(lines.first?.tagPath == path)
        #expect(lines.last?.tagPath == "html>body>…>" + Array(repeating: "div", count: 13).joined(separator: ">"))
        let long = "<x-" + String(repeating: "é", count: 40) + " class=" + String(repeating: "c", count: 60) + ">t"
        let custom = HTMLReader().lines(in: long)
        let name = String(decoding: Array("x-\(String(repeating: "é", count: 40))".utf8).prefix(32), as: UTF8.self)
        #expect(custom.first?.tagPath == name + "." + String(repeating: "c", count: 48))
    }

    @Test func tagPathNamesAreLowerCasedAndLongSegmentsAreCut() {
        // Known and unknown names are lower-cased from the source; ids and
        // classes keep their case, trimmed, cut at 48 bytes, two classes at most.
        let cased = HTMLReader().lines(in: "<DIV ID=' Main ' CLASS='Foo Bar Baz'><My-Widget><P>t</P></My-Widget></DIV>")
        #expect(cased.map(\.tagPath) == ["div#Main.Foo.Bar>my-widget>p"])
        // Segments of the longest kind, deeper than the first kilobyte of
        // the path's buffer: each element's segment is 180 bytes.
        let id = String(repeating: "i", count: 60)
        let first = String(repeating: "a", count: 50)
        let second = String(repeating: "B", count: 70)
        let open = "<div id=\(id) class='\(first) \(second) c'>"
        for depth in [1, 5, 12, 14] {
            let lines = HTMLReader().lines(in: String(repeating: open, count: depth) + "text")
            let segment = "div#" + id.prefix(48) + "." + first.prefix(48) + "." + second.prefix(48)
            #expect(lines.map(\.tagPath) == [Array(repeating: segment, count: depth).joined(separator: ">")])
        }
    }
}
