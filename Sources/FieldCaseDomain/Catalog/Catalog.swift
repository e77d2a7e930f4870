import Foundation

/// A procedure the desk receives, with its statutory processing time and the papers it asks for.
public struct Procedure: Hashable, Sendable {
    public let code: String
    public let nameVI: String
    public let nameEN: String
    public let processing: ProcessingTime
    /// The usual fee in VND; nil where the province sets it case by case.
    public let fee: Int?
    public let documents: [String]

    public init(
        code: String, nameVI: String, nameEN: String, processing: ProcessingTime, fee: Int?, documents: [String]
    ) {
        self.code = code
        self.nameVI = nameVI
        self.nameEN = nameEN
        self.processing = processing
        self.fee = fee
        self.documents = documents
    }

    /// The procedure's official name in the reader's language.
    public func name(in language: Language) -> String { language == .vietnamese ? nameVI : nameEN }
}

public struct Commune: Hashable, Sendable {
    public let code: String
    public let name: String
    public let provinceCode: String
    public let provinceName: String

    public init(code: String, name: String, provinceCode: String, provinceName: String) {
        self.code = code
        self.name = name
        self.provinceCode = provinceCode
        self.provinceName = provinceName
    }
}

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

    public init(
        version: String, communes: [Commune], procedures: [Procedure], calendar: WorkCalendar,
        birthProvinces: [String: String], dayNames: [LocalDate: String] = [:]
    ) {
        self.version = version
        self.communes = communes
        self.procedures = procedures
        self.calendar = calendar
        self.birthProvinces = birthProvinces
        self.dayNames = dayNames
    }

    /// The procedure with this code, if the catalog lists it.
    public func procedure(_ code: String) -> Procedure? { procedures.first { $0.code == code } }

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

    /// The sample catalog bundled with fieldcase, so a fresh device works with no network at all.
    public static func embedded() throws -> Catalog {
        try Catalog(json: embeddedJSON())
    }

    /// The bundled catalog as its JSON file, which the gateway serves unless given another.
    public static func embeddedJSON() -> Data {
        Data(PackageResources.catalog_json)
    }

    public init(json: Data) throws {
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: json)
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
