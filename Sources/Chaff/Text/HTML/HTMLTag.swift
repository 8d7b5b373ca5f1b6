/// The element names the reader treats specially; every other name is `.other`
/// (an inline element), told apart from other unknown names by its ``key(_:_:)``.
enum HTMLTag: UInt8, CaseIterable {
    case other
    case a, address, applet, area, article, aside, audio, base, basefont, bgsound, blockquote, body, br
    case button, canvas, caption, center, col, dd, details, dialog, dir, div, dl, dt, embed, fieldset
    case figcaption, figure, footer, form, frame, frameset, h1, h2, h3, h4, h5, h6, head, header, hgroup
    case hr, html, iframe, img, input, keygen, legend, li, link, listing, main, map, marquee, math, menu
    case meta, nav, noembed, noframes, noscript, object, ol, optgroup, option, p, param, plaintext, pre
    case script, section, select, source, style, summary, svg, table, tbody, td, template, textarea
    case tfoot, th, thead, title, tr, track, ul, video, wbr, xmp

    /// A name key: names of up to 8 bytes packed little-endian (exact), longer
    /// names an FNV-1a hash with the top bit set. `bytes[range]` is lower-cased first.
    @inline(__always)
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let count = range.count
        if count <= 8 && range.lowerBound &+ 8 <= bytes.count {
            // Eight bytes read at once when the buffer has them (a tag name
            // is followed by at least `>`), and those past the name masked off.
            let word = UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self)
            let name = UInt64(littleEndian: word) & (count == 8 ? ~0 : (1 << UInt64(count &* 8)) &- 1)
            return lowercasedASCII(name)
        }
        if count <= 8 {
            var packed: UInt64 = 0
            var shift: UInt64 = 0
            for index in range {
                packed |= UInt64(HTMLBytes.lowercased(bytes[index])) << shift
                shift += 8
            }
            return packed
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in range {
            hash = (hash ^ UInt64(HTMLBytes.lowercased(bytes[index]))) &* 0x100_0000_01b3
        }
        return hash | (1 << 63)
    }

    /// `word` with every byte from `A` to `Z` lower-cased, eight bytes at a
    /// time: ``HTMLBytes/lowercased(_:)`` of each byte.
    @inline(__always)
    static func lowercasedASCII(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = word & (0x7F &* ones)
        // The top bit of each byte whose low seven bits are at least `A`, and
        // of each whose are above `Z`; no sum carries into the next byte.
        let atLeastA = (low7 &+ (0x80 - 0x41) &* ones) & (0x80 &* ones)
        let aboveZ = (low7 &+ (0x80 - 0x5B) &* ones) & (0x80 &* ones)
        // Upper-case letters: in range, and the byte itself below 0x80.
        let upper = atLeastA & ~aboveZ & ~word & (0x80 &* ones)
        return word | (upper >> 2)
    }

    /// The lower-case name (`"other"` for unknown elements).
    var name: String { HTMLTagTable.shared.names[Int(rawValue)] }
}

/// The tables behind ``HTMLTag``'s look-ups, built once.
///
/// A reading session keeps a copy and looks tags up in it: reaching a
/// `static let` costs a `swift_once` check on every access, and a start tag
/// made three of them (1.2% of reading's instructions in all).
struct HTMLTagTable: Sendable {
    static let shared = HTMLTagTable()

    /// Name keys by tag.
    private let keysByTag: [UInt64]
    /// An open-addressing table of 256 slots from name key to tag (about 100 used).
    private let slotKeys: [UInt64]
    private let slotTags: [HTMLTag]
    /// Flags by tag.
    private let infos: [HTMLTagInfo]
    /// Names by tag (`String(describing:)` goes through runtime reflection; done once).
    let names: [String]

    private init() {
        names = HTMLTag.allCases.map { String(describing: $0) }
        let namesUTF8 = names.map { Array($0.utf8) }
        keysByTag = namesUTF8.enumerated().map { tag, name in
            tag == 0 ? 0 : name.withUnsafeBufferPointer { HTMLTag.key($0, 0..<$0.count) }
        }
        var keys = [UInt64](repeating: 0, count: 256)
        var tags = [HTMLTag](repeating: .other, count: 256)
        for tag in HTMLTag.allCases where tag != .other {
            let key = keysByTag[Int(tag.rawValue)]
            var slot = Self.slotIndex(key)
            while keys[slot] != 0 { slot = (slot + 1) & 255 }
            keys[slot] = key
            tags[slot] = tag
        }
        (slotKeys, slotTags) = (keys, tags)
        infos = Self.makeInfos(names: names)
    }

    /// The name key of a known tag (0, matching nothing, for `.other`).
    @inline(__always)
    func key(of tag: HTMLTag) -> UInt64 {
        keysByTag[Int(tag.rawValue)]
    }

    /// The tag for a name key.
    @inline(__always)
    func lookup(_ key: UInt64) -> HTMLTag {
        var slot = Self.slotIndex(key)
        while true {
            let entry = slotKeys[slot]
            if entry == key { return slotTags[slot] }
            if entry == 0 { return .other }
            slot = (slot + 1) & 255
        }
    }

    /// The flags of a tag.
    @inline(__always)
    func info(of tag: HTMLTag) -> HTMLTagInfo {
        infos[Int(tag.rawValue)]
    }

    @inline(__always)
    private static func slotIndex(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key ^ (key >> 29)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    private static func makeInfos(names: [String]) -> [HTMLTagInfo] {
        var infos = [HTMLTagInfo](repeating: [], count: names.count)
        func add(_ info: HTMLTagInfo, _ list: String) {
            for name in list.split(separator: " ") {
                guard let tag = names.firstIndex(where: { $0 == name }) else {
                    preconditionFailure("unknown tag \(name)")
                }
                infos[tag].formUnion(info)
            }
        }
        add(.block, """
            address article aside blockquote body caption center dd details dialog dir div dl dt \
            fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html \
            legend li listing main marquee menu nav noscript ol optgroup option p plaintext pre section \
            summary table tbody td textarea tfoot th thead tr ul xmp br title select video audio canvas map
            """)
        add(.closesParagraph, """
            address article aside blockquote center details dialog dir div dl fieldset figcaption \
            figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr listing main menu nav ol p plaintext \
            pre section summary table ul xmp li dd dt
            """)
        add(.void, "area base br col embed hr img input keygen link meta param source track wbr basefont bgsound frame")
        add(.skipped, "script style template svg math iframe noembed noframes")
        add(.preformatted, "pre listing textarea xmp plaintext")
        add(.scopeBoundary, "table td th caption marquee template html")
        add(.separatesWords, "img input button select textarea br embed iframe video audio canvas object svg math")
        add(.heading, "h1 h2 h3 h4 h5 h6")
        add(.hiding, "marquee")
        add(.list, "ul ol menu dir")
        add(.definitionList, "dl")
        add(.row, "tr")
        add(.tableSection, "tbody thead tfoot")
        add(.table, "table")
        return infos
    }
}
