import FieldCaseCore

/// Checks one guided answer with the same rules `case add` applies, and turns the answers into an intake.
enum GuidedAnswers {
    /// Several procedures match what was typed.
    struct Ambiguous: Error {
        let names: [String]
    }

    /// Returns the answer as it is kept in the draft (normalised), or throws the rule it broke. Either
    /// language's words are taken; a refusal lists the words of `language`.
    static func check(
        _ question: GuidedQuestion, _ answer: String, answers: [String: String], catalog: Catalog, today: LocalDate,
        language: Language
    ) throws -> String {
        switch question {
        case .procedure:
            return try procedureCode(answer, catalog: catalog)
        case .name:
            return try TextRules.personName(answer)
        case .dateOfBirth:
            return try CaseIntake.dateOfBirth(answer, today: today).description
        case .gender:
            return try gender(answer, language: language).rawValue
        case .idType:
            guard let type = idTypeWords[VietnameseText.folded(answer)] else {
                throw DomainError.invalidField(.idDocument, .oneOf(choices(.idType, in: language)))
            }
            return type.rawValue
        case .idNumber:
            guard let dob = answers[GuidedQuestion.dateOfBirth.key].flatMap(LocalDate.init(iso:)),
                let gender = answers[GuidedQuestion.gender.key].flatMap(CitizenID.Gender.init(rawValue:))
            else { throw DomainError.invalidField(.idNumber, .answerFirst([.dateOfBirth, .gender])) }
            let type = answers[GuidedQuestion.idType.key].flatMap(Applicant.IDType.init(rawValue:)) ?? .cccd
            return try CaseIntake.idNumber(answer, type: type, dateOfBirth: dob, gender: gender, catalog: catalog)
        case .detail(let detail):
            return try detail.normalized(answer) ?? ""
        case .summary:
            return try CaseIntake.summary(answer) ?? ""
        case .document(_, let name):
            return try documentCounts(answer, name: name)
        case .otherDocuments:
            let items = answer.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            return try items.map { try ReceivedDocument.parse($0) }.map { "\($0.name):\($0.originals):\($0.copies)" }
                .joined(separator: "; ")
        case .pages:
            return try PageCount(typed: answer).typed
        case .fee:
            return String(try CaseIntake.fee(typed: answer))
        case .paid:
            guard let paid = YesNo.parse(answer) else {
                throw DomainError.invalidField(.paid, .oneOf(choices(.paid, in: language)))
            }
            return paid ? "y" : "n"
        }
    }

    static func procedureCode(_ answer: String, catalog: Catalog) throws -> String {
        guard !VietnameseText.folded(answer).isEmpty else { throw DomainError.unknownProcedure(answer) }
        let matches = catalog.procedures(matching: answer)
        guard matches.count <= 1 else { throw Ambiguous(names: matches.prefix(8).map(\.nameVI)) }
        guard let match = matches.first else { throw DomainError.unknownProcedure(String(answer.prefix(40))) }
        return match.code
    }

    static func gender(_ answer: String, language: Language) throws(DomainError) -> CitizenID.Gender {
        switch VietnameseText.folded(answer) {
        case "male", "m", "nam": return .male
        case "female", "f", "nu": return .female
        default: throw .invalidField(.gender, .oneOf(choices(.gender, in: language)))
        }
    }

    /// The words a question with a few answers offers in the prompt's default, Tab and a refusal: the officer's
    /// language, where `check` takes either. Yes comes before no.
    static func choices(_ question: GuidedQuestion, in language: Language) -> [String] {
        let vietnamese = language == .vietnamese
        switch question {
        case .gender: return vietnamese ? ["nam", "nữ"] : ["male", "female"]
        case .idType: return vietnamese ? ["CCCD", "hộ chiếu", "khác"] : Applicant.IDType.allCases.map(\.rawValue)
        case .paid: return vietnamese ? ["c", "k"] : ["y", "n"]
        default: return []
        }
    }

    /// Every way an ID document may be typed, folded: its code, the desk's Vietnamese word and the short one
    /// the prompt offers.
    static let idTypeWords: [String: Applicant.IDType] = [
        "cccd": .cccd, "passport": .passport, "ho chieu": .passport, "other": .other, "khac": .other,
        "giay to khac": .other,
    ]

    /// "1 0" → one original, no copy; "-" → not received.
    static func documentCounts(_ answer: String, name: String) throws(DomainError) -> String {
        if answer == "-" || answer == "0" { return "-" }
        let numbers = answer.split(separator: " ").compactMap { Int($0) }.filter { (0...99).contains($0) }
        guard let originals = numbers.first, numbers.count <= 2, numbers.count == answer.split(separator: " ").count
        else { throw .invalidField(.document, .documentCounts) }
        return "\(originals) \(numbers.count == 2 ? numbers[1] : 0)"
    }

    /// The intake `case add` would build from the same answers. A draft saved by an older version may lack
    /// an answer or hold one no longer valid: that is said, never replaced by a default.
    static func intake(from answers: [String: String], questions: [GuidedQuestion], language: Language)
        throws(DomainError) -> CaseIntake
    {
        func value(_ question: GuidedQuestion) -> String? {
            answers[question.key].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let gender = value(.gender).flatMap(CitizenID.Gender.init(rawValue:)) else {
            throw .invalidField(.gender, .oneOf(choices(.gender, in: language)))
        }
        var intake = CaseIntake(
            procedureCode: value(.procedure) ?? "", name: value(.name) ?? "", idNumber: value(.idNumber) ?? "",
            dateOfBirth: value(.dateOfBirth) ?? "", gender: gender)
        if let type = value(.idType) {
            guard let idType = Applicant.IDType(rawValue: type) else {
                throw .invalidField(.idDocument, .oneOf(choices(.idType, in: language)))
            }
            intake.idType = idType
        }
        // Every declared detail, asked or filled by a scanned card (the old CMND number is never asked).
        for detail in ApplicantDetail.all { intake.details[detail.key] = value(.detail(detail)) }
        intake.summary = value(.summary)
        intake.fee = value(.fee).flatMap(Int.init)
        intake.pages = value(.pages).flatMap { try? PageCount(typed: $0) }
        intake.paid = value(.paid) == "y"
        for question in questions {
            guard case .document(_, let name) = question, let counts = value(question), counts != "-" else { continue }
            intake.documents.append("\(name):\(counts.replacingOccurrences(of: " ", with: ":"))")
        }
        intake.documents += (value(.otherDocuments) ?? "").split(separator: ";").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return intake
    }
}
