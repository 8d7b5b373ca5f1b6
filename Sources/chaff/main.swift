import ChaffCLI

ChaffCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
