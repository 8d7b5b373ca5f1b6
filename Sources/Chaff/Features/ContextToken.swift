/// A page-context feature: how a line sits in its page.
///
/// Injected blocks are foreign to the page they are put on: they share no
/// vocabulary with the article, are often in another script (Simplified spam on
/// a Traditional page, Chinese spam on an English one), and come in runs of
/// lines that look alike.
public struct ContextToken: BucketedToken {
    /// What is observed.
    public enum Observation: UInt32, Sendable, CaseIterable {
        /// The line's main script against the page's: 0 same, 1 differs, 2 no letters.
        case scriptAgainstPage = 3
        /// The line's Han form against the page's: 0 same, 1 differs, 2 undetermined.
        case hanVariantAgainstPage
        /// Share of the line's words and character bigrams found elsewhere in the page.
        case sharedVocabulary
        /// The previous non-empty line is separator-dense (1) or not (0).
        case previousSeparatorDense
        /// The next non-empty line is separator-dense (1) or not (0).
        case nextSeparatorDense
        /// Script mismatch combined with the line's separator-density bucket:
        /// the ``scriptAgainstPage`` bucket times ``ContextToken/separatorBuckets``,
        /// plus the density's bucket (``ShapeToken/separatorEdges``, 0 to 5).
        case foreignScriptBySeparators
    }

    /// What is observed.
    public var observation: Observation
    /// The bucket.
    public var bucket: UInt32

    /// Creates a token.
    public init(observation: Observation, bucket: UInt32) {
        self.observation = observation
        self.bucket = bucket
    }

    /// Tokens of this type hash under the context kind.
    public static var featureKind: FeatureKind { .context }
    /// The observation's raw value.
    public var measureCode: UInt32 { observation.rawValue }

    /// Keys of every observation's buckets below 72.
    static let keyTable = TokenKeyTable<ContextToken>(codes: Int(Observation.allCases.map(\.rawValue).max()!) + 1)

    /// A readable phrase for a reason.
    public var phrase: String {
        switch observation {
        case .scriptAgainstPage: return bucket == 1 ? "script differs from page" : bucket == 0 ? "same script as page" : "no letters"
        case .hanVariantAgainstPage: return bucket == 1 ? "Simplified/Traditional form differs from page" : bucket == 0 ? "same Chinese form as page" : "Chinese form undetermined"
        case .sharedVocabulary: return ["no vocabulary shared with the page", "little vocabulary shared with the page", "some vocabulary shared with the page", "much vocabulary shared with the page", "most vocabulary shared with the page"][Int(min(bucket, 4))]
        case .previousSeparatorDense: return bucket == 1 ? "follows a separator-dense line" : "follows an ordinary line"
        case .nextSeparatorDense: return bucket == 1 ? "precedes a separator-dense line" : "precedes an ordinary line"
        case .foreignScriptBySeparators:
            let script = ["page's own script", "foreign script", "no letters"][Int(min(bucket / Self.separatorBuckets, 2))]
            return script + ", " + Self.separatorPhrase(bucket: Int(bucket % Self.separatorBuckets))
        }
    }

    /// The separator densities of a bucket of ``ShapeToken/separatorEdges``,
    /// in words: "no separators" below the first edge, then the range
    /// between two edges, then the last edge "or more".
    static func separatorPhrase(bucket: Int) -> String {
        let edges = ShapeToken.separatorEdges
        if bucket <= 0 { return "no separators" }
        if bucket >= edges.count { return "separator density \(format(edges[edges.count - 1])) or more" }
        if bucket == 1 { return "separator density under \(format(edges[1]))" }
        return "separator density \(format(edges[bucket - 1]))–\(format(edges[bucket]))"
    }

    /// A name for the token, for `chaff inspect`.
    public var name: String { "\(observation)=\(bucket)" }

    /// The buckets ``Observation/foreignScriptBySeparators`` gives each
    /// ``Observation/scriptAgainstPage`` bucket: room for the separator
    /// density's six.
    static let separatorBuckets: UInt32 = 8

    /// The most buckets any observation has: ``Observation/foreignScriptBySeparators``'s,
    /// for the three ``Observation/scriptAgainstPage`` buckets.
    static let bucketsPerObservation: UInt32 = 3 * separatorBuckets

    /// Every token that the extractor can produce, to name keys in `chaff inspect`.
    public static let all: [ContextToken] = Observation.allCases.flatMap { observation in
        (0..<bucketsPerObservation).map { ContextToken(observation: observation, bucket: $0) }
    }
}
