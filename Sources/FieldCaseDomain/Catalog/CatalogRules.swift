/// What a catalog's procedures must be before a gateway imports or serves it and before a desk stores it: a
/// province's file with a typo is refused whole, naming the entry, instead of reaching dossiers.
public enum CatalogRules {
    /// The national portal names some procedures in a paragraph (over 900 characters).
    static let longestName = 1000
    static let longestText = 2000
    static let mostDocuments = 60
    /// What a received document's name may hold (`ReceivedDocument.parse`): the checklist's names are typed back.
    static let longestDocument = 200

    /// The largest catalog file a gateway imports or serves: a desk takes at most 16 MiB in one answer, and the
    /// file older desks are served is about as large.
    public static let largestFile = 12 << 20

    /// A version is dotted numbers (`2026.2`, `2026.2.56`), so that which is newer is never in doubt; it travels
    /// in an HTTP header (the ETag), so nothing else is allowed in it.
    public static func checkVersion(_ version: String) throws {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count),
            parts.allSatisfy({ (1...9).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { throw CatalogError.malformed("version '\(version.prefix(40))' is dotted numbers, e.g. 2026.2") }
    }

    /// Every text a desk prints from the catalog: no control or formatting characters (escapes, bidi overrides,
    /// line breaks), which would steer an officer's terminal or forge a line of a procedure's card.
    static func checkPrintable(_ texts: [String], _ what: String) throws {
        guard let bad = texts.first(where: { TextRules.controlCharacter(in: $0) != nil }) else { return }
        throw CatalogError.malformed(
            "\(what) '\(CatalogRules.shown(String(bad.prefix(40))))' holds a control character")
    }

    /// Communes: 5-digit codes, each once, in a 2-digit province, with printable names.
    static func check(_ communes: [Commune]) throws {
        var codes = Set<String>()
        for commune in communes {
            guard commune.code.count == 5, commune.code.allSatisfy({ $0.isASCII && $0.isNumber }),
                commune.provinceCode.count == 2, commune.provinceCode.allSatisfy({ $0.isASCII && $0.isNumber }),
                codes.insert(commune.code).inserted, !commune.name.isEmpty, !commune.provinceName.isEmpty
            else {
                throw CatalogError.malformed(
                    "commune \(CatalogRules.shown(String(commune.code.prefix(10)))): a 5-digit code listed "
                        + "once, a 2-digit province, names")
            }
            try checkPrintable([commune.name, commune.provinceName], "a commune's name")
        }
    }

    /// The handover survey: a version and criterion codes a rating can name (`SatisfactionSurvey.isCode`), each
    /// criterion once, with printable names in both languages.
    static func check(_ survey: SatisfactionSurvey) throws {
        guard SatisfactionSurvey.isCode(survey.version) else {
            let version = shown(String(survey.version.prefix(40)))
            throw CatalogError.malformed("satisfaction version '\(version)' is a short code")
        }
        guard survey.criteria.count <= SatisfactionSurvey.maxCriteria else {
            throw CatalogError.malformed("satisfaction: at most \(SatisfactionSurvey.maxCriteria) criteria")
        }
        var codes = Set<String>()
        for criterion in survey.criteria {
            guard SatisfactionSurvey.isCode(criterion.code), codes.insert(criterion.code).inserted,
                !criterion.nameVI.isEmpty, !criterion.nameEN.isEmpty,
                max(criterion.nameVI.count, criterion.nameEN.count) <= longestName
            else {
                throw CatalogError.malformed(
                    "satisfaction criterion '\(shown(String(criterion.code.prefix(40))))': a short code of lowercase "
                        + "letters, digits, _ and ., listed once, with names")
            }
            try checkPrintable([criterion.nameVI, criterion.nameEN], "a satisfaction criterion's name")
        }
    }

    static func check(_ procedures: [Procedure]) throws {
        var codes = Set<String>()
        for procedure in procedures {
            let code = procedure.code
            func refuse(_ why: String) -> CatalogError {
                .malformed("procedure \(shown(String(code.prefix(40)))): \(why)")
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
            let listed = procedure.documents + procedure.details.feeExemptions
            guard procedure.documents.count <= mostDocuments, procedure.details.feeExemptions.count <= mostDocuments,
                listed.allSatisfy({ !$0.isEmpty && $0.count <= longestDocument })
            else {
                throw refuse(
                    "documents and fee exemptions are at most \(mostDocuments), each 1–\(longestDocument) characters")
            }
            let details = procedure.details
            let texts =
                [details.processingNote, details.feeNote, details.resultVI, details.resultEN, details.source]
                .compactMap { $0 } + details.legalBasis
            guard texts.allSatisfy({ !$0.isEmpty && $0.count <= longestText }) else {
                throw refuse("notes, result, legal basis and source are 1–\(longestText) characters")
            }
            do {
                try checkPrintable(names + listed + texts + [procedure.localCode ?? ""], "text")
            } catch CatalogError.malformed(let why) {
                throw refuse(why)
            }
            guard listed.allSatisfy({ $0 == VietnameseText.normalized($0) }) else {
                throw refuse("documents and fee exemptions are written without stray spaces")
            }
            try checkAmounts(procedure, refuse)
        }
    }

    /// What a desk counts with: a processing time of at most a year, fee amounts it can take.
    static func checkAmounts(_ procedure: Procedure, _ refuse: (String) -> CatalogError) throws {
        switch procedure.processing {
        case .sameDay: break
        case .workingDays(let n), .calendarDays(let n), .workingHours(let n), .hours(let n):
            guard (1...ProcessingTime.longest).contains(n) else {
                throw refuse("the processing time is 1–\(ProcessingTime.longest) days or hours")
            }
        }
        let amounts: [Int]
        switch procedure.fee {
        case .none, .province: amounts = []
        case .fixed(let amount): amounts = [amount]
        case .perPage(let amount, let firstPages, let then, let cap):
            amounts = [amount, firstPages, then] + (cap.map { [$0] } ?? [])
        }
        guard amounts.allSatisfy(CaseIntake.feeRange.contains) else {
            throw refuse("fee amounts lie within 0–1,000,000,000 VND")
        }
    }

    /// Text from a refused file as an error quotes it: control characters written out (`\u{1B}`), so the
    /// message itself cannot steer the operator's terminal.
    static func shown(_ text: String) -> String {
        String(
            text.unicodeScalars.map {
                TextRules.controlCharacter(in: String($0)) == nil
                    ? String($0) : "\\u{\(String($0.value, radix: 16, uppercase: true))}"
            }
            .joined())
    }

    /// `N.NNNNNN`: one digit, a dot, six digits.
    static func isNationalCode(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 1 && parts[1].count == 6
            && code.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
    }
}
