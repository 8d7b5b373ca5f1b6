/// What a model was trained on: stored in the model file, shown by `chaff inspect`.
///
/// Holds no time stamp or host name, so that training the same data twice gives
/// the same bytes.
public struct ModelMetadata: Sendable, Equatable {
    /// Labeled pages (JSONL records or TSV files) trained on.
    public var pages: UInt64
    /// Non-empty injected lines trained on.
    public var injectedLines: UInt64
    /// Non-empty legitimate lines trained on.
    public var legitLines: UInt64
    /// Order-independent digest of the training data (see ``LabeledPage/digest``).
    public var dataDigest: UInt64
    /// Distinct features counted.
    public var features: UInt64
    /// The program that wrote the model.
    public var generator: String

    /// Creates metadata.
    public init(pages: UInt64, injectedLines: UInt64, legitLines: UInt64, dataDigest: UInt64, features: UInt64,
                generator: String = ChaffVersion.string) {
        self.pages = pages
        self.injectedLines = injectedLines
        self.legitLines = legitLines
        self.dataDigest = dataDigest
        self.features = features
        self.generator = generator
    }

    /// The data digest as 16 hex digits.
    public var dataDigestHex: String {
        let hex = String(dataDigest, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The version of this library and its command.
public enum ChaffVersion {
    /// Semantic version.
    public static let string = "chaff 0.1.0"
}
