@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct CalibratorTests {
    /// `count` examples from a logistic model `2 x − 1` of input 0; `other`
    /// gives input 1 from x and the label.
    func examples(_ count: Int, seed: UInt64, other: (Double, Bool) -> Double = { _, _ in 0 }) -> [(inputs: [Double], injected: Bool)] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let x = Double.random(in: -3...3, using: &generator)
            let injected = Double.random(in: 0..<1, using: &generator) < 1 / (1 + exp(-(2 * x - 1)))
            return (inputs: [x, other(x, injected), 0, 0, 0, 0, 0], injected: injected)
        }
    }

    @Test func recoversAKnownLogisticModel() {
        let examples = examples(4000, seed: 7)
        let calibrator = Calibrator.fit(examples, ridge: 0.01)
        #expect(abs(calibrator.weights[0] - 2) < 0.25)
        #expect(abs(calibrator.bias + 1) < 0.25)
        // Calibrated: of examples scored around 0.8, about 80% are positive.
        let band = examples.filter { (0.7...0.9).contains(calibrator.probability($0.inputs)) }
        let share = Double(band.filter(\.injected).count) / Double(band.count)
        #expect(abs(share - 0.8) < 0.06)
    }

    @Test func anInputThatArguesForLegitGetsWeightZero() {
        // Input 1 is high on legit lines: unconstrained, its weight is negative.
        let examples = examples(4000, seed: 11) { _, injected in injected ? 0 : 1 }
        #expect(Calibrator.fitUnconstrained(examples, ridge: 0.01).weights[1] < -1)
        let calibrator = Calibrator.fit(examples, ridge: 0.01)
        #expect(calibrator.weights[1] == 0)
        #expect(calibrator.weights.allSatisfy { $0 >= 0 })
        // The rest is fitted without it.
        #expect(abs(calibrator.weights[0] - 2) < 0.25)
    }

    @Test func aHelpfulInputKeepsItsWeight() {
        let examples = examples(4000, seed: 13) { _, injected in injected ? 1 : 0 }
        #expect(Calibrator.fit(examples, ridge: 0.01).weights[1] > 1)
    }

    @Test func averagingTakesTheMeanOfWeightsAndBias() {
        let a = Calibrator(weights: [1, 2, 0, 0, 0, 4, 1], bias: -1)
        let b = Calibrator(weights: [3, 0, 0, 2, 0, 0, 1], bias: -3)
        #expect(Calibrator.average([a, b]) == Calibrator(weights: [2, 1, 0, 1, 0, 2, 1], bias: -2))
        #expect(Calibrator.average([a]) == a)
        #expect(Calibrator.average([]) == .uncalibrated)
    }

    @Test func tooFewExamplesGiveTheFallback() {
        #expect(Calibrator.fit([(inputs: [1, 0, 0, 0, 0, 0, 0], injected: true)]) == .uncalibrated)
    }
}

import Foundation
