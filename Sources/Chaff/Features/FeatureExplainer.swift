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
        return buffer.scalars.withUnsafeBufferPointer { scalars in
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
        var buffer = NormalizedLine()
        normalizer.normalize(utf8: bytes, into: &buffer)
        buffer.scalars.withUnsafeBufferPointer { scalars in
            buffer.classes.withUnsafeBufferPointer { classes in
                ngrams.visit(scalars, classes: classes, into: &sink)
            }
        }
        return buffer.scalars
    }

    /// The text of normalised scalars (an n-gram's range of a line).
    public static func text(of scalars: UnsafeBufferPointer<UInt32>) -> String {
        var text = String.UnicodeScalarView()
        for value in scalars {
            if let scalar = Unicode.Scalar(value) { text.append(scalar) }
        }
        return String(text)
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
