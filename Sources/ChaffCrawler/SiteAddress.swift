import Foundation

/// The site a crawl stays on: scheme, host and port of the start URL, and
/// the normal form URLs are compared in.
struct SiteAddress: Sendable {
    let scheme: String
    let host: String
    let port: Int

    init(_ url: URL) {
        scheme = url.scheme?.lowercased() ?? "http"
        host = url.host?.lowercased() ?? ""
        port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    /// `host` or `host:port` when the port is not the scheme's default.
    var authority: String {
        port == (scheme == "https" ? 443 : 80) ? host : "\(host):\(port)"
    }

    /// `/robots.txt` of the site.
    var robotsURL: URL { URL(string: "\(scheme)://\(authority)/robots.txt")! }

    /// Whether `url` is on this site (same host and port; http and https of
    /// one host are one site only when the ports match).
    func contains(_ url: URL) -> Bool {
        guard let other = url.host?.lowercased(), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else { return false }
        return other == host && (url.port ?? (scheme == "https" ? 443 : 80)) == port
    }

    /// The URL without its fragment, scheme and host lowercased, an empty path as `/`:
    /// the key under which a page is fetched once.
    static func normalized(_ url: URL) -> URL? {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return nil }
        components.fragment = nil
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        if components.path.isEmpty { components.path = "/" }
        return components.url
    }

    /// The path and query robots.txt rules are matched against.
    static func pathAndQuery(_ url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return "/" }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }
}
