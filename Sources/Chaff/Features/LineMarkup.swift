/// What the HTML around a line says about it: where it came from, whether
/// people can see it, and how much of it is links to other sites.
///
/// Plain-text pages have no markup; their lines get no markup features.
public struct LineMarkup: Sendable, Equatable {
    /// The part of the page the line came from.
    public var kind: HTMLLine.Kind
    /// Whether the line is hidden from people viewing the page.
    public var isHidden: Bool
    /// Share of the line's characters inside links, in [0, 1].
    public var linkTextShare: Double
    /// Links in the line.
    public var linkCount: Int
    /// Distinct linked hosts of another site than the page's own.
    public var foreignHosts: Int

    /// Creates markup facts.
    public init(kind: HTMLLine.Kind, isHidden: Bool, linkTextShare: Double, linkCount: Int, foreignHosts: Int) {
        self.kind = kind
        self.isHidden = isHidden
        self.linkTextShare = linkTextShare
        self.linkCount = linkCount
        self.foreignHosts = foreignHosts
    }

    /// The markup of every line of a page read by ``HTMLReader``.
    ///
    /// - Parameter siteHost: the page's own host (from its URL); when nil, the
    ///   host linked most often on the page stands in for it.
    public static func of(_ lines: [HTMLLine], siteHost: String? = nil) -> [LineMarkup] {
        var domains = DomainCache()
        // Every link's registrable domain, line after line, looked up once:
        // the site and each line's foreign hosts both read them (looking each
        // host up for both was 2% of reading's instructions).
        var linkDomains: [String] = []
        for index in lines.indices {
            for host in lines[index].linkHosts { linkDomains.append(domains.domain(of: host)) }
        }
        let site = (siteHost ?? mostLinked(linkDomains)).map(registrableDomain)
        // By index, reading each line's fields in place: `map` over the lines
        // copied every line, retaining and releasing all its strings.
        var firstDomain = 0
        return lines.indices.map { index in
            let length = max(1, lines[index].storedText.withUTF8 { TextRun.scalarCount(in: $0, $0.indices) })
            let linkCount = lines[index].linkHosts.count
            let foreign = foreignSiteCount(linkDomains[firstDomain..<(firstDomain + linkCount)], site: site)
            firstDomain += linkCount
            return LineMarkup(
                kind: lines[index].kind, isHidden: lines[index].isHidden,
                linkTextShare: min(1, Double(lines[index].linkTextLength) / Double(length)),
                linkCount: lines[index].linkCount, foreignHosts: foreign)
        }
    }

    /// Distinct registrable domains among `domains` other than `site`.
    private static func foreignSiteCount(_ domains: ArraySlice<String>, site: String?) -> Int {
        switch domains.count {
        case 0: return 0
        case 1: return domains.first != site ? 1 : 0
        default: return Set(domains).filter { $0 != site }.count
        }
    }

    /// The domain that comes most often in `domains` (ties go to the smaller
    /// name), or nil when there is none.
    private static func mostLinked(_ domains: [String]) -> String? {
        var counts: [String: Int] = [:]
        // Links to one site come in runs: count a run, then add it.
        var run: (domain: String, count: Int)?
        for domain in domains {
            if run?.domain == domain {
                run?.count += 1
            } else {
                if let run { counts[run.domain, default: 0] += run.count }
                run = (domain, 1)
            }
        }
        if let run { counts[run.domain, default: 0] += run.count }
        // Ties go to the smaller name, so the choice does not depend on hashing.
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// The registrable domains of the few hosts asked about last: a page links
    /// the same hosts over and over.
    private struct DomainCache {
        private var hosts: [String] = []
        private var domains: [String] = []
        private var oldest = 0

        mutating func domain(of host: String) -> String {
            for index in hosts.indices where hosts[index] == host { return domains[index] }
            let domain = LineMarkup.registrableDomain(host)
            if hosts.count < 4 {
                hosts.append(host)
                domains.append(domain)
            } else {
                hosts[oldest] = host
                domains[oldest] = domain
                oldest = (oldest + 1) % 4
            }
            return domain
        }
    }

    /// The part of a host name a site owns: the last two labels, or three
    /// under common second-level registries (`example.com.cn`, `city.go.jp`).
    ///
    /// - Complexity: O(n); an ASCII host is handled without splitting it into strings.
    public static func registrableDomain(_ host: String) -> String {
        if let domain = host.utf8.withContiguousStorageIfAvailable({ HostName.registrableDomain(ofASCII: $0) }),
           let domain {
            return domain
        }
        let labels = host.lowercased().split(separator: ".")
        guard labels.count > 2 else { return labels.joined(separator: ".") }
        let secondLevel: Set<Substring> = ["com", "net", "org", "gov", "edu", "ac", "co", "or", "ne", "go", "lg", "ed"]
        let keep = labels[labels.count - 1].count == 2 && secondLevel.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }
}

/// A markup feature: one fact of ``LineMarkup``, bucketed.
public struct MarkupToken: BucketedToken {
    /// What is observed.
    public enum Observation: UInt32, Sendable, CaseIterable {
        /// 0 body, 1 title, 2 meta keywords, 3 meta description.
        case kind = 1
        /// 0 visible, 1 hidden.
        case hidden
        /// Share of the line's text inside links: 0, < 0.3, < 0.7, < 1, 1.
        case linkShare
        /// Links: 0, 1, 2–3, 4–9, 10 or more.
        case links
        /// Distinct foreign sites linked: 0, 1, 2–3, 4 or more.
        case foreignHosts
        /// Hidden and linking (1), the strongest single signal there is.
        case hiddenLinks
    }

    /// What is observed.
    public var observation: Observation
    /// The bucket.
    public var bucket: UInt32

    /// Creates a token.
    public init(observation: Observation, bucket: UInt32) {
        self.observation = observation
        self.bucket = bucket
    }

    /// Tokens of this type hash under the markup kind.
    public static var featureKind: FeatureKind { .markup }
    /// The observation's raw value.
    public var measureCode: UInt32 { observation.rawValue }

    /// The keys of a line's markup tokens.
    public static func keys(of m: LineMarkup) -> [UInt32] {
        tokens(of: m).map(\.key)
    }

    /// The tokens of a line's markup.
    public static func tokens(of m: LineMarkup) -> [MarkupToken] {
        let kind: UInt32 = switch m.kind {
        case .body: 0
        case .title: 1
        case .metaKeywords: 2
        case .metaDescription: 3
        }
        let share: UInt32 = m.linkTextShare <= 0 ? 0 : m.linkTextShare < 0.3 ? 1 : m.linkTextShare < 0.7 ? 2 : m.linkTextShare < 1 ? 3 : 4
        return [
            MarkupToken(observation: .kind, bucket: kind),
            MarkupToken(observation: .hidden, bucket: m.isHidden ? 1 : 0),
            MarkupToken(observation: .linkShare, bucket: share),
            MarkupToken(observation: .links, bucket: ShapeToken.bucket(Double(m.linkCount), edges: [1, 2, 4, 10])),
            MarkupToken(observation: .foreignHosts, bucket: ShapeToken.bucket(Double(m.foreignHosts), edges: [1, 2, 4])),
            MarkupToken(observation: .hiddenLinks, bucket: m.isHidden && m.linkCount > 0 ? 1 : 0),
        ]
    }

    /// A readable phrase for a reason, from the line's markup.
    public func describe(using m: LineMarkup) -> String {
        switch observation {
        case .kind: return ["page text", "in the <title>", "in meta keywords", "in the meta description"][Int(min(bucket, 3))]
        case .hidden, .hiddenLinks: return m.isHidden ? (m.linkCount > 0 ? "hidden links" : "hidden text") : "visible"
        case .linkShare: return "link text share \(format(m.linkTextShare))"
        case .links: return counted(m.linkCount, "link")
        case .foreignHosts: return "links to " + counted(m.foreignHosts, "other site")
        }
    }

    /// A name for the token, for `chaff inspect`.
    public var name: String { "\(observation)=\(bucket)" }

    /// Every token, to name keys in `chaff inspect`.
    public static let all: [MarkupToken] = Observation.allCases.flatMap { observation in
        (0..<8).map { MarkupToken(observation: observation, bucket: $0) }
    }
}
