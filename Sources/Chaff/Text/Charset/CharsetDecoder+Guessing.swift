extension CharsetDecoder {
    /// Picks the most plausible legacy charset for bytes that declare none and
    /// are not UTF-8.
    ///
    /// The heuristic: build a sample of at most ``guessSampleLimit`` bytes in
    /// which long ASCII runs (markup) are shortened to their first and last two
    /// bytes, decode the sample with every candidate in ``Charset/guessCandidates``,
    /// and score each decoding with ``CharsetPlausibility``: every invalid
    /// sequence costs 10 points, private-use and control characters cost 5, and
    /// characters typical of real text earn points (the ~1,300 most frequent
    /// Chinese characters in simplified, traditional and Japanese forms and the
    /// ~250 most frequent Hangul syllables 3 each, kana 1–2, Cyrillic lower-case
    /// letters continuing a Cyrillic word 1, Latin-1 letters inside a Latin word 1).
    /// A wrong CJK decoding yields rare characters, private-use code points or
    /// invalid sequences; a wrong single-byte decoding yields mixed-case or
    /// mixed-script words. The highest score wins; ties go to the earlier candidate.
    ///
    /// - Returns: the winner, and whether its score was positive. With no
    ///   positive score the result is windows-1252 and `plausible` is false.
    /// - Complexity: O(n) to build the sample, then O(sample) per candidate.
    public func guessCharset(_ bytes: UnsafeRawBufferPointer) -> (charset: Charset, plausible: Bool) {
        let sample = CharsetDecoder.sample(bytes, limit: guessSampleLimit)
        var best = Charset.windows1252
        var bestScore = 0
        sample.withUnsafeBytes { raw in
            // UTF-8 with damage competes too: a page cut mid-character or with
            // a few stray bytes must not turn into Cyrillic mojibake.
            let invalid = UTF8Statistics(raw).invalid
            let utf8Score = CharsetPlausibility.score(utf8: Array(String(decoding: raw, as: UTF8.self).utf8))
                - 10 * invalid
            if utf8Score > bestScore {
                bestScore = utf8Score
                best = .utf8
            }
            var decoded: [UInt8] = []
            for candidate in Charset.guessCandidates {
                guard var converter = IconvConverter(from: candidate.iconvName) else { continue }
                decoded.removeAll(keepingCapacity: true)
                let replacements = converter.convert(raw, appendingTo: &decoded)
                let score = CharsetPlausibility.score(utf8: decoded) - 10 * replacements
                if score > bestScore {
                    bestScore = score
                    best = candidate
                }
            }
        }
        return (best, bestScore > 0)
    }

    /// The guessing sample: ASCII runs longer than 8 bytes keep their first and
    /// last two bytes (a multi-byte character's trail byte may be ASCII, and so
    /// may the letter before an accented one), joined by a space.
    static func sample(_ bytes: UnsafeRawBufferPointer, limit: Int) -> [UInt8] {
        var sample: [UInt8] = []
        sample.reserveCapacity(min(bytes.count, limit))
        var index = 0
        let count = bytes.count
        while index < count, sample.count < limit {
            if bytes[index] >= 0x80 {
                sample.append(bytes[index])
                index += 1
                continue
            }
            var runEnd = index
            while runEnd < count, bytes[runEnd] < 0x80 { runEnd += 1 }
            if runEnd - index <= 8 {
                for position in index..<runEnd { sample.append(bytes[position]) }
            } else {
                sample.append(bytes[index])
                sample.append(bytes[index + 1])
                sample.append(HTMLBytes.space)
                sample.append(bytes[runEnd - 2])
                sample.append(bytes[runEnd - 1])
            }
            index = runEnd
        }
        return sample
    }
}
