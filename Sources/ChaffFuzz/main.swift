// chaff-fuzz: coverage-guided fuzzing of the code that reads hostile input
// (web pages in any charset, WARC files, labeled training pages), and a
// replay of saved inputs through the same code.
//
// `Scripts/fuzz` builds it with libFuzzer and AddressSanitizer and runs it;
// a plain `swift build` has no libFuzzer, and then this program only replays
// the files it is given (for a crash the fuzzer saved, or a regression run).
import CChaffFuzz
import Chaff
import Foundation

let usage = """
    USAGE: chaff-fuzz TARGET [--model FILE] [libFuzzer flags and corpus folders | input files]

    Feeds inputs to one of Chaff's readers of hostile bytes. Built by
    Scripts/fuzz (libFuzzer and AddressSanitizer linked in), it fuzzes: the
    arguments after TARGET are libFuzzer's (corpus folders, -max_total_time=N,
    -max_len=N, ...). Built by a plain `swift build`, it replays: each file
    given (or every file in each folder given) is fed to TARGET once.

    TARGETS:
    \(FuzzTarget.allCases.map { "  \($0.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\($0.summary)" }.joined(separator: "\n"))

    OPTIONS:
      --model FILE   The model to score with (default: Models/default.chaffmodel
                     in the current folder, which Scripts/fuzz makes the checkout).
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("chaff-fuzz: \(message)\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments.contains("-h") || arguments.contains("--help") {
    print(usage)
    exit(arguments.isEmpty ? 64 : 0)
}
guard let target = FuzzTarget(rawValue: arguments.removeFirst()) else {
    fail("unknown target '\(CommandLine.arguments[1])'; say \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
}
var model = URL(fileURLWithPath: "Models/default.chaffmodel")
if let flag = arguments.firstIndex(of: "--model") {
    guard flag + 1 < arguments.count else { fail("--model needs a file") }
    model = URL(fileURLWithPath: arguments[flag + 1])
    arguments.removeSubrange(flag...(flag + 1))
}

// libFuzzer calls a C function, which cannot capture the harness.
nonisolated(unsafe) var harness: FuzzHarness!
do {
    harness = try FuzzHarness(target: target, model: model)
} catch {
    fail("cannot load the model: \(error)")
}

if chaff_fuzz_driver_linked() != 0 {
    var argv: [UnsafeMutablePointer<CChar>?] = ([CommandLine.arguments[0]] + arguments).map { strdup($0) } + [nil]
    var argc = Int32(argv.count - 1)
    let status = argv.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var base = buffer.baseAddress
        return chaff_fuzz_run(&argc, &base) { data, size in
            harness.run(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
    }
    harness.removeScratch()
    exit(status)
}

// Replay: every file named, or found in a folder named, once.
var inputs: [URL] = []
for path in arguments {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { fail("no such file or folder: \(path)") }
    if isFolder.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        inputs += names.sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0) }
    } else {
        inputs.append(URL(fileURLWithPath: path))
    }
}
for input in inputs {
    guard let data = try? Data(contentsOf: input) else { fail("cannot read \(input.path)") }
    [UInt8](data).withUnsafeBufferPointer { harness.run($0) }
}
harness.removeScratch()
print("chaff-fuzz: \(target.rawValue): replayed \(inputs.count) input\(inputs.count == 1 ? "" : "s") without a crash")
