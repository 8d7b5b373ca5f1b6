import Foundation
import Testing

@Suite struct UsageTests {
    @Test func unknownOptionsAreUsageErrors() throws {
        let result = try ChaffBinary.run(["score", "--frobnicate"])
        #expect(result.status == 64)
        #expect(result.error.contains("Error: Unknown option '--frobnicate'"))
        #expect(result.error.contains("Usage: chaff score"))
        #expect(result.error.contains("See 'chaff score --help' for more information."))
        #expect(result.output.isEmpty)
    }

    @Test(arguments: [
        ["train"], ["eval"], ["inspect"], ["frob"], ["score", "--threshold", "2"], ["score", "--format", "xml"],
        ["eval", "--folds", "1", "x.jsonl"], ["eval", "--without", "shape", "x.jsonl"], ["train", "--without", "colour", "x.tsv"],
        ["score", "--model"], [], ["score", "--line-cache", "-1"], ["score", "--line-cache", "lots"],
    ])
    func badArgumentsExit64(arguments: [String]) throws {
        let result = try ChaffBinary.run(arguments)
        #expect(result.status == 64, "chaff \(arguments.joined(separator: " "))")
        #expect(result.error.contains("Error:") || result.error.contains("USAGE"))
    }

    @Test(arguments: ["train", "score", "eval", "inspect", "merge"])
    func everyCommandHasHelp(command: String) throws {
        let result = try ChaffBinary.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: chaff \(command)"))
        #expect(result.output.contains("OPTIONS:"))
    }

    @Test func versionAndTopLevelHelp() throws {
        #expect(try ChaffBinary.run(["--version"]).output.hasPrefix("chaff "))
        let help = try ChaffBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("SUBCOMMANDS:"))
    }
}
