import Chaff
import Testing

@Suite struct HanVariantTests {
    func variant(of text: String) -> HanVariant {
        var simplified = 0
        var traditional = 0
        for scalar in text.unicodeScalars {
            switch HanVariant.of(scalar.value) {
            case .simplified: simplified += 1
            case .traditional: traditional += 1
            case .undetermined: break
            }
        }
        return HanVariant.decide(simplified: simplified, traditional: traditional)
    }

    @Test func tellsSimplifiedFromTraditional() {
        #expect(variant(of: "国产精品无码视频在线观看") == .simplified)
        #expect(variant(of: "廣州市人民政府辦公廳發布會議") == .traditional)
        #expect(variant(of: "人民大会") == .undetermined)  // one specific character is not enough
        #expect(variant(of: "hello") == .undetermined)
    }
}
