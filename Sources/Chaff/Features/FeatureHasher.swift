/// Hashes features to 32-bit keys without building a string per feature.
///
/// FNV-1a style over whole 32-bit values (Unicode scalars, token ids) in a
/// 64-bit state — one xor and one multiply per scalar — started from a basis
/// that depends on the feature kind, so that the character "彩" as a unigram and
/// a shape token with the same number never collide by construction. The key
/// is the state's full 128-bit product with an odd constant, high half xor low
/// half (the "multiply and fold" finaliser of wyhash): one multiply that brings
/// every bit of the state into the low bits the model's hash table indexes by,
/// where MurmurHash3's finaliser took two multiplies and three shifts (format
/// version 3; the finaliser was 7% of scoring's instructions). Key 0 is
/// reserved for empty slots of the model's hash table and is never returned.
public struct FeatureHasher: Sendable {
    @usableFromInline static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    @usableFromInline static let prime: UInt64 = 0x0000_0100_0000_01B3
    /// The finaliser's odd constant (2⁶⁴ divided by the golden ratio).
    @usableFromInline static let mixer: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The running hash.
    @usableFromInline var state: UInt64

    /// Starts a hash for a feature of the given kind.
    @inlinable public init(kind: FeatureKind) {
        state = (Self.offsetBasis ^ UInt64(kind.rawValue)) &* Self.prime
    }

    /// Mixes one 32-bit value (a scalar, a token id, a bucket) into the hash.
    @inlinable @inline(__always) public mutating func combine(_ value: UInt32) {
        state = (state ^ UInt64(value)) &* Self.prime
    }

    /// The finished key, never 0.
    @inlinable public var key: UInt32 {
        let product = state.multipliedFullWidth(by: Self.mixer)
        let key = UInt32(truncatingIfNeeded: product.high ^ product.low)
        return key == 0 ? 1 : key
    }
}

/// What a feature key stands for; part of its hash.
public enum FeatureKind: UInt8, Sendable, CaseIterable {
    /// A 1-, 2- or 3-gram of Han, kana or Hangul characters.
    case ideographNGram = 1
    /// A whole word of an alphabetic script (letters and digits).
    case word = 2
    /// Two adjacent words.
    case wordBigram = 3
    /// A character n-gram inside a word, with `^` and `$` marking its edges.
    case subword = 4
    /// A run of digits, by length only.
    case digitRun = 5
    /// A line-structure token (``ShapeToken``).
    case shape = 16
    /// A page-context token (``ContextToken``).
    case context = 32
    /// An HTML markup token (``MarkupToken``).
    case markup = 48

    /// The family a kind belongs to.
    public var family: FeatureFamily {
        switch self {
        case .ideographNGram, .word, .wordBigram, .subword, .digitRun: return .ngram
        case .shape: return .shape
        case .context: return .context
        case .markup: return .markup
        }
    }
}

/// A group of features that the calibrator weighs as one piece of evidence.
///
/// Naive Bayes sums log-likelihood ratios over all features, so a line's hundreds
/// of n-grams would drown its dozen structure tokens. Chaff keeps one sum per
/// family and lets calibration learn how much each family is worth.
public enum FeatureFamily: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Character and word n-grams.
    case ngram = 0
    /// Line structure: length, separators, segments, punctuation, script mix.
    case shape = 1
    /// Page context: position, script against the page, shared vocabulary.
    case context = 2
    /// Keyword density: the share of a line covered by the model's spam lexicon.
    case density = 3
    /// HTML markup: hidden text, links, foreign sites, title and meta lines.
    case markup = 4

    /// The name used on the command line (`--without shape`) and in the model file.
    public var description: String {
        switch self {
        case .ngram: return "ngram"
        case .shape: return "shape"
        case .context: return "context"
        case .density: return "density"
        case .markup: return "markup"
        }
    }

    /// Parses a name as written by ``description``.
    public init?(name: String) {
        guard let family = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = family
    }
}
