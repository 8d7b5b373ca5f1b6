@testable import Chaff
import Testing

@Suite struct ScannedLineCacheTests {
    let extractor = FeatureExtractor()

    /// What a scan gives for one line, copied out of its buffers.
    struct Scanned: Equatable {
        var keys: [UInt32]
        var counts: [UInt16]
        var shapeKeys: [UInt32]
        var markupKeys: [UInt32]
        var statistics: LineStatistics
        var contextKeys: [UInt32] = []
    }

    /// Every line of `pages` as a scan with `cache` (or none) sees it, and
    /// how many of them came from the cache.
    func scan(_ pages: [LabeledPage], cache: inout some LineCaching) -> (lines: [[Scanned]], cached: Int) {
        var cached = 0
        let lines = pages.map { page in
            var lines: [Scanned] = []
            let scan = extractor.scan(page.lines, markup: page.markup, prefetch: NoPrefetch(), cache: &cache) { _, line in
                if line.scalars.isEmpty && line.statistics.length > 0 { cached += 1 }
                lines.append(Scanned(keys: Array(line.keys), counts: Array(line.counts), shapeKeys: Array(line.shapeKeys),
                                     markupKeys: line.markupKeys, statistics: line.statistics))
            }
            extractor.forEachContextKeys(in: scan) { index, keys in lines[index].contextKeys = Array(keys) }
            return lines
        }
        return (lines, cached)
    }

    @Test func aScanWithTheCacheGivesTheFeaturesOfAScanWithout() {
        var none = NoLineCache()
        let plain = scan(Fixtures.pages, cache: &none)
        #expect(plain.cached == 0)
        var cache = ScannedLineCache()
        // Three times over: a line is cached when it comes a second time
        // (``onlyTheSameBytesHit()``), so by then every line comes from the cache.
        let first = scan(Fixtures.pages, cache: &cache)
        let second = scan(Fixtures.pages, cache: &cache)
        let third = scan(Fixtures.pages, cache: &cache)
        #expect(first.lines == plain.lines)
        #expect(second.lines == plain.lines)
        #expect(third.lines == plain.lines)
        let nonEmpty = plain.lines.joined().count { $0.statistics.length > 0 }
        #expect(first.cached < nonEmpty)
        #expect(third.cached == nonEmpty)
    }

    @Test func aCacheWithoutKeysGivesMeasurementsVocabularyAndContextAlike() {
        var none = NoLineCache()
        let plain = scan(Fixtures.pages, cache: &none).lines.joined()
        // A scorer's cache: its lines come without n-gram and structure keys.
        var cache = ScannedLineCache(keepsKeys: false)
        for pass in 1...3 {
            let lines = scan(Fixtures.pages, cache: &cache).lines.joined()
            #expect(lines.count == plain.count)
            for (line, expected) in zip(lines, plain) {
                // Context keys come from the page's vocabulary, which cached lines give too.
                #expect(line.statistics == expected.statistics && line.contextKeys == expected.contextKeys
                        && line.markupKeys == expected.markupKeys)
                if line.keys.isEmpty && expected.statistics.length > 0 {
                    #expect(line.counts.isEmpty && line.shapeKeys.isEmpty)
                } else {
                    #expect(line == expected)
                }
            }
            let withoutKeys = lines.count { $0.keys.isEmpty && $0.statistics.length > 0 }
            #expect(pass == 1 ? withoutKeys < plain.count { $0.statistics.length > 0 } : withoutKeys > 0)
        }
    }

    @Test func aCacheOfFirstOccurrencesHasEveryLineTheSecondTime() {
        var none = NoLineCache()
        let plain = scan(Fixtures.pages, cache: &none).lines
        let nonEmpty = plain.joined().count { $0.statistics.length > 0 }
        var cache = ScannedLineCache(keepsKeys: false, cachesFirstOccurrences: true)
        let first = scan([Fixtures.pages[0]], cache: &cache)
        #expect(first.cached == 0)
        #expect(first.lines[0] == plain[0])
        // The fixtures repeat their lines from page to page: from the second
        // page on, most come from the cache, and the second time all do.
        let rest = scan(Array(Fixtures.pages.dropFirst()), cache: &cache)
        #expect(rest.cached > nonEmpty / 2)
        let again = scan(Fixtures.pages, cache: &cache)
        #expect(again.cached == nonEmpty)
        #expect(again.lines.map { $0.map(\.statistics) } == plain.map { $0.map(\.statistics) })
        #expect(again.lines.map { $0.map(\.contextKeys) } == plain.map { $0.map(\.contextKeys) })
    }

    @Test func aFullCacheStoresNoMoreLinesAndStaysWithinItsLimit() {
        // Room for the table and a few of the fixtures' lines.
        let limit = 12 << 10
        var cache = ScannedLineCache(byteLimit: limit)
        var none = NoLineCache()
        let plain = scan(Fixtures.pages, cache: &none).lines
        #expect(scan(Fixtures.pages, cache: &cache).lines == plain)
        #expect(scan(Fixtures.pages, cache: &cache).lines == plain)
        // Values, not the cache: a failed expectation prints its operands.
        let (footprint, full, held) = (cache.footprint, cache.isFull, cache.count)
        #expect(footprint <= limit)
        #expect(full)
        #expect(held > 0)
        _ = scan(Fixtures.pages, cache: &cache)
        let heldAfter = cache.count
        #expect(heldAfter == held)
        cache.removeAll()
        let (emptied, fullAfter) = (cache.count, cache.isFull)
        #expect(emptied == 0 && !fullAfter)
    }

    /// The probe behind a cache's room: a few pages are always granted,
    /// exabytes never, whatever the machine.
    @Test func theSystemIsAskedForTheRoomFirst() {
        #expect(ScannedLineCache.systemGrants(1 << 12))
        #expect(!ScannedLineCache.systemGrants(1 << 62))
        // A cache whose room is granted keeps its limit.
        var cache = ScannedLineCache(byteLimit: 4 << 20)
        var none = NoLineCache()
        #expect(scan(Fixtures.pages, cache: &cache).lines == scan(Fixtures.pages, cache: &none).lines)
        #expect(cache.byteLimit == 4 << 20)
    }

    @Test func onlyTheSameBytesHit() {
        var cache = ScannedLineCache()
        func lookUp(_ text: String) -> Int? {
            var text = text
            return text.withUTF8 { bytes in
                let found = cache.lookUp(bytes)
                if found == nil { cache.store(Self.line) }
                return found
            }
        }
        // Lengths around the hash's eight-byte words, differing in the last
        // byte only. A line is kept the second time it comes, found the third.
        for length in [1, 7, 8, 9, 15, 16, 17] {
            let stem = String(repeating: "a", count: length - 1)
            for _ in 0..<2 {
                #expect(lookUp(stem + "b") == nil)
                #expect(lookUp(stem + "c") == nil)
            }
            #expect(lookUp(stem + "b") != nil)
            #expect(lookUp(stem + "c") != nil)
            #expect(lookUp(stem + "b\u{0}") == nil)
        }
        #expect(lookUp("") == nil)
        #expect(lookUp("") == nil)
        #expect(lookUp("") != nil)
        // Too long to cache: never stored, never found.
        let long = String(repeating: "x", count: ScannedLineCache.longestCachedLine + 1)
        for _ in 0..<3 { #expect(lookUp(long) == nil) }
        // Kept: "b" and "c" of each length, and "". Seen: those and the "b\u{0}" lines.
        #expect(cache.count == 15 && cache.seenCount == 22)
    }

    @Test func theHashSeesEveryByteAndTheLength() {
        func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { ScannedLineCache.hash($0) } }
        let base = [UInt8](repeating: 0x61, count: 21)
        var hashes: Set<UInt64> = [hash(base), hash(Array(base.dropLast())), hash(base + [0])]
        for index in base.indices {
            var changed = base
            changed[index] = 0x62
            hashes.insert(hash(changed))
        }
        #expect(hashes.count == base.count + 3)
    }

    /// Features for ``onlyTheSameBytesHit()``, whose content does not matter.
    static var line: ScannedLineCache.Line { ScannedLineCache.Line(
        keys: UnsafeBufferPointer(start: nil, count: 0), counts: UnsafeBufferPointer(start: nil, count: 0),
        vocabulary: UnsafeBufferPointer(start: nil, count: 0), shapeKeys: UnsafeBufferPointer(start: nil, count: 0),
        statistics: LineStatistics()) }
}
