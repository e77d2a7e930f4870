import ArgumentParser
import FieldCaseDomain

/// `--commune` or `--province`: the communes a province-wide command covers, checked against the catalog.
struct CommuneScopeOptions: ParsableArguments {
    @Option(help: "A commune's 5-digit code (repeatable).") var commune: [String] = []
    @Option(help: "A province's 2-digit code: all its communes in the catalog.") var province: String?

    func validate() throws {
        guard commune.isEmpty != (province == nil) else {
            throw ValidationError("name communes with --commune or a province with --province, not both")
        }
    }

    /// The communes covered: those named, each one the catalog lists, or the province's.
    func communes(in catalog: Catalog) throws -> [String] {
        let known = Set(catalog.communes.map(\.code))
        if let unknown = commune.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown commune '\(unknown.prefix(10))': the catalog lists 5-digit codes")
        }
        guard let province else { return commune }
        let communes = catalog.communes.filter { $0.provinceCode == province }.map(\.code)
        guard !communes.isEmpty else {
            throw ValidationError("unknown province '\(province.prefix(10))': the catalog lists 2-digit codes")
        }
        return communes
    }

    var label: String {
        province.map { "province \($0)" } ?? "commune " + commune.joined(separator: ", ")
    }
}
