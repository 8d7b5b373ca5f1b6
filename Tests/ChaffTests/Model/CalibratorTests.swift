@testable import Chaff
import Testing

@Suite struct CalibratorTests {
    @Test func recoversAKnownLogisticModel() {
        var generator = SeededGenerator(seed: 7)
        var examples: [(inputs: [Double], injected: Bool)] = []
        for _ in 0..<4000 {
            let x = Double.random(in: -3...3, using: &generator)
            let p = 1 / (1 + exp(-(2 * x - 1)))
            examples.append((inputs: [x, 0, 0, 0, 0, 0, 0], injected: Double.random(in: 0..<1, using: &generator) < p))
        }
        let calibrator = Calibrator.fit(examples, ridge: 0.01)
        #expect(abs(calibrator.weights[0] - 2) < 0.25)
        #expect(abs(calibrator.bias + 1) < 0.25)
        // Calibrated: of examples scored around 0.8, about 80% are positive.
        let band = examples.filter { (0.7...0.9).contains(calibrator.probability($0.inputs)) }
        let share = Double(band.filter(\.injected).count) / Double(band.count)
        #expect(abs(share - 0.8) < 0.06)
    }

    @Test func tooFewExamplesGiveTheFallback() {
        #expect(Calibrator.fit([(inputs: [1, 0, 0, 0, 0, 0, 0], injected: true)]) == .uncalibrated)
    }
}

import Foundation
