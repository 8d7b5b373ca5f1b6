@testable import chaff_bench
import Testing

/// What the header of `chaff-bench`'s table says of the machine: the
/// processor's name with its family and model, and the share of the run's
/// processor time that a hypervisor stole.
@Suite struct MachineDescriptionTests {
    /// Two processors of a virtual machine as Linux lists them (abridged).
    static let cpuinfo = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        cpu family\t: 6
        model\t\t: 207
        model name\t: Intel(R) Xeon(R) Processor
        cpu MHz\t\t: 2299.998

        processor\t: 1
        vendor_id\t: GenuineIntel
        cpu family\t: 6
        model\t\t: 106
        model name\t: Another Processor

        """

    @Test func theFirstProcessorIsNamedWithItsFamilyAndModel() {
        #expect(MachineDescription.cpuModel(cpuinfo: Self.cpuinfo) == "Intel(R) Xeon(R) Processor (family 6 model 207)")
    }

    @Test func aProcessorWithoutNumbersKeepsItsNameAndOneWithoutANameIsUnknown() {
        #expect(MachineDescription.cpuModel(cpuinfo: "processor\t: 0\nmodel name\t: Neoverse-N1\n") == "Neoverse-N1")
        #expect(MachineDescription.cpuModel(cpuinfo: "processor\t: 0\nBogoMIPS\t: 50.00\n") == "unknown")
        #expect(MachineDescription.cpuModel(cpuinfo: "") == "unknown")
    }

    /// The `cpu` line's eighth count is the steal time; guest time, which
    /// the user count includes, is not counted twice.
    @Test func procStatReadsTheAllProcessorsLine() throws {
        let stat = """
            cpu  100 5 40 800 10 1 4 40 7 0
            cpu0 50 2 20 400 5 0 2 20 3 0
            intr 12345
            """
        let times = try #require(ProcessorTimes(procStat: stat))
        #expect(times.total == 1000)
        #expect(times.stolen == 40)
        #expect(ProcessorTimes(procStat: "cpu0 1 2 3 4\n") == nil)
        #expect(ProcessorTimes(procStat: "cpu  1 2 3\n") == nil)
        // A kernel too old to count steal time: none stolen.
        #expect(ProcessorTimes(procStat: "cpu  1 2 3 4\n")?.stolen == 0)
    }

    @Test func stolenShareIsOfTheTicksBetweenTwoReadings() throws {
        let earlier = try #require(ProcessorTimes(procStat: "cpu  100 0 0 900 0 0 0 0\n"))
        let later = try #require(ProcessorTimes(procStat: "cpu  250 0 0 1700 0 0 0 50\n"))
        #expect(later.stolenShare(since: earlier) == 0.05)
        #expect(earlier.stolenShare(since: earlier) == nil)
        #expect(earlier.stolenShare(since: later) == nil)
    }

    @Test func theSummaryGivesTheRunAndEachGroup() throws {
        let start = try #require(ProcessorTimes(procStat: "cpu  0 0 0 1000 0 0 0 0\n"))
        let middle = try #require(ProcessorTimes(procStat: "cpu  100 0 0 1900 0 0 0 0\n"))
        let end = try #require(ProcessorTimes(procStat: "cpu  200 0 0 2700 0 0 0 100\n"))
        var log = StealTimeLog(start: start)
        log.record("score", from: start, to: middle)
        log.record("scaling", from: middle, to: end)
        log.record("memory", from: nil, to: end)
        #expect(log.summary(end: end) == "5.0% of the processors' time (score 0.0%, scaling 10.0%, memory n/a)")
        #expect(StealTimeLog(start: nil).summary(end: end) == "not counted here (no /proc/stat)")
    }
}
