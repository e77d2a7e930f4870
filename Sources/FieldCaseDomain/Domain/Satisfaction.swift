/// A citizen's rating of the service, taken when the result is handed over: Decision 766/QĐ-TTg scores every
/// commune on it. The whole service is rated on the national three-step scale; any of the catalog's criteria the
/// citizen chose to rate travel with it, under the version of the criteria they were asked from.
public struct Satisfaction: Codable, Sendable, Hashable {
    /// The national scale, the words the desk shows and the portal uses.
    public enum Rating: String, Codable, Sendable, CaseIterable {
        case verySatisfied = "very_satisfied"
        case satisfied
        case notSatisfied = "not_satisfied"

        /// Satisfied or better: what the indicator counts.
        public var isSatisfied: Bool { self != .notSatisfied }

        /// Accepts the name (`very-satisfied` too) or the key pressed.
        public init?(ratingArgument argument: String) {
            let text = argument.lowercased().replacingOccurrences(of: "-", with: "_")
            if let rating = Rating(rawValue: text) {
                self = rating
            } else if let key = Int(text), (1...Self.allCases.count).contains(key) {
                self = Self.allCases[key - 1]
            } else {
                return nil
            }
        }
    }

    /// One criterion of the survey, rated.
    public struct Criterion: Codable, Sendable, Hashable {
        public let code: String
        public let rating: Rating

        public init(code: String, rating: Rating) {
            self.code = code
            self.rating = rating
        }
    }

    public let rating: Rating
    /// In the survey's order; a criterion the citizen skipped is absent.
    public let criteria: [Criterion]
    /// The version of the catalog's survey the criteria come from.
    public let survey: String

    /// A rating checked against the survey the desk asked from: each criterion once, each one of the survey's.
    public init(rating: Rating, criteria: [Criterion], survey: SatisfactionSurvey) throws(DomainError) {
        let codes = survey.criteria.map(\.code)
        for criterion in criteria where !codes.contains(criterion.code) {
            throw .invalidField(.satisfaction, .oneOf(codes.isEmpty ? ["(none)"] : codes))
        }
        guard Set(criteria.map(\.code)).count == criteria.count else {
            throw .invalidField(.satisfaction, .oneOf(codes))
        }
        self.rating = rating
        let rank = { (code: String) -> Int in codes.firstIndex(of: code) ?? codes.count }
        self.criteria = criteria.sorted { rank($0.code) < rank($1.code) }
        self.survey = survey.version
    }

    /// The rating as another desk's payload carries it, checked by its shape alone: the gateway may hold a newer
    /// or older survey than the desk that asked.
    public static func checkShape(_ satisfaction: Satisfaction) throws(DomainError) {
        guard SatisfactionSurvey.isCode(satisfaction.survey),
            satisfaction.survey != SatisfactionSurvey.overallOnly.version || satisfaction.criteria.isEmpty,
            satisfaction.criteria.count <= SatisfactionSurvey.maxCriteria,
            satisfaction.criteria.allSatisfy({ SatisfactionSurvey.isCode($0.code) }),
            Set(satisfaction.criteria.map(\.code)).count == satisfaction.criteria.count
        else { throw .invalidField(.satisfaction, .surveyFormat) }
    }
}

/// What the desk asks a citizen at the handover, from the catalog: each province sets its criteria, so the list
/// is versioned and every rating names the version it answered.
public struct SatisfactionSurvey: Codable, Sendable, Hashable {
    public struct Criterion: Codable, Sendable, Hashable {
        public let code: String
        public let nameVI: String
        public let nameEN: String

        public init(code: String, nameVI: String, nameEN: String) {
            self.code = code
            self.nameVI = nameVI
            self.nameEN = nameEN
        }

        public func name(in language: Language) -> String { language == .vietnamese ? nameVI : nameEN }

        enum CodingKeys: String, CodingKey {
            case code
            case nameVI = "name_vi"
            case nameEN = "name_en"
        }
    }

    public let version: String
    public let criteria: [Criterion]
    /// Where the criteria were published, for people checking them.
    public let source: String?

    public init(version: String, criteria: [Criterion], source: String?) {
        self.version = version
        self.criteria = criteria
        self.source = source
    }

    /// What a catalog without a survey asks: the overall rating alone.
    public static let overallOnly = SatisfactionSurvey(version: "0", criteria: [], source: nil)

    static let codeCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789_.".unicodeScalars)
    static let maxCriteria = 20
    static let maxCodeLength = 40

    /// A survey version or criterion code: short lowercase ASCII words, safe in a CSV header and a log line.
    static func isCode(_ text: String) -> Bool {
        (1...maxCodeLength).contains(text.utf8.count) && text.unicodeScalars.allSatisfy(codeCharacters.contains)
    }
}
