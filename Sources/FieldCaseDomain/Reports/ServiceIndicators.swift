/// The measures of Decision 766/QĐ-TTg that a commune's dossiers allow, for one month: on-time processing (a
/// dossier asked more than once for more papers counts as late, as the decision says), supplement requests, and
/// citizens' satisfaction at the handover. The desk and the gateway both compute them here, from the same
/// histories, so a commune's own figures and the province's agree.
///
/// Digitisation counts scanned pages attached by the end of the month: a dossier received in the month is
/// digitised when at least one page of its papers is attached, a result resolved in the month has an electronic
/// copy when a page of it is. The share filed online is not recorded by this release and is left out, not shown
/// as zero.
public struct ServiceIndicators: Sendable, Hashable {
    /// `count` of `total`; its percentage is undefined when there is nothing to count.
    public struct Share: Sendable, Hashable {
        public var count = 0
        public var total = 0

        public var percent: Double? { total == 0 ? nil : Double(count) * 100 / Double(total) }
    }

    /// How one criterion of the survey was rated.
    public struct CriterionRatings: Sendable, Hashable {
        public let code: String
        public let ratings: [Satisfaction.Rating: Int]
    }

    public let month: LocalDate
    /// The end of the month, or now if the month is not over.
    public let asOf: LocalTime
    /// Received in the month.
    public private(set) var received = 0
    /// Of the dossiers received in the month, those with their papers scanned (at least one intake page).
    public private(set) var digitised = Share()
    /// Of the results produced in the month, those with an electronic copy (a result page).
    public private(set) var electronicResults = Share()
    /// Of the dossiers resolved in the month, those resolved by their due time and asked for papers at most once.
    public private(set) var onTime = Share()
    /// Resolved by their due time but counted late: asked for more papers more than once.
    public private(set) var lateForSupplements = 0
    /// Requests for more papers made in the month, and the dossiers they went to.
    public private(set) var supplementRequests = 0
    public private(set) var dossiersAskedForPapers = 0
    /// Of the results handed over in the month, those whose collector gave a rating.
    public private(set) var rated = Share()
    /// Of the ratings given in the month, satisfied or very satisfied.
    public private(set) var satisfied = Share()
    /// The ratings given in the month, the whole service and each criterion (by code).
    public private(set) var ratings: [Satisfaction.Rating: Int] = [:]
    public private(set) var criteria: [CriterionRatings] = []

    public init(month: LocalDate, histories: [CaseHistory], calendar: WorkCalendar, now: LocalTime) {
        let (start, end) = Self.window(month: month, now: now)
        self.month = month
        asOf = end
        var byCriterion: [String: [Satisfaction.Rating: Int]] = [:]
        let inMonth = { (time: LocalTime) in time >= start && time < end }
        for history in histories where history.receivedAt < end {
            if inMonth(history.receivedAt) {
                received += 1
                digitised.total += 1
                if let page = history.firstPage[.intake], page < end { digitised.count += 1 }
            }
            let requests = history.supplementRequests
            let requestsInMonth = requests.filter { inMonth($0.at) }.count
            supplementRequests += requestsInMonth
            if requestsInMonth > 0 { dossiersAskedForPapers += 1 }
            if let resolved = history.resolvedAt, inMonth(resolved) {
                electronicResults.total += 1
                if let page = history.firstPage[.result], page < end { electronicResults.count += 1 }
                onTime.total += 1
                let due = history.due(asOf: resolved, calendar: calendar)
                let intime =
                    calendar.timeliness(status: .resolved, due: due, finishedAt: resolved, now: resolved) != .late
                let askedOnce = requests.filter { $0.at <= resolved }.count <= 1
                if intime, askedOnce { onTime.count += 1 }
                if intime, !askedOnce { lateForSupplements += 1 }
            }
            guard let returned = history.transitions.first(where: { $0.status == .returned }), inMonth(returned.at)
            else { continue }
            rated.total += 1
            guard let satisfaction = history.satisfaction else { continue }
            rated.count += 1
            satisfied.total += 1
            if satisfaction.rating.isSatisfied { satisfied.count += 1 }
            ratings[satisfaction.rating, default: 0] += 1
            for criterion in satisfaction.criteria {
                byCriterion[criterion.code, default: [:]][criterion.rating, default: 0] += 1
            }
        }
        criteria = byCriterion.keys.sorted().map { CriterionRatings(code: $0, ratings: byCriterion[$0] ?? [:]) }
    }

    /// Orders the criteria as `survey` lists them, those it does not know (an older survey's) after.
    public func criteria(orderedBy survey: SatisfactionSurvey) -> [CriterionRatings] {
        let codes = survey.criteria.map(\.code)
        let rank = { (code: String) in codes.firstIndex(of: code) ?? codes.count }
        return criteria.sorted { rank($0.code) < rank($1.code) }
    }

    /// The month starting on `month` (its first day), ending at the next month's start or `now` if earlier.
    public static func window(month: LocalDate, now: LocalTime) -> (start: LocalTime, end: LocalTime) {
        let (year, number, _) = month.components
        // The first day of a month that exists (1-12, day 1) is always a valid date.
        let next = LocalDate(year: number == 12 ? year + 1 : year, month: number == 12 ? 1 : number + 1, day: 1)!
        return (LocalTime(date: month, secondOfDay: 0), min(LocalTime(date: next, secondOfDay: 0), now))
    }
}
