@testable import Chaff
import Testing

@Suite struct WeightTableTests {
    let table = Fixtures.smallModel.table

    /// The scorer looks keys up in a spread copy of the model's table: every
    /// key must find the same weight and flags there, and unseen keys nothing.
    @Test func aSpreadTableLooksEveryKeyUpTheSame() {
        let keys = table.slots.map { UInt32($0 >> 32) }.filter { $0 != 0 }
        let spread = table.spread(slotsPerFeature: WeightTable.scoringSlotsPerFeature)
        #expect(spread.capacity >= keys.count * WeightTable.scoringSlotsPerFeature)
        #expect(spread.capacity > table.capacity)
        #expect(spread.capacity & (spread.capacity - 1) == 0)
        for key in keys {
            #expect(spread.lookUp(key)?.weight == table.lookUp(key)?.weight)
            #expect(spread.lookUp(key)?.flags == table.lookUp(key)?.flags)
        }
        let held = Set(keys)
        let unseen = (UInt32(1)...5000).lazy.map { $0 &* 2_654_435_761 }.filter { !held.contains($0) }
        #expect(unseen.allSatisfy { spread.lookUp($0) == nil && table.lookUp($0) == nil })
    }

    @Test func aTableSparseEnoughIsKeptAsItIs() {
        let spread = table.spread(slotsPerFeature: 8)
        #expect(spread.spread(slotsPerFeature: 8) == spread)
        #expect(table.spread(slotsPerFeature: 1) == table)
    }
}
