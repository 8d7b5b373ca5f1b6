import ChaffTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `chaff score --format html`: one document for a browser, well-formed
/// enough for an XML parser, whatever the pages hold.
@Suite struct HTMLReportTests {
    let scratch = TemporaryDirectory()

    /// Every element's name and attributes, and the text, of a document that
    /// must parse as XML.
    final class Outline: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        static func of(_ document: String) throws -> Outline {
            let outline = Outline()
            let parser = XMLParser(data: Data(document.utf8))
            parser.delegate = outline
            #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
            return outline
        }
    }

    @Test func aPageAndItsBlockAreShown() throws {
        // A line with markup characters and a control character: escaped, not markup.
        let lines = StreamingTests.cleanLines + [#"<script>alert("x")</script> & 'quotes'"#, "bell \u{07}", StreamingTests.spamLine]
        let file = try scratch.write(Array(lines.joined(separator: "\n").utf8), to: "page <1>.txt")
        let result = try ChaffBinary.run(["score", "--format", "html", file.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        let outline = try Outline.of(result.output)
        #expect(!outline.elements.contains { $0.name == "script" })
        #expect(outline.text.contains(#"<script>alert("x")</script> & 'quotes'"#))
        #expect(outline.text.contains("bell \u{FFFD}"))
        #expect(outline.text.contains("page <1>.txt"))

        let rows = outline.elements.filter { $0.name == "tr" && $0.attributes["id"]?.hasPrefix("p1-l") == true }
        #expect(rows.count == lines.count)
        #expect(rows.filter { $0.attributes["class"] == "flagged" }.map { $0.attributes["id"] } == ["p1-l\(lines.count)"])
        // The block links to its first line, and its reasons are listed.
        #expect(outline.elements.contains { $0.name == "a" && $0.attributes["href"] == "#p1-l\(lines.count)" })
        #expect(outline.elements.count(where: { $0.attributes["class"] == "reason" }) >= 3)
        #expect(outline.text.contains("1 of 1 page with injected blocks."))
    }

    @Test func severalPagesAreListedAtTheEnd() throws {
        try FileManager.default.createDirectory(at: scratch.file("site"), withIntermediateDirectories: true)
        _ = try scratch.write(StreamingTests.html(injected: true), to: "site/a.html")
        _ = try scratch.write(StreamingTests.html(injected: false), to: "site/b.html")
        _ = try scratch.write(Array(StreamingTests.cleanLines.joined(separator: "\n").utf8), to: "site/c.txt")
        let result = try ChaffBinary.run(["score", "--format", "html", "--explain", scratch.file("site").path])
        #expect(result.status == 0, "\(result.error)")
        let outline = try Outline.of(result.output)
        let sections = outline.elements.filter { $0.name == "section" }
        #expect(sections.map { $0.attributes["class"] } == ["page injected", "page clean", "page clean", nil])
        let summaryLinks = outline.elements.filter {
            $0.name == "a" && $0.attributes["href"].map { $0.hasPrefix("#p") && $0.dropFirst(2).allSatisfy(\.isNumber) } == true
        }
        #expect(summaryLinks.map { $0.attributes["href"] } == ["#p1", "#p2", "#p3"])
        #expect(outline.text.contains("1 of 3 pages with injected blocks."))
        // HTML lines say where they came from; --explain folds each line's evidence under it.
        #expect(outline.elements.contains { $0.name == "tr" && $0.attributes["title"]?.contains("source line") == true })
        #expect(outline.elements.count(where: { $0.name == "details" }) >= StreamingTests.cleanLines.count)
        #expect(outline.text.contains("log-odds: n-gram sum"))
    }

    @Test func aVeryLongLineIsCut() throws {
        let long = String(repeating: "长", count: 5_000)
        let file = try scratch.write(Array(long.utf8), to: "long.txt")
        let result = try ChaffBinary.run(["score", "--format", "html", file.path])
        let outline = try Outline.of(result.output)
        #expect(outline.text.contains(String(repeating: "长", count: 2_000) + "… (cut at 2000 characters)"))
        #expect(!outline.text.contains(String(repeating: "长", count: 2_001)))
    }
}
