/// Encoders and decoders of the model file's sections. Each decoder checks
/// what it reads, so a tampered section that still passes the checksum (a
/// hand-edited file with a recomputed CRC) is reported, not trusted.
extension ModelFile {
    // MARK: CONF

    static func encodeConfiguration(_ c: FeatureConfiguration, _ p: WeightTable.Parameters) -> [UInt8] {
        var w = ByteWriter()
        w.write(UInt32(c.ideographMaximumN))
        w.write(UInt32(c.subwordMinimumN))
        w.write(UInt32(c.subwordMaximumN))
        w.write(UInt32(c.wordBigrams ? 1 : 0))
        w.write(c.enabledFamilies.reduce(UInt32(0)) { $0 | 1 << UInt32($1.rawValue) })
        w.write(UInt32(0))
        w.write(p.alpha)
        w.write(p.clip)
        w.write(p.lexiconMinimumWeight)
        w.write(p.lexiconMinimumSpam)
        w.write(UInt32(0))
        return w.bytes
    }

    static func decodeConfiguration(_ r: inout ByteReader) throws -> (FeatureConfiguration, WeightTable.Parameters) {
        let ideographN = Int(try r.read(UInt32.self))
        let subwordMin = Int(try r.read(UInt32.self))
        let subwordMax = Int(try r.read(UInt32.self))
        let bigrams = try r.read(UInt32.self)
        let familyBits = try r.read(UInt32.self)
        _ = try r.read(UInt32.self)
        guard (1...6).contains(ideographN), (2...8).contains(subwordMin), subwordMax == 0 || (subwordMin...8).contains(subwordMax),
              bigrams <= 1, familyBits < 1 << FeatureFamily.allCases.count
        else { throw SectionError(reason: "feature configuration out of range") }
        let families = Set(FeatureFamily.allCases.filter { familyBits & 1 << UInt32($0.rawValue) != 0 })
        let configuration = FeatureConfiguration(
            ideographMaximumN: ideographN, subwordMinimumN: subwordMin, subwordMaximumN: subwordMax,
            wordBigrams: bigrams == 1, enabledFamilies: families)
        var parameters = WeightTable.Parameters()
        parameters.alpha = try r.readDouble()
        parameters.clip = try r.readDouble()
        parameters.lexiconMinimumWeight = try r.readDouble()
        parameters.lexiconMinimumSpam = try r.read(UInt32.self)
        guard parameters.alpha > 0, parameters.alpha.isFinite, parameters.clip > 0, parameters.clip.isFinite else {
            throw SectionError(reason: "smoothing parameters out of range")
        }
        return (configuration, parameters)
    }

    // MARK: META

    static func encodeMetadata(_ m: ModelMetadata, sampleCapacity: Int) -> [UInt8] {
        var w = ByteWriter()
        w.write(m.pages)
        w.write(m.injectedLines)
        w.write(m.legitLines)
        w.write(m.dataDigest)
        w.write(m.features)
        w.write(UInt64(sampleCapacity))
        w.write(m.generator)
        return w.bytes
    }

    static func decodeMetadata(_ r: inout ByteReader) throws -> (ModelMetadata, Int) {
        let pages = try r.read(UInt64.self)
        let injected = try r.read(UInt64.self)
        let legit = try r.read(UInt64.self)
        let digest = try r.read(UInt64.self)
        let features = try r.read(UInt64.self)
        let capacity = try r.read(UInt64.self)
        let generator = try r.readString(maximumLength: 256)
        guard capacity <= 10_000_000 else { throw SectionError(reason: "sample capacity \(capacity)") }
        // Counts no corpus reaches, which would not fit the `Int`s they are read into.
        for (name, value) in [("pages", pages), ("injected lines", injected), ("legit lines", legit), ("features", features)]
        where value > UInt64(Int.max) {
            throw SectionError(reason: "\(name) \(value)")
        }
        return (ModelMetadata(pages: pages, injectedLines: injected, legitLines: legit, dataDigest: digest,
                              features: features, generator: generator), Int(capacity))
    }

    // MARK: CALB

    static func encodeCalibrator(_ c: Calibrator) -> [UInt8] {
        var w = ByteWriter()
        w.write(UInt32(c.weights.count))
        w.write(UInt32(0))
        for weight in c.weights { w.write(weight) }
        w.write(c.bias)
        return w.bytes
    }

    static func decodeCalibrator(_ r: inout ByteReader) throws -> Calibrator {
        let count = Int(try r.read(UInt32.self))
        _ = try r.read(UInt32.self)
        guard count == LineEvidence.count else {
            throw SectionError(reason: "\(count) calibration weights, expected \(LineEvidence.count)")
        }
        var weights: [Double] = []
        for _ in 0..<count { weights.append(try r.readDouble()) }
        let bias = try r.readDouble()
        guard weights.allSatisfy(\.isFinite), bias.isFinite else { throw SectionError(reason: "non-finite calibration weight") }
        return Calibrator(weights: weights, bias: bias)
    }

    // MARK: TABL

    static func encodeTable(_ t: WeightTable) -> [UInt8] {
        var w = ByteWriter()
        w.write(UInt64(t.capacity))
        w.write(array: t.slots)
        return w.bytes
    }

    static func decodeTable(_ r: inout ByteReader) throws -> WeightTable {
        let capacity = try r.read(UInt64.self)
        guard capacity >= 16, capacity <= 1 << 30, capacity & (capacity - 1) == 0 else {
            throw SectionError(reason: "table capacity \(capacity) is not a power of two")
        }
        let slots = try r.readArray(UInt64.self, count: Int(capacity))
        // A table with no empty slot would make a miss probe forever.
        guard slots.contains(where: { $0 >> 32 == 0 }) else { throw SectionError(reason: "table has no empty slot") }
        return WeightTable(slots: slots)
    }

    // MARK: NAME

    static func encodeNames(_ names: [UInt32: String]) -> [UInt8] {
        var w = ByteWriter()
        w.write(UInt32(names.count))
        for key in names.keys.sorted() {
            w.write(key)
            w.write(names[key]!)
        }
        return w.bytes
    }

    static func decodeNames(_ r: inout ByteReader) throws -> [UInt32: String] {
        let count = try r.read(UInt32.self)
        guard count <= 1_000_000 else { throw SectionError(reason: "\(count) names") }
        var names: [UInt32: String] = [:]
        for index in 0..<count {
            let key = try r.read(UInt32.self)
            guard key != 0 else { throw SectionError(reason: "name \(index) has key 0, which no feature has") }
            names[key] = try r.readString(maximumLength: 4096)
        }
        return names
    }

    // MARK: CNTS

    static func encodeCounts(_ c: FeatureCounts) -> [UInt8] {
        var w = ByteWriter()
        w.write(c.lines[0])
        w.write(c.lines[1])
        for family in c.totals {
            w.write(family[0])
            w.write(family[1])
        }
        w.write(UInt64(c.features.count))
        // Gathered, then written in one copy: field by field, the writer
        // appended four bytes at a time.
        var words: [UInt32] = []
        words.reserveCapacity(c.features.count * 4)
        for (key, entry) in c.features.entriesByKey {
            words.append(key)
            words.append(entry.spam)
            words.append(entry.ham)
            words.append(UInt32(entry.family))
        }
        w.write(array: words)
        return w.bytes
    }

    static func decodeCounts(_ r: inout ByteReader) throws -> FeatureCounts {
        var counts = FeatureCounts()
        counts.lines = [try r.read(UInt64.self), try r.read(UInt64.self)]
        for family in counts.totals.indices {
            counts.totals[family] = [try r.read(UInt64.self), try r.read(UInt64.self)]
        }
        for count in counts.lines + counts.totals.joined() where count > FeatureCounts.largestCount {
            throw SectionError(reason: "a count of \(count) lines or features, more than any corpus has")
        }
        let count = try r.read(UInt64.self)
        guard count <= UInt64(r.remaining / 16) else { throw SectionError(reason: "\(count) entries do not fit the section") }
        counts.features.reserveCapacity(Int(count))
        var previous: UInt32 = 0
        for index in 0..<Int(count) {
            let key = try r.read(UInt32.self)
            let spam = try r.read(UInt32.self)
            let ham = try r.read(UInt32.self)
            let family = try r.read(UInt32.self)
            guard key != 0, index == 0 || key > previous, family < UInt32(FeatureFamily.allCases.count) else {
                throw SectionError(reason: "entry \(index) is out of order or has an invalid family")
            }
            guard UInt64(spam) <= counts.lines[1], UInt64(ham) <= counts.lines[0] else {
                throw SectionError(reason: "entry \(index) is on more lines than the counts have")
            }
            previous = key
            counts.features[key] = FeatureCounts.Entry(spam: spam, ham: ham, family: UInt8(family))
        }
        return counts
    }

    // MARK: SMPL

    static func encodeSample(_ s: CalibrationSample) -> [UInt8] {
        var w = ByteWriter()
        let lines = s.lines
        w.write(UInt64(lines.count))
        for line in lines.lines {
            w.write(line.hash)
            w.write(UInt32(line.injected ? 1 : 0))
            w.write(UInt32(line.ngrams))
            w.write(UInt32(line.shapes))
            w.write(UInt32(line.contexts))
            w.write(UInt32(line.markups))
            w.write(array: lines.ngramKeys(of: line))
            w.write(array: lines.ngramCounts(of: line))
            w.pad(to: 4)
            w.write(array: lines.shapeKeys(of: line))
            w.write(array: lines.contextKeys(of: line))
            w.write(array: lines.markupKeys(of: line))
        }
        return w.bytes
    }

    static func decodeSample(_ r: inout ByteReader) throws -> [CalibrationSample.Entry] {
        let count = try r.read(UInt64.self)
        guard count <= UInt64(r.remaining / 24) else { throw SectionError(reason: "\(count) entries do not fit the section") }
        var entries: [CalibrationSample.Entry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<Int(count) {
            let hash = try r.read(UInt64.self)
            let injected = try r.read(UInt32.self)
            let ngrams = Int(try r.read(UInt32.self))
            let shapes = Int(try r.read(UInt32.self))
            let contexts = Int(try r.read(UInt32.self))
            let markups = Int(try r.read(UInt32.self))
            guard injected <= 1 else { throw SectionError(reason: "label \(injected)") }
            var features = LineFeatures()
            features.ngramKeys = try r.readArray(UInt32.self, count: ngrams)
            features.ngramCounts = try r.readArray(UInt16.self, count: ngrams)
            if ngrams % 2 == 1 { try r.skip(2) }
            features.shapeKeys = try r.readArray(UInt32.self, count: shapes)
            features.contextKeys = try r.readArray(UInt32.self, count: contexts)
            features.markupKeys = try r.readArray(UInt32.self, count: markups)
            for keys in [features.ngramKeys, features.shapeKeys, features.contextKeys, features.markupKeys] where keys.contains(0) {
                throw SectionError(reason: "line \(entries.count) has key 0, which no feature has")
            }
            entries.append(CalibrationSample.Entry(hash: hash, injected: injected == 1, features: features))
        }
        return entries
    }
}
