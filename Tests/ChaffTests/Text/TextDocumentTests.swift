import Testing
import Chaff
import ChaffTestSupport

/// `TextDocument`: plain-text pages in the charsets hijacked sites use.
@Suite struct TextDocumentTests {
    /// Lines of each language, long enough for a charset guess to be sure.
    static let pages: [(text: String, iconvName: String, charset: String)] = [
        ("市政府召开常务会议，研究部署城市更新和老旧小区改造工作。\n会议要求各区加快推进项目建设，确保年底前完成既定目标。\n亚洲精品无码在线观看|国产精品视频免费|日韩高清在线",
         "GB18030", "GB18030"),
        ("本校於本週舉行畢業典禮，校長勉勵畢業生持續學習、服務社會。\n典禮結束後，家長與師生在校園合影留念。", "BIG5", "Big5"),
        ("本日は当社ウェブサイトをご覧いただき、誠にありがとうございます。\n新製品の情報はお知らせ欄をご確認ください。", "SHIFT_JIS", "Shift_JIS"),
        ("시청은 다음 주부터 새로운 주민 지원 프로그램을 시작한다고 밝혔습니다.\n자세한 내용은 홈페이지 공지사항을 참고하시기 바랍니다.", "EUC-KR", "EUC-KR"),
        ("Администрация города сообщает о начале ремонта дорог в центральном районе.\nПодробности опубликованы на официальном сайте.", "CP1251", "windows-1251"),
    ]

    func lines(_ document: TextDocument) -> [String] {
        (0..<document.lines.lineCount).map(document.lines.string(ofLine:))
    }

    @Test func validUTF8IsSplitAsItIs() {
        let bytes = Array("a\r\nb 中文\rc\n".utf8)
        let document = TextDocument(bytes: bytes)
        #expect(lines(document) == ["a", "b 中文", "c"])
        #expect(document.lines.bytes == bytes)
        #expect(document.charset == "UTF-8" && document.charsetSource == .utf8Valid && document.replacements == 0)
    }

    @Test(arguments: pages.indices)
    func legacyPagesAreDecodedAndSplit(_ index: Int) {
        let page = Self.pages[index]
        let document = TextDocument(bytes: LegacyEncoding.encode(page.text, as: page.iconvName))
        #expect(lines(document) == page.text.split(separator: "\n").map(String.init))
        #expect(document.charset == page.charset)
        #expect(document.charsetSource == .guessed)
        #expect(document.replacements == 0)
    }

    @Test func aDeclaredCharsetIsTaken() {
        let text = Self.pages[0].text
        let bytes = LegacyEncoding.encode(text, as: "GBK")
        for contentType in ["gbk", "text/plain; charset=GBK"] {
            let document = TextDocument(bytes: bytes, contentType: contentType)
            #expect(document.charsetSource == .contentType)
            #expect(lines(document) == text.split(separator: "\n").map(String.init))
        }
        // Valid UTF-8 with Chinese in it is UTF-8, whatever a header says.
        let utf8 = TextDocument(bytes: Array(text.utf8), contentType: "text/plain; charset=big5")
        #expect(utf8.charset == "UTF-8" && lines(utf8).count == 3)
    }

    @Test func utf16IsDecodedBeforeLinesAreFound() {
        // "上" is U+4E0A: in UTF-16LE its first byte is an LF byte.
        let text = "上海市\n第二行"
        let bytes = LegacyEncoding.encode(text, as: "UTF-16LE")
        #expect(bytes.contains(0x0A) && bytes.firstIndex(of: 0x0A)! < 4)
        let document = TextDocument(bytes: [0xFF, 0xFE] + bytes)
        #expect(lines(document) == ["上海市", "第二行"])
        #expect(document.charset == "UTF-16LE" && document.charsetSource == .bom)
    }

    @Test func aMetaTagInTextDeclaresNothing() {
        // In HTML this tag would make the page Big5; in text it is a line of text.
        let text = "<meta charset=\"big5\">\n" + Self.pages[0].text
        let document = TextDocument(bytes: LegacyEncoding.encode(text, as: "GB18030"))
        #expect(document.charset == "GB18030" && document.charsetSource == .guessed)
        #expect(lines(document)[1] == "市政府召开常务会议，研究部署城市更新和老旧小区改造工作。")
    }

    @Test func aFewBrokenBytesInUTF8StayUTF8() {
        let bytes = Array("第一行 中文内容\n".utf8) + [0xFF] + Array(" 第二行\n".utf8)
        let document = TextDocument(bytes: bytes)
        #expect(document.charset == "UTF-8" && document.replacements == 1)
        #expect(lines(document) == ["第一行 中文内容", "\u{FFFD} 第二行"])
    }

    @Test func binaryDataIsANULByteNearTheStart() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
        #expect(TextDocument.binaryOffset(in: png) == 8)
        #expect(TextDocument.binaryOffset(in: Array("plain text\n".utf8)) == nil)
        #expect(TextDocument.binaryOffset(in: []) == nil)
        // UTF-16 text has NUL bytes, after its byte order mark.
        #expect(TextDocument.binaryOffset(in: [0xFF, 0xFE, 0x41, 0x00]) == nil)
        // Only the first 8 KB are looked at.
        #expect(TextDocument.binaryOffset(in: [UInt8](repeating: 0x61, count: 8192) + [0]) == nil)
    }
}
