/// How features are taken from a line; stored in every model file, so that a
/// model is always applied with the configuration it was trained with.
public struct FeatureConfiguration: Sendable, Equatable {
    /// Longest n-gram of Han, kana and Hangul characters (1 through this).
    public var ideographMaximumN: Int
    /// Shortest character n-gram inside alphabetic words.
    public var subwordMinimumN: Int
    /// Longest character n-gram inside alphabetic words (0 turns subwords off).
    public var subwordMaximumN: Int
    /// Whether adjacent alphabetic words form bigram features.
    public var wordBigrams: Bool
    /// The families in use; a family switched off contributes nothing.
    public var enabledFamilies: Set<FeatureFamily>

    /// The configuration of the shipped model.
    ///
    /// Ideograph 1–3-grams: trigrams catch the fixed phrases of keyword titles
    /// (精品视, 无码中) that bigrams share with ordinary text. Subwords of 4
    /// characters (with edge marks, so `^cas`, `ino$`) give English and Russian
    /// spam robustness to inflection and glued words. 3- and 4-character subwords
    /// were shipped until session 10; over three calibration salts, 4 alone gave
    /// higher cross-validated line F1 on TrainingData/ (0.980 against
    /// 0.975–0.976), page detection (0.973–0.975 against 0.964–0.966) and fewer
    /// page false alarms (1.5–1.8% against 1.8–2.4%), found 82–84% of spam title
    /// prefixes on the devset's real HTML pages against 66–69%, flagged as few
    /// or fewer of those pages (0.22–0.65% against 0.43–0.65%), and costs 12%
    /// fewer scoring instructions (Models/README.md, docs/benchmarks-history.md). In
    /// session 6, with other data and calibration, 4 alone had flagged 5 real
    /// HTML pages against 2; measure again when the data changes.
    public static let standard = FeatureConfiguration(
        ideographMaximumN: 3, subwordMinimumN: 4, subwordMaximumN: 4, wordBigrams: true,
        enabledFamilies: Set(FeatureFamily.allCases))

    /// Creates a configuration.
    public init(
        ideographMaximumN: Int, subwordMinimumN: Int, subwordMaximumN: Int, wordBigrams: Bool,
        enabledFamilies: Set<FeatureFamily>
    ) {
        self.ideographMaximumN = max(1, min(ideographMaximumN, 6))
        self.subwordMinimumN = max(2, min(subwordMinimumN, 8))
        self.subwordMaximumN = subwordMaximumN == 0 ? 0 : max(self.subwordMinimumN, min(subwordMaximumN, 8))
        self.wordBigrams = wordBigrams
        self.enabledFamilies = enabledFamilies
    }

    /// This configuration with `family` switched off.
    public func without(_ family: FeatureFamily) -> FeatureConfiguration {
        var copy = self
        copy.enabledFamilies.remove(family)
        return copy
    }
}
