/// A procedure the desk receives, with its statutory processing time, its fee and the papers it asks for.
public struct Procedure: Hashable, Sendable {
    /// The national code, `N.NNNNNN` (e.g. `1.001193`): what the desk's dossiers and the gateway key on.
    public let code: String
    /// The province's published code for its variant (e.g. `1.001193.000.00.00.H56`), where it publishes one.
    public let localCode: String?
    public let nameVI: String
    public let nameEN: String
    /// The field (lĩnh vực) the procedure belongs to, e.g. civil status; nil in catalogs before 2026.2.
    public let field: Field?
    public let processing: ProcessingTime
    public let fee: FeeRule
    public let documents: [String]
    /// What a reader checks a procedure against: its result document, the law behind it and where it was
    /// published. Shown, never computed with.
    public let details: Details

    /// A field of procedures in both languages.
    public struct Field: Hashable, Sendable, Codable {
        public let vi: String
        public let en: String

        public init(vi: String, en: String) {
            self.vi = vi
            self.en = en
        }

        public func name(in language: Language) -> String { language == .vietnamese ? vi : en }
    }

    /// The level of government that decides the dossier (cấp thực hiện). A commune's one-stop centre receives
    /// dossiers of every level since July 2025 and forwards what it does not decide itself.
    public enum Level: String, Hashable, Sendable, Codable, CaseIterable {
        case commune, province, ministry
    }

    public struct Details: Hashable, Sendable, Codable {
        /// Who decides; nil in catalogs before 2026.3, which listed only the commune's own procedures.
        public var level: Level?
        /// Cases the processing time has beside the ordinary one (e.g. 5 working days when verification is needed).
        public var processingNote: String?
        /// Exemptions as written, and how the province sets the fee.
        public var feeNote: String?
        /// Who pays no fee, one group an entry (e.g. "người thuộc hộ nghèo"): what an officer checks the citizen
        /// against before recording 0 ₫.
        public var feeExemptions: [String]
        public var resultVI: String?
        public var resultEN: String?
        public var legalBasis: [String]
        /// Where the procedure's entry was published.
        public var source: String?

        public init(
            level: Level? = nil, processingNote: String? = nil, feeNote: String? = nil, feeExemptions: [String] = [],
            resultVI: String? = nil, resultEN: String? = nil, legalBasis: [String] = [], source: String? = nil
        ) {
            self.level = level
            self.processingNote = processingNote
            self.feeNote = feeNote
            self.feeExemptions = feeExemptions
            self.resultVI = resultVI
            self.resultEN = resultEN
            self.legalBasis = legalBasis
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case level, processingNote = "processing_note", feeNote = "fee_note", feeExemptions = "fee_exemptions"
            case resultVI = "result_vi", resultEN = "result_en", legalBasis = "legal_basis", source
        }

        /// Rows a desk stored before 2026.3 have neither level nor exemptions.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            level = try container.decodeIfPresent(Level.self, forKey: .level)
            processingNote = try container.decodeIfPresent(String.self, forKey: .processingNote)
            feeNote = try container.decodeIfPresent(String.self, forKey: .feeNote)
            feeExemptions = try container.decodeIfPresent([String].self, forKey: .feeExemptions) ?? []
            resultVI = try container.decodeIfPresent(String.self, forKey: .resultVI)
            resultEN = try container.decodeIfPresent(String.self, forKey: .resultEN)
            legalBasis = try container.decodeIfPresent([String].self, forKey: .legalBasis) ?? []
            source = try container.decodeIfPresent(String.self, forKey: .source)
        }
    }

    public init(
        code: String, localCode: String? = nil, nameVI: String, nameEN: String, field: Field? = nil,
        processing: ProcessingTime, fee: FeeRule, documents: [String], details: Details = Details()
    ) {
        self.code = code
        self.localCode = localCode
        self.nameVI = nameVI
        self.nameEN = nameEN
        self.field = field
        self.processing = processing
        self.fee = fee
        self.documents = documents
        self.details = details
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
