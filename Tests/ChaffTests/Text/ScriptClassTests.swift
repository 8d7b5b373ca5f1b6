@testable import Chaff
import Testing

@Suite struct ScriptClassTests {
    /// The kana block's fast path gives what the switch gave: kana for all of
    /// U+3040–U+30FF (the katakana middle dot among them, whose kana case came
    /// before the separators'), and the classes on either side unchanged.
    @Test func kanaBlockAndItsNeighbours() {
        for value: UInt32 in 0x3040...0x30FF {
            #expect(ScriptClass.of(value) == .kana, "U+\(String(value, radix: 16, uppercase: true))")
        }
        #expect(ScriptClass.of(0x30FB) == .kana)
        #expect(ScriptClass.of(0x303F) == .symbol)
        #expect(ScriptClass.of(0x3100) == .symbol)
        #expect(ScriptClass.of(0x3001) == .separator)
        #expect(ScriptClass.of(0x3002) == .sentencePunctuation)
        #expect(ScriptClass.of(0x31F0) == .kana)
        #expect(ScriptClass.of(0xFF66) == .kana)
        #expect(ScriptClass.of(0x4E00) == .han)
        #expect(ScriptClass.of(0xAC00) == .hangul)
    }
}
