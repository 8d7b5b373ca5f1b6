import Testing
import Chaff
import ChaffTestSupport

@Suite("HTMLReader")
struct HTMLReaderTests {
    let reader = HTMLReader()

    func texts(_ html: String) -> [String] {
        reader.lines(in: html).map(\.text)
    }

    // MARK: Basics

    @Test func emptyAndBlankInputGiveNoLines() {
        #expect(reader.lines(in: "").isEmpty)
        #expect(reader.lines(in: "   \n\t ").isEmpty)
        #expect(reader.lines(in: "<html><body><div> </div><p>&nbsp;</p></body></html>").isEmpty)
    }

    @Test func inlineElementsFlowBlockElementsBreak() {
        #expect(texts("<div>Hello <b>bold</b><i>italic</i> <span>world</span><br>next<p>para</p>tail</div>")
            == ["Hello bolditalic world", "next", "para", "tail"])
    }

    @Test func whitespaceCollapsesAndTrims() {
        #expect(texts("<p>\n   a \t\t b\r\n  c   </p>") == ["a b c"])
        #expect(texts("<p>a&nbsp;&nbsp;b\u{00A0}\u{00A0}c</p>") == ["a b c"])
    }

    @Test func imagesSeparateWordsAndAltIsOptional() {
        #expect(texts("<p>News<img src=a.gif alt=\"logo\">Sports</p>") == ["News Sports"])
        var options = HTMLReader.Options()
        options.includeImageAlt = true
        let withAlt = HTMLReader(options: options).lines(in: "<p>News<img src=a.gif alt=\"the logo\">Sports</p>")
        #expect(withAlt.map(\.text) == ["News the logo Sports"])
    }

    @Test func preformattedKeepsLineBreaks() {
        let lines = reader.lines(in: "<p>x</p>\n<pre>line one\n  line   two\n\nline three</pre><p>y</p>")
        #expect(lines.map(\.text) == ["x", "line one", "line two", "line three", "y"])
        #expect(lines.map(\.sourceLine) == [1, 2, 3, 5, 5])
    }

    @Test func titleAndMetaComeFirstWhereverTheyAre() {
        let html = """
            <p>body first</p>
            <title>Cheap pills | Real Company</title>
            <meta name="description" content="  About   us ">
            <meta name="KEYWORDS" content="a,b,c">
            <meta name="robots" content="noindex">
            """
        let lines = reader.lines(in: html)
        #expect(lines.map(\.text) == ["Cheap pills | Real Company", "a,b,c", "About us", "body first"])
        #expect(lines.map(\.kind) == [.title, .metaKeywords, .metaDescription, .body])
        #expect(lines.map(\.sourceLine) == [2, 4, 3, 1])
    }

    // MARK: Entities

    @Test func namedEntities() {
        let html = "<p>&amp; &lt; &gt; &quot; &apos; &copy; &reg; &middot; &raquo; &laquo; &hellip; &mdash; &ndash; "
            + "&lsquo;&rsquo;&ldquo;&rdquo; &bull; &yen; &euro; &times; &trade; &deg; &eacute;</p>"
        #expect(texts(html) == ["& < > \" ' © ® · » « … — – ‘’“” • ¥ € × ™ ° é"])
    }

    @Test func numericEntitiesWithAndWithoutSemicolon() {
        #expect(texts("<p>&#20122;&#x4E9A;&#X4e9a;&#20122 &#150; &#0; &#xD800; &#99999999999;</p>")
            == ["亚亚亚亚 – \u{FFFD} \u{FFFD} \u{FFFD}"])
    }

    @Test func invalidEntitiesStayText() {
        #expect(texts("<p>&foo; &; & x &# &#x; AT&T &amp</p>") == ["&foo; &; & x &# &#x; AT&T &"])
    }

    @Test func legacyEntitiesWithoutSemicolonOnlyInText() {
        let lines = reader.lines(in: "<meta name=description content=\"a=1&copy=2&amp;b\"><p>&copy 2024</p>")
        #expect(lines.map(\.text) == ["a=1&copy=2&b", "© 2024"])
    }

    // MARK: Skipped content

    @Test func skippedElements() {
        let html = """
            <p>a</p><script>document.write("<p>no</p>")</script><style>p{color:red}</style>
            <template><p>no</p></template><svg><text>no</text><title>no</title></svg>
            <iframe src="x"><p>no</p></iframe><noembed>no</noembed><!-- <p>no</p> --><p>b</p>
            <![CDATA[ no ]]><?php echo "no"; ?><!DOCTYPE html><p>c</p>
            """
        #expect(texts(html) == ["a", "b", "c"])
    }

    @Test func selfClosingSVGDoesNotSwallowThePage() {
        #expect(texts("<p>a<svg class=\"icon\"/>b</p><p>c</p>") == ["a b", "c"])
        // Unquoted, the slash belongs to the value, as in browsers: not self-closing.
        #expect(texts("<p>a<svg class=icon/>b</svg>c</p>") == ["a c"])
    }

    @Test func megabyteInlineScriptIsSkipped() {
        var html = "<html><body><p>before</p><script type=\"text/javascript\">\n"
        let chunk = "if (a < b && c > d) { document.write('<div class=\"x\">' + s + '</div>'); } // </scr + ipt>\n"
        while html.utf8.count < 1_100_000 { html += chunk }
        html += "</SCRIPT ><p>after</p></body></html>"
        let lines = reader.lines(in: html)
        #expect(lines.map(\.text) == ["before", "after"])
        #expect(lines[1].sourceLine == html.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count)
    }

    @Test func unterminatedCommentAndScriptRunToTheEnd() {
        #expect(texts("<p>a</p><!-- never closed <p>b</p>") == ["a"])
        #expect(texts("<p>a</p><script>var x = 1; <p>b</p>") == ["a"])
        #expect(texts("<p>a<!--></p><p>b</p><!---><p>c</p>") == ["a", "b", "c"])
    }

    @Test func noscriptIsKeptAndMarkedHidden() {
        let lines = reader.lines(in: "<p>a</p><noscript><a href=\"http://spam.example\">casino</a></noscript>")
        #expect(lines.map(\.text) == ["a", "casino"])
        #expect(lines[1].hiddenReason == "noscript")
        var options = HTMLReader.Options()
        options.includeNoscript = false
        #expect(HTMLReader(options: options).lines(in: "<p>a</p><noscript>casino</noscript>").map(\.text) == ["a"])
    }

    // MARK: Malformed markup

    @Test func brokenMarkupLikeABrowser() {
        let html = """
            <HTML><BODY>
            <P>First para
            <P>Second <B>bold <I>both</B> italic?</I>
            <UL><LI>one<LI>two</UL>
            <table><tr><td>a<td>b<tr><td>c</table>
            a < b and c > d, 3<4
            </div></div></span></p>
            <div title="unterminated>text after
            """
        #expect(texts(html) == ["First para", "Second bold both italic?", "one", "two", "a", "b", "c", "a < b and c > d, 3<4"])
    }

    @Test func unquotedAndValuelessAttributes() {
        let lines = reader.lines(in: "<div class=foo id = bar hidden data-x=><a href=http://Example.COM/x>x</a></div><p class='a b c'>y</p>")
        #expect(lines.map(\.text) == ["x", "y"])
        #expect(lines[0].tagPath == "div#bar.foo")
        #expect(lines[0].hiddenReason == "hidden attribute")
        #expect(lines[0].linkHosts == ["example.com"])
        #expect(lines[1].tagPath == "p.a.b")
    }

    @Test func strayEndTagsAndTextAfterBody() {
        let html = "<html><body><p>a</p></body></html></td></tr><div>injected after html</div>"
        let lines = reader.lines(in: html)
        #expect(lines.map(\.text) == ["a", "injected after html"])
        #expect(lines[1].tagPath == "html>body>div")
    }

    @Test func nestedTablesKeepTheirCells() {
        let html = "<table><tr><td>outer<table><tr><td>inner1</td><td>inner2</tr></table>tail</td><td>next</td></tr></table>"
        let lines = reader.lines(in: html)
        #expect(lines.map(\.text) == ["outer", "inner1", "inner2", "tail", "next"])
        #expect(lines[1].tagPath == "table>tr>td>table>tr>td")
        #expect(lines[3].tagPath == "table>tr>td")
    }

    @Test func endTagDoesNotReachOutOfACell() {
        // The stray </div> must not close the div around the table.
        let lines = reader.lines(in: "<div class=wrap><table><tr><td>a</div>b</td></tr></table>c</div>")
        #expect(lines.map(\.text) == ["ab", "c"])
        #expect(lines[0].tagPath == "div.wrap>table>tr>td")
        #expect(lines[1].tagPath == "div.wrap")
    }

    @Test func nulBytesAreDropped() {
        #expect(texts("<p>a\u{0}b</p>\u{0}<p\u{0}>c</p>") == ["ab", "c"])
    }

    @Test func deepNestingIsCapped() {
        let depth = 10_000
        let html = String(repeating: "<div>", count: depth) + "deep text" + String(repeating: "</div>", count: depth) + "<p>after</p>"
        let lines = reader.lines(in: html)
        #expect(lines.map(\.text) == ["deep text", "after"])
        #expect(lines[0].tagPath.contains("…"))
        #expect(lines[0].tagPath.split(separator: ">").count == HTMLReader.Options().maxPathDepth)
        #expect(lines[1].tagPath == "p")
    }

    @Test func tagCutOffAtEndOfInput() {
        #expect(texts("<p>a</p><a href=\"http://x.example") == ["a"])
        #expect(texts("<p>a</p><div") == ["a"])
        #expect(texts("<p>a</p><") == ["a", "<"])
    }

    // MARK: Hidden content

    @Test(arguments: [
        ("display:none", "display:none"),
        ("DISPLAY : NONE !important", "display:none"),
        ("visibility:hidden", "visibility:hidden"),
        ("font-size:0", "font-size:0"),
        ("font-size: 0px", "font-size:0px"),
        ("font-size:0pt", "font-size:0pt"),
        ("font-size:0em", "font-size:0em"),
        ("font-size:1px", "font-size:1px"),
        ("opacity:0", "opacity:0"),
        ("position:absolute; left:-999px", "position:absolute;left:-999px"),
        ("top:-3000px;position:fixed", "position:fixed;top:-3000px"),
        ("text-indent:-9999px", "text-indent:-9999px"),
        ("height:0;overflow:hidden", "size:0;overflow:hidden"),
        ("width:0px; overflow: hidden", "size:0;overflow:hidden"),
        ("color:#FFF; background-color:#ffffff", "color:#ffffff=background"),
        ("color: white; background: white", "color:white=background"),
    ])
    func hidingStyles(style: String, reason: String) {
        let lines = reader.lines(in: "<p>visible</p><div style=\"\(style)\"><p>spam <a href=\"https://spam.example\">link</a></p></div>")
        #expect(lines.map(\.text) == ["visible", "spam link"])
        #expect(!lines[0].isHidden)
        #expect(lines[1].hiddenReason == reason)
    }

    @Test(arguments: [
        "display:block", "visibility:visible", "font-size:12px", "position:absolute;left:-100px", "left:-9999px",
        "text-indent:-2em", "height:0", "overflow:hidden", "color:#fff;background:#000", "line-height:0;overflow:hidden",
        "opacity:0.5", "color:transparent;background:transparent",
    ])
    func visibleStyles(style: String) {
        let lines = reader.lines(in: "<div style=\"\(style)\">text</div>")
        #expect(lines.count == 1)
        #expect(!lines[0].isHidden)
    }

    @Test func ariaHiddenIsNotHidden() {
        let lines = reader.lines(in: "<div aria-hidden=\"true\">icon text</div>")
        #expect(lines.first?.isHidden == false)
    }

    @Test func hiddenSpanSplitsTheLine() {
        let lines = reader.lines(in: "<p>Welcome to our site <span style=\"display:none\">cheap viagra</span> enjoy</p>")
        #expect(lines.map(\.text) == ["Welcome to our site", "cheap viagra", "enjoy"])
        #expect(lines.map(\.isHidden) == [false, true, false])
        #expect(lines.map(\.tagPath) == ["p", "p", "p"])
    }

    @Test func stylesheetClassesAndIDs() {
        let html = """
            <style>
            /* .fake{display:none} in a comment does not count */
            .a { color: red }
            div.seo, #links { display : none }
            @media (max-width: 600px) { .mobile-hide { display:none } }
            .x .y { display:none }
            .menu a, p:hover, .late { display:none }
            </style>
            <div class="seo">one</div><div id="links">two</div><div class="mobile-hide">three</div>
            <div class="y">four</div><div class="fake">five</div><div class="other seo">six</div>
            <div class="late">seven</div><strong>eight</strong><div class="up">nine</div>
            <STYLE type="text/css">.up{visibility:hidden}</STYLE>
            """
        let lines = reader.lines(in: html)
        #expect(lines.map(\.text) == ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
        #expect(lines.map(\.isHidden) == [true, true, false, false, false, true, true, false, true])
        #expect(lines[0].hiddenReason == ".seo {display:none}")
        #expect(lines[1].hiddenReason == "#links {display:none}")
    }

    @Test func hiddenIsInherited() {
        let lines = reader.lines(in: "<div hidden><ul><li><a href=\"http://a.example\">a</a></li><li>b</li></ul></div><p>c</p>")
        #expect(lines.map(\.isHidden) == [true, true, false])
        #expect(lines[0].hiddenReason == "hidden attribute")
        #expect(lines[0].linkCount == 1)
    }

    // MARK: Links

    @Test func linkAccounting() {
        let html = """
            <p>See <a href="HTTPS://User:pw@Docs.Example.org:8443/path?q=1">the docs</a>, \
            <a href="/local">local</a>, <a name="anchor">no href</a>, \
            <a href="mailto:x@example.com">mail</a> and <a href="//cdn.example.net/x">cdn</a> \
            or <a href="https://docs.example.org./again">again</a>.</p>
            """
        let line = reader.lines(in: html)[0]
        #expect(line.text == "See the docs, local, no href, mail and cdn or again.")
        #expect(line.linkCount == 5)  // <a name> has no href
        #expect(line.linkTextLength == "the docslocalno hrefmailcdnagain".count)
        #expect(line.linkHosts == ["docs.example.org", "cdn.example.net"])
    }

    @Test func linkWithBlockInsideCountsOnceWhereItsTextIs() {
        let lines = reader.lines(in: "<a href=\"http://a.example\"><div>first</div><div>second</div></a>")
        #expect(lines.map(\.text) == ["first", "second"])
        #expect(lines.map(\.linkCount) == [1, 0])
        #expect(lines.map(\.linkTextLength) == [5, 6])
    }

    @Test func entityEncodedHrefHost() {
        let line = reader.lines(in: "<a href=\"&#104;ttp://Hidden.Example/&amp;x\">x</a>")[0]
        #expect(line.linkHosts == ["hidden.example"])
    }

    // MARK: Robustness

    @Test func randomMarkupNeverBreaksInvariants() {
        let pieces = [
            "<", ">", "</", "/>", "<div", "<p>", "</p>", "<a href=\"http://x.example/\">", "</a>", "<b>", "</div>",
            " ", "\n", "text", "中文", "&amp;", "&#x4E9A", "&", "#", "\"", "'", "=", "<!--", "-->", "<script>",
            "</script>", "<style>.h{display:none}</style>", "<span class=h>", "<table>", "<td>", "<tr>",
            "<pre>", "</pre>", "<title>", "</title>", "<meta name=keywords content='", "\u{0}", "<br>", "<li>",
            "<svg>", "</svg>", "<marquee>", "<![CDATA[", "]]>", "<!DOCTYPE", "&nbsp;", "\u{00A0}", "😀",
        ]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1500 {
            let count = Int.random(in: 0...80, using: &generator)
            let html = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let sourceLineCount = html.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
            for line in reader.lines(in: html) {
                #expect(!line.text.isEmpty)
                #expect(!line.text.hasPrefix(" ") && !line.text.hasSuffix(" "))
                #expect(!line.text.contains("  "))
                #expect(!line.text.contains("\n") && !line.text.contains("\u{0}"))
                #expect((1...sourceLineCount).contains(line.sourceLine))
                #expect(line.linkTextLength <= line.text.unicodeScalars.count)
                #expect(line.linkHosts.count <= line.linkCount)
            }
        }
    }

    @Test func readerIsSendableAndSharedAcrossTasks() async {
        let reader = HTMLReader()
        let page = "<title>t</title><p>a</p><div style=display:none>b</div>"
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { reader.lines(in: page).count } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 3, count: 8))
    }
}
