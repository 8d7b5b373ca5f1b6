import Chaff
import Foundation

/// Paths and small corpora shared by the tests.
enum Fixtures {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/` beside the checkout, when present (CI has it; a fresh clone may not).
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The seed page: a real hijacked government page whose line 37 is injected.
    static let seedPage = shared.appendingPathComponent("seeds/000_4544344db62a4242.txt")

    /// Whether the seed page is available.
    static var hasSeedPage: Bool { FileManager.default.fileExists(atPath: seedPage.path) }

    /// The shipped default model.
    static let defaultModel = packageRoot.appendingPathComponent("Models/default.chaffmodel")

    /// A small labeled corpus: Chinese and English pages with keyword blocks.
    static let pages: [LabeledPage] = {
        let legit = [
            "市政府召开常务会议研究部署城市更新工作。", "会议强调，要坚持以人民为中心的发展思想，稳步推进老旧小区改造。",
            "首页 | 新闻中心 | 政务公开 | 办事服务", "版权所有：某某市人民政府办公室 地址：人民路1号",
            "The council approved the new library budget on Tuesday.", "Residents can apply for the grant online until March 31.",
            "Home | News | Contact", "Copyright 2024 City Council. All rights reserved.",
            "发布时间：2023-05-12 来源：市政府办公室", "The museum opens at 9 a.m. on weekdays.",
        ]
        let spam = [
            "亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲",
            "澳门新葡京娱乐城| 百家乐在线| 时时彩平台| 六合彩开奖直播| 棋牌游戏送彩金",
            "buy cheap viagra online | cialis no prescription | casino bonus free spins | payday loans",
            "无码高清视频在线观看 www.av8899.com", "best online casino bonus http://casino777.example/",
        ]
        var pages: [LabeledPage] = []
        for index in 0..<40 {
            var lines: [String] = []
            var labels: [Bool] = []
            for offset in 0..<6 {
                lines.append(legit[(index + offset) % legit.count])
                labels.append(false)
            }
            if index % 2 == 0 {
                let position = index % 7
                lines.insert(spam[index % spam.count], at: position)
                labels.insert(true, at: position)
            }
            pages.append(LabeledPage(id: "p\(index)", lines: lines, labels: labels))
        }
        return pages
    }()

    /// A model trained on ``pages``.
    static let smallModel: NaiveBayesModel = {
        var trainer = ModelTrainer(sampleCapacity: 40)
        for page in pages { trainer.add(page) }
        return trainer.finish()
    }()
}
