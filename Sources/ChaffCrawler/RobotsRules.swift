/// The rules of a site's `robots.txt` (RFC 9309) that apply to one crawler.
///
/// Rules come from the groups whose `User-agent` names the crawler's product
/// token (`chaff`, case-insensitive), or else from the `*` groups. A path is
/// allowed unless its longest matching rule is a `Disallow`; an `Allow` of the
/// same length wins. Patterns match as prefixes, with `*` for any run of
/// characters and a final `$` anchoring the end.
struct RobotsRules: Sendable {
    struct Rule: Sendable {
        let allow: Bool
        let pattern: [UInt8]
    }

    /// The rules that apply, in file order.
    let rules: [Rule]
    /// `Crawl-delay` of the chosen group, in seconds, if given.
    let crawlDelay: Double?

    /// Every path allowed (no robots.txt, or a 4xx answer).
    static let allowAll = RobotsRules(rules: [], crawlDelay: nil)
    /// Every path disallowed (robots.txt unreachable with a 5xx or network error).
    static let disallowAll = RobotsRules(rules: [Rule(allow: false, pattern: Array("/".utf8))], crawlDelay: nil)

    init(rules: [Rule], crawlDelay: Double?) {
        self.rules = rules
        self.crawlDelay = crawlDelay
    }

    /// Parses `robots.txt` for the crawler called `agent` (its product token,
    /// e.g. `chaff`; matched against `User-agent` values case-insensitively).
    init(parsing text: String, agent: String) {
        struct Group {
            var agents: [String] = []
            var rules: [Rule] = []
            var crawlDelay: Double?
        }
        var groups: [Group] = []
        var current = Group()
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingSpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            switch field {
            case "user-agent":
                if !lastWasAgent && !current.agents.isEmpty {
                    groups.append(current)
                    current = Group()
                }
                current.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard !current.agents.isEmpty else { continue }
                // An empty Disallow allows everything: it adds no rule.
                if value.isEmpty { continue }
                current.rules.append(Rule(allow: field == "allow", pattern: Array(value.utf8)))
            case "crawl-delay":
                lastWasAgent = false
                if let seconds = Double(value), seconds >= 0 { current.crawlDelay = seconds }
            default:
                lastWasAgent = false
            }
        }
        if !current.agents.isEmpty { groups.append(current) }
        let token = agent.lowercased()
        var chosen = groups.filter { group in group.agents.contains { $0 != "*" && (token.hasPrefix($0) || $0.hasPrefix(token)) } }
        if chosen.isEmpty { chosen = groups.filter { $0.agents.contains("*") } }
        self.init(rules: chosen.flatMap(\.rules), crawlDelay: chosen.compactMap(\.crawlDelay).max())
    }

    /// Whether a URL path (with its query, e.g. `/a/b?c=d`) may be fetched.
    func allows(_ path: String) -> Bool {
        let path = Array((path.isEmpty ? "/" : path).utf8)
        if path == Array("/robots.txt".utf8) { return true }
        var best: (length: Int, allow: Bool)?
        for rule in rules where Self.matches(rule.pattern[...], path[...]) {
            let length = rule.pattern.count
            if best == nil || length > best!.length || (length == best!.length && rule.allow) {
                best = (length, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    /// Prefix match with `*` (any run) and a trailing `$` (end of path).
    static func matches(_ pattern: ArraySlice<UInt8>, _ path: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return true }
        if first == 0x24 && pattern.count == 1 { return path.isEmpty }  // "$"
        if first == 0x2A {  // "*"
            let rest = pattern.dropFirst()
            var tail = path
            while true {
                if matches(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let byte = path.first, byte == first else { return false }
        return matches(pattern.dropFirst(), path.dropFirst())
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
