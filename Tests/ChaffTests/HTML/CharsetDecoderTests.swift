import Testing
@testable import Chaff
import ChaffTestSupport

@Suite("CharsetDecoder")
struct CharsetDecoderTests {
    let decoder = CharsetDecoder()

    // MARK: Order of sources

    @Test func utf8ByteOrderMarkWinsOverEverything() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<meta charset=gbk>中文".utf8)
        let decoded = decoder.decode(bytes, contentType: "text/html; charset=big5")
        #expect(decoded.source == .bom)
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.text == "<meta charset=gbk>中文")
    }

    @Test func utf16ByteOrderMarks() {
        let text = "<p>中文 test 😀</p>"
        let units = Array(text.utf16)
        let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let decodedLittle = decoder.decode(little)
        let decodedBig = decoder.decode(big)
        #expect(decodedLittle.text == text && decodedLittle.charset == "UTF-16LE" && decodedLittle.source == .bom)
        #expect(decodedBig.text == text && decodedBig.charset == "UTF-16BE" && decodedBig.replacements == 0)
    }

    @Test func lonelySurrogateInUTF16BecomesReplacement() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x43]
        let decoded = decoder.decode(bytes)
        #expect(decoded.text == "A\u{FFFD}B\u{FFFD}")
        #expect(decoded.replacements == 2)
    }

    @Test func contentTypeHeaderBeatsMetaTag() {
        let html = "<html><head><meta charset=\"utf-8\"></head><body>中文繁體網頁</body></html>"
        let bytes = LegacyEncoding.encode(html, as: "BIG5")
        let decoded = decoder.decode(bytes, contentType: "text/html; charset=big5")
        #expect(decoded.source == .contentType)
        #expect(decoded.charset == "Big5")
        #expect(decoded.text == html)
        #expect(decoded.replacements == 0)
    }

    @Test func metaHttpEquivDeclaresCharset() {
        let html = """
            <html><head><!-- <meta charset="big5"> in a comment is ignored -->
            <META CONTENT="text/html; charset=GB2312" HTTP-EQUIV="Content-Type">
            <title>市人民政府</title></head><body>政务公开</body></html>
            """
        let decoded = decoder.decode(LegacyEncoding.encode(html, as: "GBK"))
        #expect(decoded.source == .metaTag)
        #expect(decoded.charset == "GB18030")
        #expect(decoded.text == html)
    }

    @Test func metaCharsetBeyondScanLimitIsNotSeen() {
        let padding = "<!--" + String(repeating: "x", count: 5000) + "-->"
        let html = padding + "<meta charset=\"shift_jis\"><p>abc</p>"
        let decoded = decoder.decode(Array(html.utf8))
        #expect(decoded.source == .utf8Valid)
    }

    @Test func validUTF8OverrulesStaleLegacyDeclaration() {
        // A site migrated to UTF-8 that kept its gb2312 meta tag.
        let html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>新闻中心</p>"
        let decoded = decoder.decode(Array(html.utf8))
        #expect(decoded.source == .utf8Valid)
        #expect(decoded.text == html)
    }

    @Test func pureASCIIIsUTF8() {
        let decoded = decoder.decode(Array("<p>hello</p>".utf8))
        #expect(decoded.source == .utf8Valid && decoded.charset == "UTF-8" && decoded.replacements == 0)
    }

    @Test func emptyInput() {
        let decoded = decoder.decode([])
        #expect(decoded.text.isEmpty)
        #expect(decoded.replacements == 0)
    }

    // MARK: Guessing

    @Test(arguments: [
        ("GBK", "GB18030", "<p>市政府召开常务会议，研究部署安全生产工作。今年以来，全市经济社会发展总体平稳，各项工作有序推进。</p>"),
        ("BIG5", "Big5", "<p>臺灣的天氣非常好，我們今天去公園散步，看到很多人在運動。這個地方的風景很美麗，值得再來。</p>"),
        ("CP932", "Shift_JIS", "<p>こんにちは。今日はとても良い天気ですね。私たちは駅の近くの店で新しい商品を買いました。送料無料です。</p>"),
        ("EUC-JP", "EUC-JP", "<p>こんにちは。今日はとても良い天気ですね。私たちは駅の近くの店で新しい商品を買いました。送料無料です。</p>"),
        ("EUC-KR", "EUC-KR", "<p>안녕하세요. 오늘은 날씨가 정말 좋습니다. 우리는 회원 가입 후 상품을 주문했습니다. 고객센터 전화번호는 다음과 같습니다.</p>"),
        ("CP1251", "windows-1251", "<p>Министерство образования и науки сообщает, что приём документов начнётся в понедельник.</p>"),
        ("CP1252", "windows-1252", "<p>Le ministère a publié un décret concernant la sécurité des élèves à l'école.</p>"),
    ])
    func guessesUndeclaredLegacyCharset(iconvName: String, expected: String, html: String) {
        let decoded = decoder.decode(LegacyEncoding.encode(html, as: iconvName))
        #expect(decoded.source == .guessed)
        #expect(decoded.charset == expected)
        #expect(decoded.text == html)
        #expect(decoded.replacements == 0)
    }

    @Test func mostlyUTF8WithOneBrokenByteStaysUTF8() {
        var bytes = Array("<p>新闻中心 政务公开 办事服务 互动交流</p>".utf8)
        bytes.insert(0xFF, at: 3)
        let decoded = decoder.decode(bytes)
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.source == .guessed)
        #expect(decoded.replacements == 1)
        #expect(decoded.text.contains("\u{FFFD}"))
    }

    @Test func utf8DamagedInsideCharactersIsGuessedAsUTF8() {
        // Bytes spliced into the middle of characters: more invalid sequences
        // than the quick "mostly valid" rule allows, still clearly UTF-8.
        var bytes = Array("<p>新闻中心 政务公开 办事服务 互动交流 通知公告 信息公开</p>".utf8)
        bytes.insert(0xFF, at: 10)
        bytes.insert(0x80, at: 20)
        let decoded = decoder.decode(bytes)
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.source == .guessed)
        #expect(decoded.text.hasSuffix("通知公告 信息公开</p>"))
    }

    @Test func truncatedUTF8SequenceCountsOneReplacement() {
        let bytes = Array("<meta charset=utf-8>中文".utf8).dropLast()
        let decoded = decoder.decode(Array(bytes))
        #expect(decoded.source == .metaTag)
        #expect(decoded.replacements == 1)
        #expect(decoded.text.hasSuffix("中\u{FFFD}"))
    }

    @Test func invalidBytesInDeclaredLegacyCharsetBecomeReplacements() {
        // 0x80 alone and a lead byte at the very end are invalid in GBK.
        let bytes = Array("<p>".utf8) + [0xD6, 0xD0, 0x80, 0x41, 0xCE]
        let decoded = decoder.decode(bytes, contentType: "text/html;charset=gbk")
        #expect(decoded.charset == "GB18030")
        #expect(decoded.text == "<p>中\u{FFFD}A\u{FFFD}")
        #expect(decoded.replacements == 2)
    }

    @Test func binaryGarbageNeverCrashes() {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<200 {
            let count = Int.random(in: 0...4096, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let contentType = round % 3 == 0 ? "text/html; charset=shift_jis" : nil
            let decoded = decoder.decode(bytes, contentType: contentType)
            #expect(decoded.replacements >= 0)
            // Every decoded page can then be read.
            _ = HTMLReader().lines(in: decoded.text)
        }
    }

    // MARK: Labels

    @Test(arguments: [
        ("gb2312", "GB18030"), ("GBK", "GB18030"), ("x-gbk", "GB18030"), ("gb18030", "GB18030"),
        ("big5", "Big5"), ("Big5-HKSCS", "Big5"), ("shift_jis", "Shift_JIS"), ("sjis", "Shift_JIS"),
        ("x-sjis", "Shift_JIS"), ("ms_kanji", "Shift_JIS"), ("windows-31j", "Shift_JIS"),
        ("euc-jp", "EUC-JP"), ("EUC-KR", "EUC-KR"), ("ks_c_5601-1987", "EUC-KR"),
        ("windows-1251", "windows-1251"), ("cp1251", "windows-1251"), ("iso-8859-1", "windows-1252"),
        ("latin1", "windows-1252"), ("us-ascii", "windows-1252"), ("utf8", "UTF-8"), (" \"UTF-8\" ", "UTF-8"),
    ])
    func labelsMapTheWHATWGWay(label: String, name: String) {
        #expect(Charset(label: label)?.name == name)
    }

    @Test func unknownOrHostileLabelsAreRejected() {
        #expect(Charset(label: "no-such-charset") == nil)
        #expect(Charset(label: "utf-8//TRANSLIT") == nil)
        #expect(Charset(label: "") == nil)
        #expect(Charset(label: "koi8-r")?.iconvName == "KOI8-R")
    }

    @Test func contentTypeParsing() {
        #expect(CharsetDecoder.charsetLabel(inContentType: "text/html; charset=GBK") == "GBK")
        #expect(CharsetDecoder.charsetLabel(inContentType: "text/html;Charset=\"big5\"") == "big5")
        #expect(CharsetDecoder.charsetLabel(inContentType: "text/html") == nil)
        #expect(CharsetDecoder.charsetLabel(inContentType: " shift_jis ") == "shift_jis")
    }

    @Test func unknownContentTypeCharsetFallsThroughToMeta() {
        let html = "<meta charset=\"gbk\"><p>中文</p>"
        let decoded = decoder.decode(LegacyEncoding.encode(html, as: "GBK"), contentType: "text/html; charset=bogus")
        #expect(decoded.source == .metaTag)
        #expect(decoded.text == html)
    }
}
