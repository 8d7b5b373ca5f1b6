import Foundation

/// Turns a line's evidence into a probability that means what it says.
///
/// Raw naive Bayes log-odds are extreme: with hundreds of correlated n-grams a
/// line is "certain" either way. A logistic regression over the per-family
/// evidence (``LineEvidence``), fitted on lines held out from the counts, maps
/// it to a calibrated probability: of lines scored 0.9, about nine in ten are
/// injected. This is Platt scaling, widened to one input per feature family.
public struct Calibrator: Sendable, Equatable {
    /// Input weights, one per ``LineEvidence`` input.
    public internal(set) var weights: [Double]
    /// The intercept.
    public internal(set) var bias: Double

    /// Creates a calibrator from its parameters.
    public init(weights: [Double], bias: Double) {
        precondition(weights.count == LineEvidence.count, "one weight per evidence input")
        self.weights = weights
        self.bias = bias
    }

    /// A calibrator that trusts the n-gram evidence alone, for models too small
    /// to fit one (fewer than ``minimumExamples`` held-out lines of each class).
    public static let uncalibrated = Calibrator(weights: [1, 1, 1, 0, 0, 1, 0], bias: 0)

    /// Held-out lines of each class needed to fit a calibrator.
    public static let minimumExamples = 10

    /// The calibrated probability that a line is injected.
    @inlinable
    public func probability(_ inputs: [Double]) -> Double {
        var z = bias
        for i in 0..<inputs.count { z += weights[i] * inputs[i] }
        return 1 / (1 + exp(-z))
    }

    /// The calibrated probability of a line's evidence, with `weights` in place
    /// of the calibrator's own (the model passes them with switched-off
    /// families zeroed). Allocates nothing: this runs once per scored line.
    func probability(_ evidence: LineEvidence, weights: [Double]) -> Double {
        1 / (1 + exp(-evidence.logOdds(weights: weights, bias: bias)))
    }

    /// Fits a calibrator with non-negative input weights.
    ///
    /// Every input is oriented so that more of it is more spam-like, so a
    /// negative weight never means "this evidence argues for legit": it is
    /// correlated inputs (the n-gram sum and keyword density) trading against
    /// each other, which fits the held-out lines and extrapolates badly to real
    /// pages. An input whose weight comes out negative is fixed at zero, the
    /// most negative first, and the others are fitted again.
    ///
    /// Deterministic: a fixed number of iterations in a fixed order, so the same
    /// examples give the same bits.
    ///
    /// - Parameters:
    ///   - examples: input vectors and labels, in a canonical order.
    ///   - ridge: the L2 penalty on input weights (not on the intercept).
    public static func fit(_ examples: [(inputs: [Double], injected: Bool)], ridge: Double = 1.0) -> Calibrator {
        var examples = examples
        var fixedAtZero = Set<Int>()
        while true {
            let calibrator = fitUnconstrained(examples, ridge: ridge)
            let negative = calibrator.weights.indices.filter { !fixedAtZero.contains($0) && calibrator.weights[$0] < 0 }
            guard let worst = negative.min(by: { calibrator.weights[$0] < calibrator.weights[$1] }) else { return calibrator }
            // An input that is zero everywhere gets weight zero under the ridge penalty.
            fixedAtZero.insert(worst)
            for i in examples.indices { examples[i].inputs[worst] = 0 }
        }
    }

    /// The calibrator whose weights and intercept are the means of `calibrators`'
    /// (``uncalibrated`` for none).
    ///
    /// Fits on different held-out samples scatter; their mean is steadier than
    /// any one of them (bagging).
    public static func average(_ calibrators: [Calibrator]) -> Calibrator {
        guard let first = calibrators.first else { return .uncalibrated }
        var weights = [Double](repeating: 0, count: first.weights.count)
        var bias = 0.0
        for calibrator in calibrators {
            for i in weights.indices { weights[i] += calibrator.weights[i] }
            bias += calibrator.bias
        }
        let n = Double(calibrators.count)
        return Calibrator(weights: weights.map { $0 / n }, bias: bias / n)
    }

    /// Fits a calibrator by Newton's method on L2-regularised log-loss, weights
    /// of either sign.
    static func fitUnconstrained(_ examples: [(inputs: [Double], injected: Bool)], ridge: Double) -> Calibrator {
        precondition(examples.allSatisfy { $0.inputs.count == LineEvidence.count }, "one input per evidence kind")
        let positives = examples.filter(\.injected).count
        guard positives >= minimumExamples && examples.count - positives >= minimumExamples else { return .uncalibrated }
        let n = LineEvidence.count + 1
        var beta = [Double](repeating: 0, count: n)
        beta[n - 1] = log(Double(positives) / Double(examples.count - positives))
        // Every example's inputs and a 1 for the intercept, one row after
        // another, and its target: copying the inputs and appending the 1 per
        // example and iteration allocated an array each time, three quarters
        // of `fit`'s time.
        var rows = [Double](repeating: 1, count: examples.count * n)
        for (index, example) in examples.enumerated() {
            for i in 0..<(n - 1) { rows[index * n + i] = example.inputs[i] }
        }
        let targets = examples.map { $0.injected ? 1.0 : 0.0 }
        for _ in 0..<30 {
            var gradient = [Double](repeating: 0, count: n)
            // Row-major, lower triangle filled while summing.
            var lower = [Double](repeating: 0, count: n * n)
            let coefficients = beta
            rows.withUnsafeBufferPointer { rows in
                gradient.withUnsafeMutableBufferPointer { gradient in
                    lower.withUnsafeMutableBufferPointer { lower in
                        // The same sums in the same order as one example at a
                        // time over arrays: the fit, and so the model, is unchanged.
                        for example in targets.indices {
                            let x = UnsafeBufferPointer(rebasing: rows[(example * n)..<(example * n + n)])
                            var z = 0.0
                            for i in 0..<n { z += coefficients[i] * x[i] }
                            let p = 1 / (1 + exp(-z))
                            let residual = targets[example] - p
                            let w = max(p * (1 - p), 1e-9)
                            for i in 0..<n {
                                gradient[i] += residual * x[i]
                                for j in 0...i { lower[i * n + j] += w * x[i] * x[j] }
                            }
                        }
                    }
                }
            }
            var hessian = (0..<n).map { i in Array(lower[(i * n)..<(i * n + n)]) }
            for i in 0..<n {
                for j in 0..<i { hessian[j][i] = hessian[i][j] }
                if i < n - 1 {
                    gradient[i] -= ridge * beta[i]
                    hessian[i][i] += ridge
                }
            }
            guard var step = solve(hessian, gradient), step.allSatisfy(\.isFinite) else { break }
            // Damped Newton: no coordinate moves more than 4 per iteration, so
            // nearly separable data cannot send the weights to infinity.
            let largest = step.map(abs).max() ?? 0
            if largest > 4 { step = step.map { $0 * 4 / largest } }
            for i in 0..<n { beta[i] += step[i] }
            if largest < 1e-10 { break }
        }
        guard beta.allSatisfy(\.isFinite) else { return .uncalibrated }
        return Calibrator(weights: Array(beta[0..<(n - 1)]), bias: beta[n - 1])
    }

    /// Solves a small symmetric positive-definite system by Gaussian elimination
    /// with partial pivoting; nil when it is singular.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix
        var b = vector
        let n = b.count
        for column in 0..<n {
            var pivot = column
            for row in column..<n where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            guard abs(a[pivot][column]) > 1e-12 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }
}
