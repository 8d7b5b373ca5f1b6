import Chaff

/// A command-line mistake: the message, and the command whose usage to show.
public struct UsageError: Error, Equatable {
    /// What is wrong, as argument-parser words it ("Unknown option '--foo'").
    public let message: String
    /// The subcommand, or nil for `chaff` itself.
    public let command: String?
}

/// An option a command accepts.
struct OptionSpec {
    /// Long names, with dashes (`--model`), and an optional short one (`-m`).
    let names: [String]
    /// Whether the option takes a value (`--model FILE`) or is a flag.
    let takesValue: Bool
    /// Whether it may be given more than once.
    var repeatable = false
}

/// Arguments split into options and positional values, in the style of
/// swift-argument-parser: `--name value`, `--name=value`, flags, `--` ends options,
/// `-` alone is a positional (standard input).
struct ParsedArguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var positionals: [String] = []

    init(_ arguments: [String], options: [OptionSpec], command: String) throws(UsageError) {
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let spec = options.first(where: { $0.names.contains(name) }) else {
                throw UsageError(message: "Unknown option '\(name)'", command: command)
            }
            let key = spec.names[0]
            if spec.takesValue {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else {
                        throw UsageError(message: "Missing value for '\(name)'", command: command)
                    }
                    value = arguments[index]
                    index += 1
                }
                if !spec.repeatable && values[key] != nil {
                    throw UsageError(message: "Option '\(name)' given more than once", command: command)
                }
                values[key, default: []].append(value)
            } else {
                if inlineValue != nil {
                    throw UsageError(message: "Option '\(name)' takes no value", command: command)
                }
                values[key, default: []].append("")
            }
        }
    }

    /// The value of a single-valued option.
    func value(_ name: String) -> String? { values[name]?.last }
    /// Every value of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }
    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { values[name] != nil }

    /// A number option within a range.
    func double(_ name: String, in range: ClosedRange<Double>, command: String) throws(UsageError) -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), range.contains(number) else {
            throw UsageError(message: "Invalid value '\(text)' for '\(name)': expected a number in \(range.lowerBound)...\(range.upperBound)", command: command)
        }
        return number
    }

    /// An integer option within a range.
    func integer(_ name: String, in range: ClosedRange<Int>, command: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "Invalid value '\(text)' for '\(name)': expected an integer in \(range.lowerBound)...\(range.upperBound)", command: command)
        }
        return number
    }

    /// An option whose value must be one of `choices`.
    func choice(_ name: String, _ choices: [String], command: String) throws(UsageError) -> String? {
        guard let text = value(name) else { return nil }
        guard choices.contains(text) else {
            throw UsageError(message: "Invalid value '\(text)' for '\(name)': expected one of \(choices.joined(separator: ", "))", command: command)
        }
        return text
    }

    /// `--charset`: a label ``Charset`` knows, or nil when not given.
    func charset(command: String) throws(UsageError) -> String? {
        guard let label = value("--charset") else { return nil }
        guard Charset(label: label) != nil else {
            throw UsageError(
                message: "unknown charset '\(label)' (try gbk, big5, shift_jis, euc-jp, euc-kr, windows-1251, windows-1252, utf-8)",
                command: command)
        }
        return label
    }
}
