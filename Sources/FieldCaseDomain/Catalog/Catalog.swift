import Foundation

/// Reference data a desk needs offline: procedures, communes, the working calendar and the
/// CCCD province-of-birth codes. Shipped with the binary and replaced by the central system.
public struct Catalog: Sendable {
    public let version: String
    public let communes: [Commune]
    public let procedures: [Procedure]
    public let calendar: WorkCalendar
    public let birthProvinces: [String: String]
    /// Names of holidays and make-up working days, for people reading the calendar.
    public let dayNames: [LocalDate: String]
    /// What a citizen is asked at the handover; the overall rating alone where the catalog names no criteria.
    public let survey: SatisfactionSurvey
    /// Where each national and provincial code sits in `procedures`, and each procedure's folded words: a desk
    /// with thousands of procedures finds one as fast as with eight.
    let index: ProcedureIndex

    public init(
        version: String, communes: [Commune], procedures: [Procedure], calendar: WorkCalendar,
        birthProvinces: [String: String], dayNames: [LocalDate: String] = [:], survey: SatisfactionSurvey = .overallOnly
    ) {
        self.version = version
        self.communes = communes
        self.procedures = procedures
        self.calendar = calendar
        self.birthProvinces = birthProvinces
        self.dayNames = dayNames
        self.survey = survey
        index = ProcedureIndex(procedures)
    }

    /// The procedure with this national code, if the catalog lists it (a province's code is found by `procedures(matching:)`).
    public func procedure(_ code: String) -> Procedure? { index.position(of: code).map { procedures[$0] } }

    /// What a listing shows for a procedure code: the code and its name in the reader's language, or the code
    /// alone when the catalog no longer lists it.
    public func procedureLabel(_ code: String, in language: Language) -> String {
        procedure(code).map { "\(code) \($0.name(in: language))" } ?? code
    }

    /// The names of the procedures a table lists by code, one line each in the order they first appear: an
    /// 80-column table keeps its codes, and the reader still sees what each is.
    public func legend(of codes: [String], in language: Language) -> String {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }.map { procedureLabel($0, in: language) }
            .joined(separator: "\n")
    }

    /// Whether catalog version `version` comes before `other`: dotted numbers compared as numbers
    /// (`2026.1` < `2026.10`), any other text as text.
    public static func version(_ version: String, precedes other: String) -> Bool {
        let (left, right) = (version.split(separator: ".").map { Int($0) }, other.split(separator: ".").map { Int($0) })
        guard left.allSatisfy({ $0 != nil }), right.allSatisfy({ $0 != nil }) else { return version < other }
        return left.map { $0 ?? 0 }.lexicographicallyPrecedes(right.map { $0 ?? 0 })
    }

    /// The sample catalog bundled with fieldcase, so a fresh device works with no network at all.
    public static func embedded() throws -> Catalog {
        try embeddedRead.get()
    }

    /// Read and checked once a process: the bundled file never changes under it, and a gateway or a test process
    /// asks for it again and again.
    private static let embeddedRead = Result { try Catalog(json: embeddedJSON()) }

    /// The bundled catalog as its JSON file, which the gateway serves unless given another.
    public static func embeddedJSON() -> Data {
        Data(PackageResources.catalog_json)
    }

    public init(json: Data) throws {
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: json)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError.malformed(String(describing: error))
        }
        try self.init(file: file)
    }
}

public enum CatalogError: Error, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let detail): "the catalog is malformed: \(detail)"
        }
    }
}
