import Chaff

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit codes, as BSD `sysexits.h` and swift-argument-parser use them.
public enum ExitCode {
    /// Success.
    public static let success: Int32 = 0
    /// A failure: unreadable input, a damaged model.
    public static let failure: Int32 = 1
    /// A usage error: unknown option, missing argument.
    public static let usage: Int32 = 64
}

/// A `chaff` subcommand.
protocol Subcommand {
    /// The name typed after `chaff`.
    static var name: String { get }
    /// One line for `chaff --help`.
    static var abstract: String { get }
    /// The full `--help` text.
    static var help: String { get }
    /// The usage line shown after a usage error.
    static var usage: String { get }
    /// The options it accepts.
    static var options: [OptionSpec] { get }

    init(_ arguments: ParsedArguments) throws(UsageError)
    func run(_ console: Console) -> Int32
}

/// The `chaff` command: dispatches to its subcommands.
public enum ChaffCommand {
    static var subcommands: [any Subcommand.Type] { [
        TrainCommand.self, ScoreCommand.self, CleanCommand.self, EvalCommand.self, InspectCommand.self, MergeCommand.self,
    ] }

    static var help: String {
        var text = """
            OVERVIEW: find spam and SEO keyword blocks injected into web pages

            Chaff scores pages line by line with a naive Bayes model over character
            n-grams, line structure and page context, and reports the injected blocks
            with the reasons they were flagged.

            USAGE: chaff <subcommand> [options]

            SUBCOMMANDS:

            """
        for command in subcommands {
            text += "  " + command.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.abstract + "\n"
        }
        text += """

              See 'chaff <subcommand> --help' for detailed help.

            OPTIONS:
              --version           Show the version.
              -h, --help          Show help information.

            EXAMPLES:
              chaff score page.txt                   score with the shipped default model
              chaff clean page.html > page.txt       the page's text without its injected blocks
              chaff train --out my.chaffmodel TrainingData/
              chaff eval --model my.chaffmodel ../shared/devset/pages.jsonl

            """
        return text
    }

    /// Runs `chaff` with its arguments (without the program name) and exits.
    public static func main(arguments: [String]) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let console = Console.standard()
        let status = run(arguments: arguments, console: console)
        console.flush()
        exit(status)
    }

    /// Runs `chaff` and returns its exit status; output goes to `console`.
    public static func run(arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.error(help)
            return ExitCode.usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            if first == "help", arguments.count > 1, let command = subcommands.first(where: { $0.name == arguments[1] }) {
                console.write(command.help)
                return ExitCode.success
            }
            console.write(help)
            return ExitCode.success
        }
        if first == "--version" {
            console.line(ChaffVersion.string)
            return ExitCode.success
        }
        guard let command = subcommands.first(where: { $0.name == first }) else {
            return usageError(UsageError(message: first.hasPrefix("-") ? "Unknown option '\(first)'" : "Unknown subcommand '\(first)'", command: nil), console: console)
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.write(command.help)
            return ExitCode.success
        }
        do {
            let parsed = try ParsedArguments(rest, options: command.options, command: command.name)
            return try command.init(parsed).run(console)
        } catch {
            return usageError(error, console: console)
        }
    }

    static func usageError(_ error: UsageError, console: Console) -> Int32 {
        console.error("Error: \(error.message)")
        if let name = error.command, let command = subcommands.first(where: { $0.name == name }) {
            console.error("Usage: \(command.usage)")
            console.error("  See 'chaff \(name) --help' for more information.")
        } else {
            console.error("Usage: chaff <subcommand> [options]")
            console.error("  See 'chaff --help' for more information.")
        }
        return ExitCode.usage
    }
}
