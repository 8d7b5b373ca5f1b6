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
}
