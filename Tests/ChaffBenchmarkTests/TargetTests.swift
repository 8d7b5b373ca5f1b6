@testable import chaff_bench
import Foundation
import Testing

/// `chaff-bench`'s verdicts on the targets: which side of a limit passes, how
/// far a miss is, and how the table and the JSON report them.
@Suite struct TargetTests {
    @Test func lowerBoundsPassOnAndAboveTheLimit() {
        let target = Target.atLeast(50, "scoring")
        #expect(target.isMet(by: 50) && target.isMet(by: 61.2))
        #expect(!target.isMet(by: 49.9))
        #expect(target.verdict(on: 50) == "met")
        #expect(target.verdict(on: 35.7) == "missed, 1.40× short")
        #expect(target.verdict(on: 0) == "missed")
        #expect(target.wanted(unit: "MB/s") == "≥ 50.0 MB/s")
    }

    @Test func upperBoundsPassOnAndBelowTheLimit() {
        let target = Target.atMost(1, "reading")
        #expect(target.isMet(by: 1) && target.isMet(by: 0.93))
        #expect(!target.isMet(by: 1.01))
        #expect(target.shortfall(of: 0.5) == 1)
        #expect(target.verdict(on: 1.31) == "missed, 1.31× over")
        #expect(target.wanted(unit: "x") == "≤ 1.00 x")
    }

    /// Rows with a target get a verdict line under the table, in the order
    /// measured; rows without one get none.
    @Test func theTableEndsWithTheVerdicts() {
        let table = ResultTable(context: [("build", "release")], measurements: [
            .single(group: "score", name: "score text, 1 task", unit: "MB/s", value: 35.7, target: .atLeast(50, "scoring (#5)")),
            .single(group: "score", name: "score text, 1 task", unit: "lines/s", value: 590_000),
            .single(group: "load", name: "model load", unit: "ms", value: 1.9, target: .atMost(20, "loading (#5)")),
        ])
        let text = table.text()
        let verdicts = text.components(separatedBy: "| target | wanted | median | verdict |")
        #expect(verdicts.count == 2)
        let rows = verdicts.last!.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(rows == ["| scoring (#5) | ≥ 50.0 MB/s | 35.7 | missed, 1.40× short |", "| loading (#5) | ≤ 20.0 ms | 1.90 | met |"])

        let untargeted = ResultTable(context: [], measurements: [
            .single(group: "score", name: "score text, 1 task", unit: "lines/s", value: 590_000),
        ])
        #expect(!untargeted.text().contains("verdict"))
    }

    @Test func theJSONCarriesEachTargetAndWhetherItIsMet() throws {
        let table = ResultTable(context: [], measurements: [
            .single(group: "score", name: "score text, 1 task", unit: "MB/s", value: 35.7, target: .atLeast(50, "scoring (#5)")),
            .single(group: "score", name: "score text, 1 task", unit: "lines/s", value: 590_000),
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [String: Any])
        let rows = try #require(object["measurements"] as? [[String: Any]])
        let target = try #require(rows[0]["target"] as? [String: Any])
        #expect(target["label"] as? String == "scoring (#5)")
        #expect(target["bound"] as? String == "atLeast")
        #expect(target["limit"] as? Double == 50)
        #expect(target["met"] as? Bool == false)
        #expect(rows[1]["target"] == nil)
    }
}
