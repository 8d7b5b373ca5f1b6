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
    private let codes: Int

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
}
