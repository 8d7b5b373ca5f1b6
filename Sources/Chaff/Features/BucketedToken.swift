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
    public var key: UInt32 {
        var hasher = FeatureHasher(kind: Self.featureKind)
        hasher.combine(measureCode)
        hasher.combine(bucket)
        return hasher.key
    }
}
