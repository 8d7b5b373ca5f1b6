@testable import Chaff
import Testing

@Suite struct HugePageRoomTests {
    /// Element counts below, at and well above a huge page's worth of `UInt32`s (2 MB).
    static let counts = [0, 1, 1000, 1 << 19, 3_000_001]

    @Test(arguments: counts)
    func repeatingGivesCountCopies(count: Int) {
        let array = [UInt32](hugePagesRepeating: 7, count: count)
        #expect(array.count == count)
        #expect(array.allSatisfy { $0 == 7 })
    }

    @Test(arguments: counts)
    func reservingKeepsTheElementsAndMakesTheRoom(count: Int) {
        var array = (0..<UInt32(count)).map { $0 &* 2_654_435_761 }
        let before = array
        array.reserveCapacityInHugePages(count * 2 + 10)
        #expect(array == before)
        #expect(array.capacity >= count * 2 + 10)
        // Room enough already: the same storage, untouched.
        let storage = array.withUnsafeBufferPointer { $0.baseAddress }
        array.reserveCapacityInHugePages(count)
        #expect(array.withUnsafeBufferPointer { $0.baseAddress } == storage)
    }

    @Test func appendingGivesWhatAppendGivesAndGrowsGeometrically() {
        var plain: [UInt16] = []
        var advised: [UInt16] = []
        var moves = 0
        var batch: [UInt16] = []
        for round in 0..<20_000 {
            batch = (0..<(round % 97)).map { UInt16(truncatingIfNeeded: round &* 31 &+ $0) }
            plain.append(contentsOf: batch)
            let capacity = advised.capacity
            batch.withUnsafeBufferPointer { advised.appendInHugePages(contentsOf: $0) }
            if advised.capacity != capacity {
                moves += 1
                #expect(advised.capacity >= 2 * capacity)
            }
        }
        #expect(advised == plain)
        // About 960,000 elements reached by doubling: some twenty moves, not one per batch.
        #expect(moves <= 24)
    }
}
