import Foundation

/// A catalog's procedures as a desk looks them up: by national or provincial code, and by words of their names
/// and field typed without accents. Built once when the catalog is read.
struct ProcedureIndex: Sendable {
    private let positions: [String: Int]
    private let localPositions: [String: Int]
    /// Each procedure's code, provincial code, names and field, folded (`VietnameseText.folded`).
    private let words: [String]
    private let names: [[String]]

    init(_ procedures: [Procedure]) {
        var positions: [String: Int] = [:]
        var localPositions: [String: Int] = [:]
        for (position, procedure) in procedures.enumerated() {
            positions[procedure.code] = positions[procedure.code] ?? position
            if let local = procedure.localCode { localPositions[local] = localPositions[local] ?? position }
        }
        self.positions = positions
        self.localPositions = localPositions
        names = procedures.map { [$0.nameVI, $0.nameEN].map(VietnameseText.folded) }
        words = procedures.map { procedure in
            ([procedure.code, procedure.localCode ?? ""] + [procedure.nameVI, procedure.nameEN]
                + [procedure.field?.vi ?? "", procedure.field?.en ?? ""])
                .map(VietnameseText.folded).joined(separator: " ")
        }
    }

    /// The procedure with this national code: what dossiers, the wire and the gateway key on.
    func position(of code: String) -> Int? { positions[code] }

    /// Positions of the procedures `text` finds: the one with that national or provincial code; else those named exactly so; else those
    /// whose code starts with it or whose words hold every word typed, in catalog order.
    func search(_ text: String) -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let exact = positions[trimmed] ?? localPositions[trimmed] { return [exact] }
        let folded = VietnameseText.folded(trimmed)
        guard !folded.isEmpty else { return [] }
        let named = names.indices.filter { names[$0].contains(folded) }
        if !named.isEmpty { return named }
        let typed = folded.split(separator: " ")
        return words.indices.filter { position in
            let candidate = words[position]
            return candidate.hasPrefix(folded) || typed.allSatisfy { candidate.contains($0) }
        }
    }
}

extension Catalog {
    /// The procedures an officer's words find (see `ProcedureIndex.search`): a code, a whole name, or words of
    /// the name and field in either language, accents optional.
    public func procedures(matching text: String) -> [Procedure] {
        index.search(text).map { procedures[$0] }
    }
}
