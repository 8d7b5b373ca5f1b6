/// A categorical feature made of what is measured and the bucket it fell in:
/// the shape, context and markup tokens. Its key hashes the two under the
/// token family's feature kind, so equal buckets of different measures, or of
/// different families, never share a key by construction.
public protocol BucketedToken: Sendable, Hashable {
    /// The feature kind all tokens of this type are hashed under.
    static var featureKind: FeatureKind { get }
    /// What is measured, as a number stable across versions.
    var measureCode: UInt32 { get }
    /// The bucket.
    var bucket: UInt32 { get }
}

extension BucketedToken {
    /// The feature key of this token.
    public var key: UInt32 { Self.key(code: measureCode, bucket: bucket) }

    /// The feature key of the token with measure `code` and `bucket`.
    static func key(code: UInt32, bucket: UInt32) -> UInt32 {
        var hasher = FeatureHasher(kind: Self.featureKind)
        hasher.combine(code)
        hasher.combine(bucket)
        return hasher.key
    }
}

/// The keys of one token type's measures and buckets, computed once: every
/// line has a score of shape and context tokens, and hashing them was most
/// of their cost.
struct TokenKeyTable<Token: BucketedToken>: Sendable {
    /// Buckets per measure in the table; larger buckets are hashed.
    static var buckets: Int { 72 }
    private let keys: [UInt32]
    /// Measure codes in the table: `0..<codes`.
    let codes: Int

    /// A table of measure codes `0..<codes`.
    init(codes: Int) {
        self.codes = codes
        keys = (0..<codes * Self.buckets).map { Token.key(code: UInt32($0 / Self.buckets), bucket: UInt32($0 % Self.buckets)) }
    }

    /// The key of the token with measure `code` and `bucket`.
    @inline(__always)
    func key(code: UInt32, bucket: UInt32) -> UInt32 {
        guard Int(code) < codes && Int(bucket) < Self.buckets else { return Token.key(code: code, bucket: bucket) }
        return keys.withUnsafeBufferPointer { $0[Int(code) * Self.buckets + Int(bucket)] }
    }

    /// The fixed-point weight of every key of the table in `table`, in the
    /// table's order (0 for a token the model never saw).
    func fixedWeights(in table: WeightTable.Probe) -> [Int32] {
        keys.map { Int32(truncatingIfNeeded: table.fixedWeight(of: $0)) }
    }
}

/// A model's weights of one token type's measures and buckets, in the order of
/// its ``TokenKeyTable``: what a scorer adds up for a line's structure or
/// context tokens, read by measure and bucket, with no key to hash or look up.
///
/// Every line has a score of these tokens, and looking their keys up in the
/// model's table was 2% of scoring's instructions, with a branch per key on
/// whether it sat in its first slot. A bucket beyond the table's is looked up
/// by its key, so the sums are exactly those of the keys' weights.
struct TokenWeightTable<Token: BucketedToken>: Sendable {
    private let weights: [Int32]
    private let codes: Int

    /// The weights in `table` of every token of `keyTable`.
    init(_ keyTable: TokenKeyTable<Token>, table: WeightTable.Probe) {
        codes = keyTable.codes
        weights = keyTable.fixedWeights(in: table)
    }

    /// Calls `body` with a reader of the weights, valid inside the call.
    @inline(__always)
    func withReader<Result>(tokens: WeightTable.Probe, _ body: (Reader) -> Result) -> Result {
        weights.withUnsafeBufferPointer { body(Reader(weights: $0, codes: codes, tokens: tokens)) }
    }

    /// Reads weights by measure and bucket.
    struct Reader {
        let weights: UnsafeBufferPointer<Int32>
        let codes: Int
        /// The model's table, for buckets beyond the dense table's.
        let tokens: WeightTable.Probe

        /// The fixed-point weight of the token with measure `code` and `bucket`.
        @inline(__always)
        func fixedWeight(code: UInt32, bucket: UInt32) -> Int {
            guard Int(code) < codes && Int(bucket) < TokenKeyTable<Token>.buckets else {
                return tokens.fixedWeight(of: Token.key(code: code, bucket: bucket))
            }
            return Int(weights[Int(code) &* TokenKeyTable<Token>.buckets &+ Int(bucket)])
        }
    }
}
