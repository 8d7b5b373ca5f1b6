@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct FeatureNameTableTests {
    /// The rule the table replaces, as `ModelTrainer` applied it to a `[UInt32: String]`.
    static func offer(_ text: String, for key: UInt32, to names: inout [UInt32: String]) {
        if let existing = names[key], existing <= text { return }
        names[key] = text
    }

    /// Short texts over a small alphabet (ASCII, Cyrillic, Han, a decomposed
    /// accent) offered under colliding keys: every key gets several different
    /// texts, and the table must keep the one the dictionary kept.
    @Test func agreesWithTheDictionaryItReplaces() {
        var generator = SeededGenerator(seed: 7)
        let alphabet: [UInt32] = [0x61, 0x62, 0x7A, 0x430, 0x44F, 0x4E2D, 0x6587, 0x301, 0xE9, 0x1F600]
        var table = FeatureNameTable()
        var reference: [UInt32: String] = [:]
        for _ in 0..<20_000 {
            // Keys 1…4095 with many sharing their low bits: long probe runs that wrap.
            let key = UInt32.random(in: 0..<256, using: &generator) << 4 | 15
            let text = (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            text.withUnsafeBufferPointer { table.offer($0, for: key) }
            Self.offer(text.withUnsafeBufferPointer { FeatureExplainer.text(of: $0) }, for: key, to: &reference)
        }
        #expect(table.count == reference.count)
        #expect(table.names == reference)
    }

    /// Texts of up to four scalars are held in their slots, longer ones (and
    /// values beyond 21 bits, which no scalar is) apart: under colliding
    /// keys, texts of both kinds replace each other as the dictionary's did,
    /// and each comes back whole, with values at the edges of 21 bits.
    @Test func keepsShortTextsInTheSlotAndLongOnesApart() {
        var generator = SeededGenerator(seed: 5)
        let alphabet: [UInt32] = [0x61, 0x7A, 0x4E2D, 0x10FFFF, 0x1F_FFFF, 0x20_0000, 0xFFFF_FFFF]
        var table = FeatureNameTable()
        var reference: [UInt32: String] = [:]
        for _ in 0..<20_000 {
            let key = UInt32.random(in: 1...300, using: &generator)
            let text = (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            text.withUnsafeBufferPointer { table.offer($0, for: key) }
            let string = text.withUnsafeBufferPointer { FeatureExplainer.text(of: $0) }
            if let existing = reference[key], existing <= string { continue }
            reference[key] = string
        }
        #expect(table.names == reference)
    }

    /// Merging shards, and reading names back from a model file, keep the same rule.
    @Test func mergesAndReloadsLikeTheDictionary() {
        var generator = SeededGenerator(seed: 11)
        var shards = [FeatureNameTable(), FeatureNameTable(), FeatureNameTable()]
        var reference: [UInt32: String] = [:]
        for step in 0..<3_000 {
            let key = UInt32.random(in: 1...500, using: &generator)
            let text = (0..<Int.random(in: 1...3, using: &generator)).map { _ in UInt32.random(in: 0x61...0x64, using: &generator) }
            text.withUnsafeBufferPointer { shards[step % 3].offer($0, for: key) }
            Self.offer(text.withUnsafeBufferPointer { FeatureExplainer.text(of: $0) }, for: key, to: &reference)
        }
        var merged = FeatureNameTable(shards[0].names)
        merged.merge(shards[1])
        merged.merge(shards[2])
        #expect(merged.names == reference)
    }

    /// The hand-written UTF-8 encoder against `String.UnicodeScalarView`,
    /// including values that are not scalars (which both leave out).
    @Test func textMatchesUnicodeScalarView() {
        var generator = SeededGenerator(seed: 3)
        let edges: [UInt32] = [0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF, 0x110000]
        for _ in 0..<2_000 {
            let values = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                Bool.random(using: &generator) ? edges.randomElement(using: &generator)! : UInt32.random(in: 0...0x11_0000, using: &generator)
            }
            var reference = String.UnicodeScalarView()
            for value in values { if let scalar = Unicode.Scalar(value) { reference.append(scalar) } }
            let text = values.withUnsafeBufferPointer { FeatureExplainer.text(of: $0) }
            #expect(Array(text.unicodeScalars) == Array(reference))
        }
    }
}
