@testable import Chaff
import Testing

@Suite struct TokenKeyTableTests {
    /// Every token's table key is its hashed key, within the table and past it.
    @Test func tableKeysAreTheHashedKeys() {
        for token in ShapeToken.all + ShapeToken.Measure.allCases.map({ ShapeToken(measure: $0, bucket: 500) }) {
            #expect(ShapeToken.keyTable.key(code: token.measure.rawValue, bucket: token.bucket) == token.key)
        }
        for observation in ContextToken.Observation.allCases {
            for bucket: UInt32 in [0, 1, 2, 21, 71, 72, 1000] {
                let token = ContextToken(observation: observation, bucket: bucket)
                #expect(ContextToken.keyTable.key(code: observation.rawValue, bucket: bucket) == token.key)
            }
        }
    }
}
