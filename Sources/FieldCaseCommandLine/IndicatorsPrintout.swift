import FieldCaseDomain

/// The service indicators as the desk's `report indicators` and the gateway's `report indicators` print them: the
/// same figures in the same shape, so a commune can check the province's numbers against its own.
public enum IndicatorsPrintout {
    /// The JSON form: counts with their totals and percentages (null where there is nothing to count), and the
    /// measures this release does not record named as such.
    public struct JSON: Encodable {
        public struct Share: Encodable {
            let count, total: Int
            let percent: Double?

            init(_ share: ServiceIndicators.Share) {
                count = share.count
                total = share.total
                percent = share.percent.map { ($0 * 10).rounded() / 10 }
            }

            enum CodingKeys: CodingKey { case count, total, percent }

            /// `percent` is written as null when there is nothing to count, never left out.
            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(count, forKey: .count)
                try container.encode(total, forKey: .total)
                try container.encode(percent, forKey: .percent)
            }
        }

        public struct Criterion: Encodable {
            let code: String
            let name: String?
            let very_satisfied, satisfied, not_satisfied: Int
        }

        let scope: String
        let month: String
        let as_of: LocalTime
        let received: Int
        let digitised: Share
        let electronic_results: Share
        let on_time: Share
        let late_for_supplements: Int
        let supplement_requests: Int
        let dossiers_asked_for_papers: Int
        let rated: Share
        let satisfied: Share
        /// By rating name: very_satisfied, satisfied, not_satisfied.
        let ratings: [String: Int]
        let survey: String
        let criteria: [Criterion]
        /// Decision 766's measures this release has no data for.
        let not_recorded: [String]

        public init(_ indicators: ServiceIndicators, scope: String, survey: SatisfactionSurvey) {
            self.scope = scope
            month = String(indicators.month.description.prefix(7))
            as_of = indicators.asOf
            received = indicators.received
            digitised = Share(indicators.digitised)
            electronic_results = Share(indicators.electronicResults)
            on_time = Share(indicators.onTime)
            late_for_supplements = indicators.lateForSupplements
            supplement_requests = indicators.supplementRequests
            dossiers_asked_for_papers = indicators.dossiersAskedForPapers
            rated = Share(indicators.rated)
            satisfied = Share(indicators.satisfied)
            ratings = Dictionary(
                uniqueKeysWithValues: Satisfaction.Rating.allCases.map { ($0.rawValue, indicators.ratings[$0] ?? 0) })
            self.survey = survey.version
            criteria = indicators.criteria(orderedBy: survey).map { item in
                Criterion(
                    code: item.code, name: survey.criteria.first { $0.code == item.code }?.nameVI,
                    very_satisfied: item.ratings[.verySatisfied] ?? 0, satisfied: item.ratings[.satisfied] ?? 0,
                    not_satisfied: item.ratings[.notSatisfied] ?? 0)
            }
            not_recorded = IndicatorsPrintout.notRecorded
        }
    }

    /// Decision 766's measures with no data yet: filing online (the desk records dossiers filed at its counter).
    static let notRecorded = ["online_filing"]

    /// The text form, about 70 columns wide: one line per measure, then the criteria as a table.
    public static func text(
        _ indicators: ServiceIndicators, title: String, survey: SatisfactionSurvey, language: Language
    ) -> String {
        let say = { (english: String, vietnamese: String) in language == .vietnamese ? vietnamese : english }
        let share = { (share: ServiceIndicators.Share) in shown(share, separator: "  ") }
        var lines = [title, ""]
        lines.append(say("Received", "Tiếp nhận") + ": \(indicators.received)")
        lines.append(say("Digitised (papers scanned)", "Số hóa hồ sơ") + ": " + share(indicators.digitised))
        lines.append(
            say("Results with an electronic copy", "Kết quả có bản điện tử") + ": "
                + share(indicators.electronicResults))
        lines.append(say("Resolved on time", "Giải quyết đúng hạn") + ": " + share(indicators.onTime))
        if indicators.lateForSupplements > 0 {
            lines.append(
                "  "
                    + say(
                        "counted late for asking papers more than once: \(indicators.lateForSupplements)",
                        "tính trễ hạn vì yêu cầu bổ sung quá một lần: \(indicators.lateForSupplements)"))
        }
        let (requests, asked) = (indicators.supplementRequests, indicators.dossiersAskedForPapers)
        lines.append(
            say(
                "Requests for more papers: \(requests), to \(asked) dossiers",
                "Yêu cầu bổ sung hồ sơ: \(requests) lần, \(asked) hồ sơ"))
        lines.append(
            say("Results handed over and rated", "Kết quả đã trả có đánh giá") + ": " + share(indicators.rated))
        lines.append(
            say("Satisfied or very satisfied", "Hài lòng và rất hài lòng") + ": " + share(indicators.satisfied))
        lines.append(
            "  "
                + Satisfaction.Rating.allCases.map { "\(label($0, language)) \(indicators.ratings[$0] ?? 0)" }
                .joined(separator: " · "))
        let criteria = indicators.criteria(orderedBy: survey)
        if !criteria.isEmpty {
            var table = Table(
                headers: [say("Criterion", "Tiêu chí")] + Satisfaction.Rating.allCases.map { label($0, language) },
                flexibleColumn: 0)
            table.rows = criteria.map { item in
                [survey.criteria.first { $0.code == item.code }?.name(in: language) ?? item.code]
                    + Satisfaction.Rating.allCases.map { String(item.ratings[$0] ?? 0) }
            }
            lines += ["", table.render()]
        }
        lines += [
            "",
            say(
                "Not recorded by this release: online filing.",
                "Chưa ghi nhận trong phiên bản này: nộp trực tuyến."),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A rating's words, as the desk asks it.
    public static func label(_ rating: Satisfaction.Rating, _ language: Language) -> String {
        switch (rating, language) {
        case (.verySatisfied, .vietnamese): "Rất hài lòng"
        case (.satisfied, .vietnamese): "Hài lòng"
        case (.notSatisfied, .vietnamese): "Không hài lòng"
        case (.verySatisfied, _): "Very satisfied"
        case (.satisfied, _): "Satisfied"
        case (.notSatisfied, _): "Not satisfied"
        }
    }

    /// A share: count/total, then its percentage when there is something to count.
    public static func shown(_ share: ServiceIndicators.Share, separator: String = " ") -> String {
        "\(share.count)/\(share.total)" + (share.percent.map { separator + percent($0) } ?? "")
    }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
