import FieldCaseDomain
import FieldCaseWire

/// What a received event's payload may hold: the keys the desk writes and nothing else, each value within the
/// same rules the desk applied when the officer typed it. The gateway runs these on every pushed event, so a
/// device can neither store data no desk would write nor smuggle extra fields into the central record.
public enum PayloadRules {
    /// The shape of a JSON value: an object with its allowed keys, an array of one shape, or any leaf.
    indirect enum Shape: Sendable {
        case object([String: Shape])
        case array(Shape)
        case leaf
    }

    /// A new dossier: the applicant's identity and the details the desks declare.
    static func created(declaring details: [ApplicantDetail]) -> Shape {
        let identity = Applicant.identityKeys
        return .object([
            "code": .leaf, "procedure_code": .leaf, "channel": .leaf, "received_at": .leaf, "due_at": .leaf,
            "summary": .leaf,
            "applicant": .object(Dictionary(uniqueKeysWithValues: (identity + details.map(\.key)).map { ($0, .leaf) })),
            "documents": .array(.object(["name": .leaf, "originals": .leaf, "copies": .leaf])),
            "fee": .object(["amount": .leaf, "paid": .leaf]),
        ])
    }

    static let statusChanged: Shape = .object([
        "from": .leaf, "to": .leaf, "reason": .leaf,
        "handover": .object(["collected_by": .leaf, "id_type": .leaf, "id_number": .leaf, "proxy": .leaf]),
        "satisfaction": .object([
            "rating": .leaf, "survey": .leaf, "criteria": .array(.object(["code": .leaf, "rating": .leaf])),
        ]),
    ])

    static let attached: Shape = .object([
        "sha256": .leaf, "size": .leaf, "media_type": .leaf, "stage": .leaf, "component": .leaf,
    ])

    /// The first key of the event's payload that no desk writes, as a path such as `applicant.nickname`, or a
    /// path where an object or array stands for a plain value; nil when the payload has the desks' shape. Every
    /// key of an unknown kind's payload is unknown.
    public static func unknownKey(in event: WireEvent) -> String? {
        guard case .object = event.payload else { return "(payload)" }
        return switch event.kind {
        case CaseEventKind.created: unknownKey(event.payload, created(declaring: ApplicantDetail.all), path: "")
        case CaseEventKind.statusChanged: unknownKey(event.payload, statusChanged, path: "")
        case CaseEventKind.attached: unknownKey(event.payload, attached, path: "")
        default: unknownKey(event.payload, .object([:]), path: "")
        }
    }

    static func unknownKey(_ value: JSONValue, _ shape: Shape, path: String) -> String? {
        switch (value, shape) {
        case (.object(let fields), .object(let allowed)):
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                let here = path.isEmpty ? key : "\(path).\(key)"
                guard let inner = allowed[key] else { return here }
                if let found = unknownKey(field, inner, path: here) { return found }
            }
            return nil
        case (.array(let items), .array(let inner)):
            for (index, item) in items.enumerated() {
                if let found = unknownKey(item, inner, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case (.object, _), (.array, _):
            // A container where the desks write a plain value (or none): data no rule would ever read.
            return path.isEmpty ? "(payload)" : path
        default:
            return nil
        }
    }

    /// The desk's own rules over a received dossier: name, date of birth, ID number (a CCCD checked against its
    /// birth province, century, gender and year), the declared details, documents, fee and summary.
    public static func check(_ payload: CaseCreatedPayload, catalog: Catalog) throws(DomainError) {
        let applicant = payload.applicant
        _ = try TextRules.personName(applicant.name)
        let dob = try CaseIntake.dateOfBirth(applicant.dateOfBirth.description, today: payload.receivedAt.date)
        _ = try CaseIntake.idNumber(
            applicant.idNumber, type: applicant.idType, dateOfBirth: dob, gender: applicant.gender, catalog: catalog)
        _ = try ApplicantDetail.normalized(applicant.details)
        _ = try CaseIntake.summary(payload.summary)
        guard payload.documents.count <= maxDocuments else {
            throw .invalidField(.document, .maxLength(maxDocuments, got: payload.documents.count))
        }
        for document in payload.documents {
            guard try TextRules.freeText(document.name, field: .document, maxLength: 200) != nil else {
                throw .invalidField(.document, .documentFormat)
            }
            guard (0...99).contains(document.originals), (0...99).contains(document.copies) else {
                throw .invalidField(.document, .documentCounts)
            }
        }
        _ = try CaseIntake.fee(payload.fee.amount)
    }

    /// A result's handover by the desk's rules: only with the move to returned, a person's name, an ID number of
    /// its paper's shape.
    public static func check(_ handover: ResultHandover?, to status: CaseStatus) throws(DomainError) {
        guard let handover else { return }
        guard status == .returned else { throw .invalidField(.collector, .onlyWith(.returned)) }
        _ = try ResultHandover(
            collectedBy: handover.collectedBy, idType: handover.idType, idNumber: handover.idNumber,
            proxy: handover.proxy)
    }

    /// A citizen's rating by its shape (the gateway may hold another version of the survey): only with the move
    /// to returned, short codes, each criterion once.
    public static func check(_ satisfaction: Satisfaction?, to status: CaseStatus) throws(DomainError) {
        guard let satisfaction else { return }
        guard status == .returned else { throw .invalidField(.satisfaction, .onlyWith(.returned)) }
        try Satisfaction.checkShape(satisfaction)
    }

    /// More documents than any procedure's checklist and its extras would hold.
    public static let maxDocuments = 50
}
