/// What a `case.created` event carries: the whole dossier as received at the desk.
public struct CaseCreatedPayload: Codable, Sendable, Hashable {
    public var code: String
    public var procedureCode: String
    public var channel: Channel
    public var applicant: Applicant
    public var receivedAt: LocalTime
    public var dueAt: LocalTime
    public var documents: [ReceivedDocument]
    public var fee: Fee
    public var summary: String?

    public init(
        code: String, procedureCode: String, channel: Channel, applicant: Applicant, receivedAt: LocalTime,
        dueAt: LocalTime, documents: [ReceivedDocument], fee: Fee, summary: String?
    ) {
        self.code = code
        self.procedureCode = procedureCode
        self.channel = channel
        self.applicant = applicant
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.documents = documents
        self.fee = fee
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case code
        case procedureCode = "procedure_code"
        case channel
        case applicant
        case receivedAt = "received_at"
        case dueAt = "due_at"
        case documents
        case fee
        case summary
    }
}

/// What a `case.status_changed` event carries.
public struct StatusChangedPayload: Codable, Sendable, Hashable {
    public var from: CaseStatus
    public var to: CaseStatus
    public var reason: String?
    /// Who collected the result, with the move to `returned` (absent from payloads before this release).
    public var handover: ResultHandover?
    /// The citizen's rating, with the move to `returned` when they gave one (absent before this release).
    public var satisfaction: Satisfaction?

    public init(
        from: CaseStatus, to: CaseStatus, reason: String?, handover: ResultHandover? = nil,
        satisfaction: Satisfaction? = nil
    ) {
        self.from = from
        self.to = to
        self.reason = reason
        self.handover = handover
        self.satisfaction = satisfaction
    }
}

/// Event kinds as they travel to the central system.
public enum CaseEventKind {
    public static let created = "case.created"
    public static let statusChanged = "case.status_changed"
    /// A scanned page attached: its payload is a `ScannedPage`, the page's bytes follow separately.
    public static let attached = "case.attached"
}
