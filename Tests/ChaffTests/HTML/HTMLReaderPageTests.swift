import Testing
import Chaff
import ChaffTestSupport
import Foundation

/// Whole pages in the style of real sites, read end to end.
@Suite("HTMLReader pages")
struct HTMLReaderPageTests {
    let reader = HTMLReader()

    // MARK: A hijacked Chinese government portal, GBK

    static let governmentPage = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml">
        <head>
        <meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
        <title>澳门威尼斯人娱乐场_某某市人民政府</title>
        <meta name="keywords" content="澳门威尼斯人,六合彩,人民政府" />
        <meta name="description" content="某某市人民政府门户网站" />
        <script type="text/javascript">var a = "<td>不是文本</td>";</script>
        </head>
        <body>
        <table width="100%" border="0" class="top"><tr><td><img src="/images/logo.gif" alt="某某市人民政府"></td></tr></table>
        <table width="980" class="main">
          <tr>
            <td class="nav">当前位置：<a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/xwzx/">新闻中心</a>&nbsp;&gt;&nbsp;政务公开</td>
          </tr>
          <tr>
            <td>
              <table class="content"><tr><td id="zoom">
                <p>市政府召开常务会议，研究部署安全生产工作。</p>
                <p>会议要求各部门认真落实责任。
              </td></tr></table>
            </td>
          </tr>
        </table>
        <div class="footer">
          <p>版权所有：某某市人民政府办公室&nbsp;&nbsp;地址：人民路1号<br/>ICP备案号：京ICP备05012345号</p>
        </div>
        <div style="display:none"><a href="http://spam1.com/a.html">六合彩</a> <a href="http://WWW.Spam2.net:8080/">时时彩</a> <a href="http://spam1.com/b">百家乐</a></div>
        </body>
        </html>
        """

    @Test func governmentPortalInGBK() {
        let bytes = LegacyEncoding.encode(Self.governmentPage, as: "GBK")
        let decoded = CharsetDecoder().decode(bytes)
        #expect(decoded.source == .metaTag)
        #expect(decoded.charset == "GB18030")
        #expect(decoded.text == Self.governmentPage)

        let lines = reader.lines(in: decoded.text)
        #expect(lines.map(\.text) == [
            "澳门威尼斯人娱乐场_某某市人民政府",
            "澳门威尼斯人,六合彩,人民政府",
            "某某市人民政府门户网站",
            "当前位置：首页 > 新闻中心 > 政务公开",
            "市政府召开常务会议，研究部署安全生产工作。",
            "会议要求各部门认真落实责任。",
            "版权所有：某某市人民政府办公室 地址：人民路1号",
            "ICP备案号：京ICP备05012345号",
            "六合彩 时时彩 百家乐",
        ])
        #expect(lines.map(\.kind) == [.title, .metaKeywords, .metaDescription] + Array(repeating: .body, count: 6))
        #expect(lines.map(\.sourceLine) == [5, 6, 7, 14, 19, 20, 26, 26, 28])

        let title = lines[0]
        #expect(title.tagPath == "html>head>title")
        #expect(!title.isHidden)

        let breadcrumb = lines[3]
        #expect(breadcrumb.tagPath == "html>body>table.main>tr>td.nav")
        #expect(breadcrumb.linkCount == 2)
        #expect(breadcrumb.linkTextLength == 6)  // 首页 + 新闻中心
        #expect(breadcrumb.linkHosts.isEmpty)  // relative links

        #expect(lines[4].tagPath == "html>body>table.main>tr>td>table.content>tr>td#zoom>p")
        #expect(lines[6].tagPath == "html>body>div.footer>p")

        let spam = lines[8]
        #expect(spam.isHidden)
        #expect(spam.hiddenReason == "display:none")
        #expect(spam.linkCount == 3)
        #expect(spam.linkHosts == ["spam1.com", "www.spam2.net"])
        #expect(spam.linkTextLength == 9)  // the separating spaces lie outside the links
        #expect(spam.tagPath == "html>body>div")
        #expect(lines.filter(\.isHidden).count == 1)
    }

    @Test func governmentPortalWithoutDeclarationIsGuessed() {
        let undeclared = Self.governmentPage.replacingOccurrences(
            of: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />", with: "")
        let decoded = CharsetDecoder().decode(LegacyEncoding.encode(undeclared, as: "GBK"))
        #expect(decoded.source == .guessed)
        #expect(decoded.charset == "GB18030")
        #expect(decoded.text == undeclared)
    }

    // MARK: A WordPress blog

    static let wordPressPage = """
        <!DOCTYPE html>
        <html lang="en-US">
        <head>
        <meta charset="UTF-8">
        <title>Baking Sourdough at Home &#8211; Jane&#8217;s Kitchen</title>
        <link rel='stylesheet' href='https://janeskitchen.example/wp-content/themes/twentyseventeen/style.css' />
        <style type="text/css">.recentcomments a{display:inline !important;padding:0 !important;}</style>
        </head>
        <body class="post-template-default single single-post">
        <div id="page" class="site">
          <header id="masthead" class="site-header" role="banner">
            <nav id="site-navigation" class="main-navigation">
              <ul id="top-menu" class="menu">
                <li class="menu-item"><a href="https://janeskitchen.example/">Home</a></li>
                <li class="menu-item"><a href="https://janeskitchen.example/recipes/">Recipes</a>
                <li class="menu-item"><a href="https://janeskitchen.example/about/">About</a></li>
              </ul>
            </nav>
          </header>
          <div id="content" class="site-content">
            <article id="post-42" class="post-42 post type-post">
              <h1 class="entry-title">Baking Sourdough at Home</h1>
              <div class="entry-content">
                <p>Sourdough isn&#8217;t hard &mdash; it just takes <em>patience</em> &amp; a good starter&hellip;</p>
                <p>Mix 500&nbsp;g flour with 350&nbsp;g water. See <a href="https://en.wikipedia.org/wiki/Sourdough">Wikipedia</a> for the history.</p>
              </div>
            </article>
            <aside id="secondary" class="widget-area">
              <section id="recent-comments-2" class="widget widget_recent_comments"><h2 class="widget-title">Recent Comments</h2>
                <ul id="recentcomments"><li class="recentcomments"><span class="comment-author-link">Tom</span> on <a href="https://janeskitchen.example/sourdough/#comment-7">Baking Sourdough at Home</a></li></ul>
              </section>
            </aside>
            <div id="comments" class="comments-area">
              <ol class="comment-list">
                <li id="comment-7" class="comment"><div class="comment-body"><p>Great recipe, thanks!</p></div></li>
                <li id="comment-8" class="comment"><div class="comment-body"><p>Mine came out flat :(</p></div></li>
              </ol>
            </div>
          </div>
          <footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
        </div>
        <div class="wp-block-seo"><a href="https://cheap-pills.example/viagra">buy viagra online</a> <a href="https://casino.example/">best online casino</a></div>
        <style>.wp-block-seo { position: absolute; left: -9999px; top: 0 }</style>
        </body>
        </html>
        """

    @Test func wordPressBlog() {
        let lines = reader.lines(in: Self.wordPressPage)
        #expect(lines.map(\.text) == [
            "Baking Sourdough at Home – Jane’s Kitchen",
            "Home", "Recipes", "About",
            "Baking Sourdough at Home",
            "Sourdough isn’t hard — it just takes patience & a good starter…",
            "Mix 500 g flour with 350 g water. See Wikipedia for the history.",
            "Recent Comments",
            "Tom on Baking Sourdough at Home",
            "Great recipe, thanks!",
            "Mine came out flat :(",
            "Proudly powered by WordPress",
            "buy viagra online best online casino",
        ])
        let menu = lines[1...3]
        #expect(menu.allSatisfy { $0.linkCount == 1 && $0.linkHosts == ["janeskitchen.example"] })
        #expect(lines[2].tagPath == "html>body.post-template-default.single>div#page.site>header#masthead.site-header>nav#site-navigation.main-navigation>ul#top-menu.menu>li.menu-item")
        #expect(lines[4].tagPath.hasSuffix("article#post-42.post-42.post>h1.entry-title"))
        #expect(lines[6].linkCount == 1 && lines[6].linkTextLength == 9)
        #expect(lines[6].linkHosts == ["en.wikipedia.org"])
        #expect(lines[8].linkTextLength == "Baking Sourdough at Home".count)
        #expect(lines[9].tagPath.hasSuffix("ol.comment-list>li#comment-7.comment>div.comment-body>p"))
        #expect(lines.prefix(12).allSatisfy { !$0.isHidden })

        // The hiding rule comes after the block it hides.
        let spam = lines[12]
        #expect(spam.isHidden)
        #expect(spam.hiddenReason == ".wp-block-seo {position:absolute;left:-9999px}")
        #expect(spam.linkHosts == ["cheap-pills.example", "casino.example"])
        #expect(spam.linkCount == 2)
        #expect(spam.sourceLine == 42)
    }

    // MARK: A Japanese shop, Shift_JIS, with a keyword hack

    static let japaneseShop = """
        <html><head>
        <meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
        <title>【激安】ブランド財布 通販｜山田商店</title>
        <meta name="Keywords" content="財布,ブランド,激安,通販">
        </head>
        <body bgcolor="#ffffff">
        <center><font size="2">ようこそ山田商店へ！送料無料キャンペーン実施中です。</font></center>
        <table><tr><th>商品名</th><th>価格</th></tr>
        <tr><td>本革の長財布</td><td>&yen;12,800（税込）</td></tr></table>
        <marquee>ルイヴィトン 財布 コピー 激安 通販 スーパーコピー 時計</marquee>
        <p><font color="#FFFFFF" style="color:#fff;background-color:#FFFFFF">グッチ 財布 偽物</font></p>
        </body></html>
        """

    @Test func japaneseShopInShiftJIS() {
        let decoded = CharsetDecoder().decode(LegacyEncoding.encode(Self.japaneseShop, as: "CP932"))
        #expect(decoded.source == .metaTag)
        #expect(decoded.charset == "Shift_JIS")
        #expect(decoded.text == Self.japaneseShop)
        let lines = reader.lines(in: decoded.text)
        #expect(lines.map(\.text) == [
            "【激安】ブランド財布 通販｜山田商店",
            "財布,ブランド,激安,通販",
            "ようこそ山田商店へ！送料無料キャンペーン実施中です。",
            "商品名", "価格", "本革の長財布", "¥12,800（税込）",
            "ルイヴィトン 財布 コピー 激安 通販 スーパーコピー 時計",
            "グッチ 財布 偽物",
        ])
        #expect(lines[1].kind == .metaKeywords)
        #expect(lines[2].tagPath == "html>body>center")
        #expect(lines[3].tagPath == "html>body>table>tr>th")
        #expect(lines[7].hiddenReason == "marquee")
        #expect(lines[8].hiddenReason == "color:#ffffff=background")
        #expect(lines[2...6].allSatisfy { !$0.isHidden })
    }

    // MARK: A Big5 forum page

    @Test func big5PageWithContentTypeHeader() {
        let html = """
            <html><head><title>討論區 - 首頁</title></head>
            <body><div id="main"><h3>最新文章</h3><ul><li><a href="thread.php?id=1">臺灣旅遊心得分享</a><li><a href="http://www.example.com.tw/">網站連結</a></ul>
            <div id="ad" class="hide">六合彩 時時彩 北京賽車</div>
            <style>.hide{display:none}</style></div></body></html>
            """
        let decoded = CharsetDecoder().decode(LegacyEncoding.encode(html, as: "BIG5"), contentType: "text/html; charset=big5")
        #expect(decoded.source == .contentType)
        #expect(decoded.charset == "Big5")
        let lines = reader.lines(in: decoded.text)
        #expect(lines.map(\.text) == ["討論區 - 首頁", "最新文章", "臺灣旅遊心得分享", "網站連結", "六合彩 時時彩 北京賽車"])
        #expect(lines[3].linkHosts == ["www.example.com.tw"])
        #expect(lines[3].tagPath == "html>body>div#main>ul>li")
        #expect(lines[4].hiddenReason == ".hide {display:none}")
        #expect(lines[4].tagPath == "html>body>div#main>div#ad.hide")
        #expect(lines.map(\.sourceLine) == [1, 2, 2, 2, 3])
    }

    // MARK: A footer keyword line

    @Test func footerKeywordLinkFarm() {
        let html = """
            <div id="footer">
            <p>Copyright &copy; 2024 某某大学 All Rights Reserved</p>
            <p>友情链接：<a href="http://a.example.com">彩票</a>|<a href="https://b.example.com/x">赌博</a>|<a href="//c.example.com">棋牌</a>|<a href="http://a.example.com/2">真人</a></p>
            </div>
            """
        let lines = reader.lines(in: html)
        #expect(lines.count == 2)
        #expect(lines[0].text == "Copyright © 2024 某某大学 All Rights Reserved")
        let farm = lines[1]
        #expect(farm.text == "友情链接：彩票|赌博|棋牌|真人")
        #expect(farm.linkCount == 4)
        #expect(farm.linkTextLength == 8)
        #expect(farm.linkHosts == ["a.example.com", "b.example.com", "c.example.com"])
        #expect(farm.tagPath == "div#footer>p")
        #expect(farm.sourceLine == 3)
    }
}
