import Glibc

/// A character encoding that ``CharsetDecoder`` can decode, with the name
/// reported to callers and the name handed to glibc's iconv.
///
/// Labels found in the wild (`gb2312`, `x-sjis`, `latin1`, ...) are mapped to
/// encodings the WHATWG Encoding Standard way: a label names the superset a
/// browser would use, so `gb2312` and `gbk` decode as GB18030 and `iso-8859-1`
/// and `us-ascii` decode as windows-1252.
public struct Charset: Sendable, Hashable, CustomStringConvertible {
    /// The canonical name reported in ``DecodedText/charset``, e.g. `"GB18030"`,
    /// `"Shift_JIS"`, `"windows-1252"`, `"UTF-8"`.
    public let name: String

    /// The encoding name passed to `iconv_open`, e.g. `"CP932"` for Shift_JIS.
    /// UTF-8 and UTF-16 are decoded without iconv.
    public let iconvName: String

    /// Creates a charset from its canonical and iconv names; no check is made
    /// that iconv supports `iconvName` (a decoder that cannot open it reports
    /// every byte as a replacement).
    public init(name: String, iconvName: String) {
        self.name = name
        self.iconvName = iconvName
    }

    /// The canonical name.
    public var description: String { name }

    /// UTF-8, decoded by the standard library (invalid sequences become U+FFFD).
    public static let utf8 = Charset(name: "UTF-8", iconvName: "UTF-8")
    /// UTF-16 little-endian, chosen only by a byte order mark or a Content-Type header.
    public static let utf16LE = Charset(name: "UTF-16LE", iconvName: "UTF-16LE")
    /// UTF-16 big-endian, chosen only by a byte order mark or a Content-Type header.
    public static let utf16BE = Charset(name: "UTF-16BE", iconvName: "UTF-16BE")
    /// The UTF-16 charset whose byte order mark `bytes` start with
    /// (`FF FE` little-endian, `FE FF` big-endian), or nil.
    public static func utf16ByteOrder(of bytes: some Collection<UInt8>) -> Charset? {
        var iterator = bytes.makeIterator()
        switch (iterator.next(), iterator.next()) {
        case (0xFF, 0xFE): return .utf16LE
        case (0xFE, 0xFF): return .utf16BE
        default: return nil
        }
    }

    /// GB18030, the superset decoder for every GB2312 and GBK label.
    public static let gb18030 = Charset(name: "GB18030", iconvName: "GB18030")
    /// Big5; decoded as BIG5-HKSCS (a superset) when glibc provides it.
    public static let big5 = Charset(
        name: "Big5", iconvName: Charset.iconvSupports("BIG5-HKSCS") ? "BIG5-HKSCS" : "BIG5")
    /// Shift_JIS, decoded as Microsoft's CP932 (windows-31j), as browsers do.
    public static let shiftJIS = Charset(
        name: "Shift_JIS", iconvName: Charset.iconvSupports("CP932") ? "CP932" : "SHIFT_JIS")
    /// EUC-JP; decoded as EUC-JP-MS (with the Microsoft extensions) when available.
    public static let eucJP = Charset(
        name: "EUC-JP", iconvName: Charset.iconvSupports("EUC-JP-MS") ? "EUC-JP-MS" : "EUC-JP")
    /// EUC-KR, decoded as CP949 (Unified Hangul Code, a superset) when available.
    public static let eucKR = Charset(
        name: "EUC-KR", iconvName: Charset.iconvSupports("CP949") ? "CP949" : "EUC-KR")
    /// windows-1251 (Cyrillic).
    public static let windows1251 = Charset(name: "windows-1251", iconvName: "CP1251")
    /// windows-1252, the decoder for every ISO-8859-1, Latin-1 and US-ASCII label.
    public static let windows1252 = Charset(name: "windows-1252", iconvName: "CP1252")

    /// The legacy encodings tried, in this order, when a page declares no
    /// charset and is not valid UTF-8. Ties in the plausibility score go to the
    /// earlier entry, so the order is roughly "most common on hijacked sites first".
    public static let guessCandidates: [Charset] = [
        .gb18030, .big5, .shiftJIS, .eucJP, .eucKR, .windows1251, .windows1252,
    ]

    /// Maps an encoding label (from a Content-Type header or a `<meta>` tag) to
    /// a charset, or returns nil when the label is unknown.
    ///
    /// Matching ignores ASCII case and surrounding whitespace and quotes. Labels
    /// outside the built-in WHATWG table are accepted when glibc's iconv can
    /// open them (e.g. `koi8-r`, `iso-8859-2`), and are then reported under
    /// their upper-cased label.
    public init?(label: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(label.utf8.count)
        for byte in label.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: "\""), UInt8(ascii: "'"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                bytes.append(byte | 0x20)
            default:
                bytes.append(byte)
            }
        }
        guard !bytes.isEmpty, bytes.count <= 40 else { return nil }
        let key = String(decoding: bytes, as: UTF8.self)
        if let known = Charset.labels[key] {
            self = known
            return
        }
        // Anything else iconv knows, restricted to label-like bytes so that a
        // hostile header cannot smuggle "//TRANSLIT" or similar suffixes in.
        for byte in bytes {
            let isLabelByte = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            if !isLabelByte { return nil }
        }
        let upper = key.uppercased()
        guard Charset.iconvSupports(upper) else { return nil }
        self.init(name: upper, iconvName: upper)
    }

    /// Whether glibc's iconv can convert from `name` to UTF-8.
    static func iconvSupports(_ name: String) -> Bool {
        let handle = iconv_open("UTF-8", name)
        if handle == nil || handle == iconv_t(bitPattern: -1) { return false }
        iconv_close(handle)
        return true
    }

    /// WHATWG labels (lower-case) for the encodings Chaff cares about.
    private static let labels: [String: Charset] = {
        var table: [String: Charset] = [:]
        func add(_ charset: Charset, _ names: [String]) {
            for name in names { table[name] = charset }
        }
        add(.utf8, ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
                    "x-unicode20utf8"])
        add(.utf16LE, ["utf-16", "utf-16le", "utf16", "unicode", "ucs-2", "csunicode",
                       "iso-10646-ucs-2", "unicodefeff"])
        add(.utf16BE, ["utf-16be", "unicodefffe"])
        add(.gb18030, ["gb18030", "gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "csiso58gb231280",
                       "gb_2312", "gb_2312-80", "iso-ir-58", "cp936", "ms936", "windows-936",
                       "gb2312-80", "euc-cn", "x-euc-cn"])
        add(.big5, ["big5", "big5-hkscs", "big5hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"])
        add(.shiftJIS, ["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "ms932", "cp932",
                        "windows-31j", "csshiftjis", "x-ms-cp932"])
        add(.eucJP, ["euc-jp", "x-euc-jp", "cseucpkdfmtjapanese", "eucjp"])
        add(.eucKR, ["euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601",
                     "korean", "csksc56011987", "iso-ir-149", "cp949", "windows-949",
                     "cseuckr", "euckr", "x-windows-949"])
        add(.windows1251, ["windows-1251", "cp1251", "x-cp1251"])
        add(.windows1252, ["windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1",
                           "iso_8859-1", "iso88591", "iso_8859-1:1987", "latin1", "l1",
                           "us-ascii", "ascii", "ansi_x3.4-1968", "cp819", "ibm819",
                           "csisolatin1", "iso-ir-100"])
        return table
    }()
}
