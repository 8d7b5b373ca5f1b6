/// How the benchmark binary was compiled.
///
/// Numbers from a debug build measure the optimiser's absence, not Chaff, so
/// `chaff-bench` refuses to report them (as swift-nio's `NIOPerformanceTester`
/// does).
enum BuildMode {
    /// Whether this binary was built without optimisation (`swift build` without
    /// `-c release`). Both checks agree in practice; either one is enough to refuse.
    static var isDebug: Bool {
        #if DEBUG
        return true
        #else
        return _isDebugAssertConfiguration()
        #endif
    }
}
