import FieldCaseCLI
import FieldCaseCore

/// How a kept answer reads in the summary before saving. The draft keeps codes ("male", "cccd", "y", "1 0",
/// "50000") so it resumes the same in either language; the officer reads them as the desk says them.
enum ShownAnswer {
    static func text(_ kept: String, for question: GuidedQuestion, in language: Language) -> String {
        guard !kept.isEmpty else { return "-" }
        switch question {
        case .gender: return CitizenID.Gender(rawValue: kept)?.label(in: language) ?? kept
        case .idType: return Applicant.IDType(rawValue: kept)?.label(in: language) ?? kept
        case .paid: return (kept == "y").label(in: language)
        case .document: return documentCounts(kept, in: language)
        case .otherDocuments:
            return kept.split(separator: ";").map { item in
                let trimmed = item.trimmingCharacters(in: .whitespaces)
                guard let document = try? ReceivedDocument.parse(trimmed) else { return trimmed }
                return document.name + ": "
                    + Message.documentCounts(originals: document.originals, copies: document.copies).text(in: language)
            }.joined(separator: "; ")
        case .fee: return Int(kept).map(Money.vnd) ?? kept
        default: return kept
        }
    }

    /// "1 0" → one original, no copy; "-" → not received.
    static func documentCounts(_ kept: String, in language: Language) -> String {
        if kept == "-" { return Message.notReceived.text(in: language) }
        let numbers = kept.split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 2 else { return kept }
        return Message.documentCounts(originals: numbers[0], copies: numbers[1]).text(in: language)
    }
}
