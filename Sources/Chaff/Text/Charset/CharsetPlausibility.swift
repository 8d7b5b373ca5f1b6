/// Scores how much a decoded text looks like real text; used by
/// ``CharsetDecoder/guessCharset(_:)`` to compare candidate decodings of the same bytes.
///
/// The character lists are frequency lists typed in from common knowledge of
/// Chinese, Japanese and Korean text (top characters of news and web corpora);
/// they need not be exact, only much likelier in real text than in the random
/// characters a wrong decoding produces.
enum CharsetPlausibility {
    /// The score of UTF-8 `bytes` (as produced by iconv, so well-formed).
    /// Positive for plausible text; see ``CharsetDecoder/guessCharset(_:)``.
    static func score(utf8 bytes: [UInt8]) -> Int {
        var score = 0
        var previous = Previous.other
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while index < count {
                let lead = buffer[index]
                var scalar: UInt32
                if lead < 0x80 {
                    index += 1
                    let folded = lead | 0x20
                    if folded >= 0x61 && folded <= 0x7A {
                        previous = .asciiLetter
                    } else {
                        if lead < 0x20 && lead != 0x09 && lead != 0x0A && lead != 0x0D { score -= 5 }
                        previous = .other
                    }
                    continue
                } else if lead < 0xE0 {
                    guard index + 1 < count else { return }
                    scalar = UInt32(lead & 0x1F) << 6 | UInt32(buffer[index + 1] & 0x3F)
                    index += 2
                } else if lead < 0xF0 {
                    guard index + 2 < count else { return }
                    scalar = UInt32(lead & 0x0F) << 12 | UInt32(buffer[index + 1] & 0x3F) << 6
                        | UInt32(buffer[index + 2] & 0x3F)
                    index += 3
                } else {
                    guard index + 3 < count else { return }
                    scalar = UInt32(lead & 0x07) << 18 | UInt32(buffer[index + 1] & 0x3F) << 12
                        | UInt32(buffer[index + 2] & 0x3F) << 6 | UInt32(buffer[index + 3] & 0x3F)
                    index += 4
                }
                score += points(for: scalar, after: &previous)
            }
        }
        return score
    }

    private enum Previous {
        case other, asciiLetter, latinLetter, cyrillicLower, cyrillicUpper
    }

    @inline(__always)
    private static func points(for scalar: UInt32, after previous: inout Previous) -> Int {
        let before = previous
        previous = .other
        switch scalar {
        case 0x80...0x9F:
            return -5  // C1 controls
        case 0xC0...0xFF where scalar != 0xD7 && scalar != 0xF7:
            previous = .latinLetter
            return before == .asciiLetter || before == .latinLetter ? 1 : 0
        case 0x0400...0x042F:
            previous = .cyrillicUpper
            return before == .cyrillicLower ? -2 : 0
        case 0x0430...0x045F:
            previous = .cyrillicLower
            switch before {
            case .cyrillicLower, .cyrillicUpper: return 1
            case .asciiLetter, .latinLetter: return -1
            case .other: return 0
            }
        case 0x3000...0x303F, 0xFF01...0xFF5E:
            return 1  // CJK punctuation, full-width forms
        case 0x3041...0x309F:
            return 2  // hiragana
        case 0x30A0...0x30FF:
            return 1  // katakana
        case 0xFF61...0xFF9F:
            return -1  // half-width katakana: rare in real pages, common in wrong Shift_JIS guesses
        case 0x3400...0x4DBF, 0xF900...0xFAFF:
            return -1  // extension A and compatibility ideographs
        case 0x4E00...0x9FFF:
            return commonHan.contains(scalar) ? 3 : 0
        case 0xAC00...0xD7A3:
            return commonHangul.contains(scalar) ? 3 : 0
        case 0xE000...0xF8FF:
            return -5  // private use: user-defined areas of GBK and Big5
        case 0xFFFD:
            return 0  // already charged through the converter's replacement count
        default:
            return 0
        }
    }

    private static func scalarSet(_ strings: [String]) -> Set<UInt32> {
        var set = Set<UInt32>()
        for string in strings {
            for scalar in string.unicodeScalars where scalar.value > 0x7F {
                set.insert(scalar.value)
            }
        }
        return set
    }

    /// Frequent Han characters: simplified Chinese, traditional Chinese, Japanese kanji.
    static let commonHan: Set<UInt32> = scalarSet([
        // Simplified
        "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵",
        "网站首页新闻中心政务公开办事服务互动交流通知公告信息版权所有备案号技术支持联系我们地址邮编电话传真邮箱在线视频图片下载登录注册搜索更多热门推荐栏目频道返回顶部人民政府办公室工作动态领导讲话政策解读",
        // Traditional
        "這們來為國說時會對過發後裡經麼學現當沒動還進樣開從實軍無與長機關點業將兩問應戰頭體見產話內給門兒東聲員處義幾認條氣爾別變總電數報結務場計資區隊決馬書聽卻達強難權設記類據邊張規萬覺術領確傳師觀讓識帶導爭運飛轉準遠單羅愛擊備連調團價黨華級離況亞請際約復線滿視須寫稱稱嗎廣顯標談圖歷醫專費號盡較語僅隨選紅響雖勢參眾構節護興驗責營夠嚴續講終緊黃絕網熱屬臉職樂剛狀獨彈錯晚蘭腦預誰陽繼驚傷藥陸習勞財環歡雷獲負雲遊龍樹層衝範簡擔靜積餘檢靈協徵揮勝階審堅媽劉讀壓銀買養懷執亂幫歲優鐵稅藝陣腳惡塊頓島戶評寶釋顧貨歐換聞壞討麗監臨艦魚雜誤灣減測敗夢溫劍漸貴槍樓縣畫謝魯慮銷鐘詩趕劇損舊錄葉鄉禮婦歸飯額順輸搖補謂療澤滅筆鮮詞聖擇尋廠煙諾倫奧賣載陰園謀榮孫頂鎮練爺館礎寧紙諸訓莊絲戲隱訪軟蓋穩億擁楊齊賽虛購揚綠貿畢輪庫跡競棄偉緩潛閃燈絡純頁傑築鄭貝吳圓殘誠寬擺毀趙臺灣於裏著臺網頁會員論壇討論區發表回覆文章時間",
        // Japanese
        "日本円気駅会社時分見行来出入上下中大小学生先天雨道店物食飲買売新古高安長短多少早近遠明暗朝昼夜今週毎何名前後左右東西南北外国語読書聞言休立作使思知持待住連送届価格品送料無料在庫注文検索情報一覧詳細表示登録購入申込予約確認変更削除利用規約個人保護方針問合携帯様々込済払込頂戴致申訳御願当社弊社商品通販専門最安値楽天発送翌営業",
    ])

    /// Frequent Hangul syllables.
    static let commonHangul: Set<UInt32> = scalarSet([
        "이다는의에가하고을를지기도서사리한로자대수어나으정인해일아시게라적있성들구전부과제보주상만장것면원동미여소경니우스관국방세내회학마신문무습연생비야위계화요조할개된진공실행선각말와물발분결되없교용안드트치본터모재심금유외및불식오중날체명그년월권단당후통점현력업운영감데음호반민차저간거래레크프까합했께죠네던든란럼며더또좀잘못않같었였됩입울람간품격배송의객센터번등록처침약관작근인쓰목록홈페뉴판최색검글상품질문답변후기이벤트쿠폰할인무료회원가입로그아웃장바구니고객센터공지사항개인정보처리방침이용약관",
    ])
}
