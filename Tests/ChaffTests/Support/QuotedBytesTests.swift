@testable import Chaff
import Testing

/// Bytes read from a file, as error messages show them.
@Suite struct QuotedBytesTests {
    @Test func textStaysAndEverythingElseIsEscaped() {
        #expect(String(quoting: Array("CNTS".utf8)) == "CNTS")
        #expect(String(quoting: Array("亚洲 WARC/1.0".utf8)) == "亚洲 WARC/1.0")
        #expect(String(quoting: [0x0F, 0x00, 0x00, 0x00]) == "\\x0f\\x00\\x00\\x00")
        // Line breaks, a backslash, DEL, a C1 control, invalid and truncated UTF-8.
        #expect(String(quoting: Array("a\r\nb\\".utf8) + [0x7F, 0xC2, 0x85, 0xFF, 0xE4, 0xBA])
            == "a\\x0d\\x0ab\\x5c\\x7f\\xc2\\x85\\xff\\xe4\\xba")
        // U+FFFD in the file is text like any other.
        #expect(String(quoting: Array("\u{FFFD}".utf8)) == "\u{FFFD}")
    }
}
