@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct KeyRunTests {
    /// Pairs of runs of every length from 0 to 40 (across the eight-key steps
    /// and the key-by-key tail), equal or differing at one place, or one a
    /// prefix of the other; checked against the standard library.
    @Test func agreesWithTheStandardLibrary() {
        var generator = SeededGenerator(seed: 21)
        for length in 0...40 {
            for _ in 0..<30 {
                let a = (0..<length).map { _ in UInt32.random(in: 1...4, using: &generator) }
                var b = a
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where length > 0: b[Int.random(in: 0..<length, using: &generator)] = UInt32.random(in: 1...4, using: &generator)
                case 1 where length > 0: b.removeLast(Int.random(in: 1...length, using: &generator))
                case 2: b.append(UInt32.random(in: 1...4, using: &generator))
                default: break
                }
                a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y in
                        #expect(KeyRun.equal(x, y) == (a == b))
                        let expected: Bool? = a == b ? nil : a.lexicographicallyPrecedes(b)
                        #expect(KeyRun.order(x, y) == expected)
                        let common = min(a.count, b.count)
                        let first = (0..<common).first { a[$0] != b[$0] } ?? common
                        #expect(KeyRun.firstDifference(x, y, count: common) == first)
                    }
                }
            }
        }
    }
}
