/// What a catalog's procedures must be before a gateway imports or serves it and before a desk stores it: a
/// province's file with a typo is refused whole, naming the entry, instead of reaching dossiers.
enum CatalogRules {
    /// The national portal names some procedures in a paragraph (over 900 characters).
    static let longestName = 1000
    static let longestText = 2000
    static let mostDocuments = 60
    /// What a received document's name may hold (`ReceivedDocument.parse`): the checklist's names are typed back.
    static let longestDocument = 200

    static func check(_ procedures: [Procedure]) throws {
        var codes = Set<String>()
        for procedure in procedures {
            let code = procedure.code
            func refuse(_ why: String) -> CatalogError {
                .malformed("procedure \(code.prefix(40)): \(why)")
            }
            guard isNationalCode(code) else { throw refuse("the national code is N.NNNNNN, e.g. 1.001193") }
            guard codes.insert(code).inserted else { throw refuse("listed twice") }
            if let local = procedure.localCode {
                guard local.hasPrefix(code + "."), local.count <= 60,
                    local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") })
                else {
                    throw refuse(
                        "the province's code starts with the national code and a dot, e.g. \(code).000.00.00.H56")
                }
                guard codes.insert(local).inserted else { throw refuse("the province's code is listed twice") }
            }
            let names =
                [procedure.nameVI, procedure.nameEN] + [procedure.field?.vi, procedure.field?.en].compactMap { $0 }
            guard names.allSatisfy({ !$0.isEmpty && $0.count <= longestName && $0 == VietnameseText.normalized($0) })
            else { throw refuse("names are 1–\(longestName) characters without stray spaces") }
            guard procedure.documents.count <= mostDocuments,
                procedure.documents.allSatisfy({ !$0.isEmpty && $0.count <= longestDocument })
            else {
                throw refuse("documents are at most \(mostDocuments), each 1–\(longestDocument) characters")
            }
            let details = procedure.details
            let texts =
                [details.processingNote, details.feeNote, details.resultVI, details.resultEN, details.source]
                .compactMap { $0 } + details.legalBasis
            guard texts.allSatisfy({ !$0.isEmpty && $0.count <= longestText }) else {
                throw refuse("notes, result, legal basis and source are 1–\(longestText) characters")
            }
        }
    }

    /// `N.NNNNNN`: one digit, a dot, six digits.
    static func isNationalCode(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 1 && parts[1].count == 6
            && code.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
    }
}
