@testable import Chaff
import Foundation
import Testing

@Suite struct JSONWriterTests {
    @Test(arguments: [
        (0.0, 6, "0"), (1.0, 6, "1"), (0.5, 6, "0.5"), (-0.5, 6, "-0.5"), (0.003417, 6, "0.003417"),
        (0.0000004, 6, "0"), (0.0000005, 6, "0.000001"), (-0.0000001, 6, "0"), (1.05, 2, "1.05"),
        (2.999, 2, "3"), (123456.789, 3, "123456.789"), (0.1, 15, "0.1"), (1.5, 40, "1.5"), (7.25, -1, "7"),
        (Double.nan, 6, "0"), (Double.infinity, 6, "0"), (1e20, 6, "1e+20"),
    ])
    func formatsNumbers(value: Double, decimals: Int, expected: String) {
        #expect(JSONWriter.format(value, decimals: decimals) == expected)
    }

    @Test(arguments: [0, 7, -7, 10, 1_000_000, Int.max, Int.min])
    func writesIntegers(value: Int) {
        var writer = JSONWriter()
        writer.number(value)
        #expect(writer.text == String(value))
    }

    @Test func escapesOnlyWhatJSONRequires() throws {
        let value = "plain 中文 \"quoted\" back\\slash\nnew\tline\r\u{1}\u{7F} é"
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("a\"b")
        writer.string(value)
        writer.raw("}")
        #expect(writer.text.contains(#""plain 中文 \"quoted\" back\\slash\nnew\tline\r\u0001\u007f é""#))
        let object = try #require(JSONSerialization.jsonObject(with: Data(writer.text.utf8)) as? [String: String])
        #expect(object == ["a\"b": value])
    }

    @Test func piecesOfEveryLengthKeepTheirOrderAcrossTheStage() {
        // Writes of 1 to 100 bytes, mixed with numbers, cross the writer's
        // 64-byte stage at every offset; reading the bytes midway changes nothing.
        var writer = JSONWriter(capacity: 0)
        var expected = ""
        for length in 1...100 {
            let piece = String(repeating: "abcdefghij", count: 10).prefix(length)
            writer.raw(String(piece))
            writer.number(length * 7919)
            writer.number(Double(length) / 8, decimals: 3)
            writer.string("s\(length)")
            expected += piece + String(length * 7919) + JSONWriter.format(Double(length) / 8, decimals: 3) + "\"s\(length)\""
            if length == 50 { #expect(writer.text == expected) }
        }
        #expect(writer.text == expected)
        #expect(writer.bytes == Array(expected.utf8))
    }

    @Test func numbersBeyondIntegerArithmeticKeepTheirShortestForm() {
        var writer = JSONWriter()
        writer.number(-2.2250738585072014e-308, decimals: 15)
        writer.raw(",")
        writer.number(-1.7976931348623157e308)
        #expect(writer.text == "0,-1.7976931348623157e+308")
    }
}
