/// Recovers the text of a line's n-gram features, for reasons and `chaff inspect`.
///
/// The scoring path only hashes; this slower path runs on the few lines that
/// need explaining and builds a string only for the keys asked for.
public struct FeatureExplainer: Sendable {
    /// An n-gram with its text.
    public struct NGram: Sendable, Equatable {
        /// The feature key.
        public var key: UInt32
        /// What kind of n-gram it is.
        public var kind: FeatureKind
        /// Its text, after normalisation (subword edge marks dropped).
        public var text: String
    }

    let normalizer = TextNormalizer()
    let ngrams: NGramExtractor

    /// Creates an explainer for a configuration.
    public init(configuration: FeatureConfiguration) {
        ngrams = NGramExtractor(configuration: configuration)
    }

    /// The n-grams of `line` whose keys pass `filter`, in order of occurrence.
    public func ngrams(of line: String, where filter: (UInt32) -> Bool = { _ in true }) -> [NGram] {
        var buffer = NormalizedLine()
        normalizer.normalize(line, into: &buffer)
        return ngrams(of: buffer, where: filter)
    }

    /// The n-grams of a line given as UTF-8 bytes (invalid bytes become
    /// U+FFFD one by one, as when scoring bytes) whose keys pass `filter`.
    public func ngrams(ofUTF8 bytes: UnsafeBufferPointer<UInt8>, where filter: (UInt32) -> Bool = { _ in true }) -> [NGram] {
        var buffer = NormalizedLine()
        normalizer.normalize(lineUTF8: bytes, into: &buffer)
        return ngrams(of: buffer, where: filter)
    }

    private func ngrams(of buffer: NormalizedLine, where filter: (UInt32) -> Bool) -> [NGram] {
        buffer.scalars.withUnsafeBufferPointer { scalars in
            buffer.classes.withUnsafeBufferPointer { classes in
                withoutActuallyEscaping(filter) { filter in
                    var sink = TextSink(scalars: scalars, filter: filter)
                    ngrams.visit(scalars, classes: classes, into: &sink)
                    return sink.found
                }
            }
        }
    }

    /// Calls `body` with every n-gram occurrence of `line`: its key, kind, and
    /// a closure that builds its text (only called for the few n-grams wanted).
    public func visitNGrams(of line: String, _ body: (UInt32, FeatureKind, () -> String) -> Void) {
        var buffer = NormalizedLine()
        normalizer.normalize(line, into: &buffer)
        buffer.scalars.withUnsafeBufferPointer { scalars in
            buffer.classes.withUnsafeBufferPointer { classes in
                withoutActuallyEscaping(body) { body in
                    var sink = VisitSink(scalars: scalars, body: body)
                    ngrams.visit(scalars, classes: classes, into: &sink)
                }
            }
        }
    }

    /// Normalises a line given as UTF-8 bytes and visits its n-grams with
    /// `sink`; returns the normalised scalars, which the sink's ranges index.
    ///
    /// The specialised form of ``visitNGrams(of:_:)`` for callers that only
    /// need the text of a few n-grams: they keep the ranges and call
    /// ``text(of:)`` for the ones they use.
    public func visitNGrams<Sink: NGramSink & ~Copyable>(
        ofUTF8 bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink
    ) -> [UInt32] {
        // Raw memory sized for the line, then one copy of the scalars out.
        var buffer = NormalizedLineBuffer(capacity: max(bytes.count, 1))
        buffer.normalize(bytes, with: normalizer)
        let (scalars, classes) = buffer.line
        ngrams.visit(scalars, classes: classes, into: &sink)
        return Array(scalars)
    }

    /// The text of normalised scalars (an n-gram's range of a line); values
    /// that are not Unicode scalars (surrogates, above U+10FFFF) are left out.
    ///
    /// Encodes UTF-8 by hand into a stack buffer and makes one `String`:
    /// appending scalar by scalar to a `String.UnicodeScalarView` cost about
    /// 90 instructions a scalar.
    public static func text(of scalars: UnsafeBufferPointer<UInt32>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scalars.count * 4) { bytes in
            var count = 0
            for value in scalars {
                switch value {
                case 0..<0x80:
                    bytes[count] = UInt8(value)
                    count += 1
                case 0x80..<0x800:
                    bytes[count] = UInt8(0xC0 | value >> 6)
                    bytes[count + 1] = UInt8(0x80 | value & 0x3F)
                    count += 2
                case 0xD800...0xDFFF:
                    continue
                case 0x800..<0x10000:
                    bytes[count] = UInt8(0xE0 | value >> 12)
                    bytes[count + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[count + 2] = UInt8(0x80 | value & 0x3F)
                    count += 3
                case 0x10000...0x10FFFF:
                    bytes[count] = UInt8(0xF0 | value >> 18)
                    bytes[count + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    bytes[count + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[count + 3] = UInt8(0x80 | value & 0x3F)
                    count += 4
                default:
                    continue
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<count]), as: UTF8.self)
        }
    }

    private struct VisitSink: NGramSink {
        let scalars: UnsafeBufferPointer<UInt32>
        let body: (UInt32, FeatureKind, () -> String) -> Void

        mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
            let scalars = self.scalars
            body(key, kind, { FeatureExplainer.text(of: UnsafeBufferPointer(rebasing: scalars[range])) })
        }
    }

    private struct TextSink: NGramSink {
        let scalars: UnsafeBufferPointer<UInt32>
        let filter: (UInt32) -> Bool
        var found: [NGram] = []

        mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
            guard filter(key) else { return }
            found.append(NGram(key: key, kind: kind, text: FeatureExplainer.text(of: UnsafeBufferPointer(rebasing: scalars[range]))))
        }
    }
}
