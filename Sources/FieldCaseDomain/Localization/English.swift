/// The English catalog of the core's messages.
extension DomainError {
    var english: String {
        switch self {
        case .invalidField(let field, let rule):
            return "\(field.english): \(rule.english)"
        case .invalidTransition(let from, let to):
            let next = from.allowedNext.map(\.rawValue)
            let allowed = next.isEmpty ? "none: \(from.rawValue) is final" : next.joined(separator: ", ")
            return "cannot move a dossier from \(from.rawValue) to \(to.rawValue); allowed next: \(allowed)"
        case .reasonRequired(let status):
            return "a reason is required to move a dossier to \(status.rawValue) (use --reason)"
        case .unknownProcedure(let code):
            return "procedure: unknown code '\(code)'; see 'fieldcase catalog' for the procedures of this desk"
        case .unknownCommune(let code):
            return "commune: unknown code '\(code)'; expected a 5-digit commune code from the catalog"
        case .unknownCase(let code):
            return "no dossier with code '\(code)'"
        case .dailySequenceExhausted(let date, let terminal):
            return "terminal \(terminal) has issued all 999 dossier codes for \(date); "
                + "receive further dossiers on another terminal or on the next day"
        }
    }
}

extension Field {
    var english: String {
        switch self {
        case .name: "name"
        case .officer: "officer"
        case .idDocument: "ID document"
        case .idNumber: "ID number"
        case .dateOfBirth: "date of birth"
        case .gender: "gender"
        case .summary: "summary"
        case .reason: "reason"
        case .document: "document"
        case .fee: "fee"
        case .pages: "pages"
        case .collector: "collected by"
        case .satisfaction: "citizen's rating"
        case .scannedPage: "scanned page"
        case .paid: "paid"
        case .receivedAt: "received at"
        case .terminal: "terminal"
        case .unitCode: "unit code"
        case .pin: "PIN"
        case .qrScan: "scanned CCCD QR code"
        case .detail(let detail): detail.english.lowercasedFirst
        case .applicantDetail: "applicant detail"
        case .issuedOn: "card issue date"
        }
    }
}

extension Rule {
    var english: String {
        switch self {
        case .notEmpty: return "must not be empty"
        case .maxLength(let max, let got): return "must be at most \(max) characters (got \(got))"
        case .nameCharacters(let found): return "may hold only letters, spaces and - . ' (found '\(found)')"
        case .containsLetters: return "must contain letters"
        case .noControlCharacters(let found): return "must not contain control characters (found U+\(found))"
        case .oneOf(let values): return "must be one of: \(values.joined(separator: ", "))"
        case .answerFirst(let fields): return "answer \(fields.map(\.english).joined(separator: " and ")) first"
        case .feeRange: return "must be whole VND from 0 to 1,000,000,000 (20000, 20.000 or 20,000)"
        case .pageCounts:
            return "must be the pages of one copy and, if more than one, the copies: 1 to 10000 each (e.g. 2 3)"
        case .documentFormat:
            return "must be NAME:ORIGINALS:COPIES with counts from 0 to 99, e.g. \"Giấy chứng sinh:1:0\""
        case .documentNotEmpty: return "needs at least one original or copy"
        case .documentCounts: return "answer ORIGINALS COPIES such as '1 0', or - if not received"
        case .pinFormat(let minimum): return "must be \(minimum) to 12 digits"
        case .terminalRange: return "must be a number from 1 to 9, unique in the commune"
        case .unitCodeFormat: return "must be 1-30 ASCII letters, digits or dots, e.g. 000.00.06.H56"
        case .dateFormat: return "must be a real date written YYYY-MM-DD or DD/MM/YYYY"
        case .notInFuture: return "must not be in the future"
        case .notBefore(let year): return "must be in \(year) or later"
        case .timeFormat: return "must be ISO 8601, e.g. 2025-06-10T14:20 or 2025-06-10T14:20:00+07:00"
        case .phoneFormat: return "must be 10 digits starting with 0, or +84 and 9 digits"
        case .otherIDFormat(let type): return "a \(type) number must be 5-20 ASCII letters, digits or '-'"
        case .cccdLength(let got): return "a CCCD must be exactly 12 digits (got '\(got)')"
        case .cccdProvince(let code): return "digits 1-3 '\(code)' are not a known province-of-birth code"
        case .cccdBirthCentury: return "a CCCD holder is born between 1900 and 2399"
        case .cccdCenturyGender(let digit, let gender, let year, let expected):
            return "digit 4 is \(digit) but a \(gender.rawValue) born in \(year) needs \(expected) (century and gender)"
        case .cccdBirthYear(let found, let year, let expected):
            return "digits 5-6 are '\(found)' but the date of birth says \(year) (expected '\(expected)')"
        case .qrFieldCount(let got):
            return "must hold 7 fields separated by | (got \(got)); scan the card again, nothing was filled"
        case .qrDateFormat: return "must be a real date written ddMMyyyy on the card; nothing was filled"
        case .cmndFormat(let got): return "must be empty or 9 digits (got '\(got)')"
        case .notBeforeBirth: return "must not be before the date of birth"
        case .onlyWith(let status): return "is recorded only with the move to \(status.rawValue)"
        case .surveyFormat:
            return "names its survey and criteria by short codes of lowercase letters, digits, _ and ., each once"
        case .pageFormat: return "must be a PDF, JPEG or PNG file (a scan or a photo of the paper)"
        case .pageSize(let max, let got):
            return "must be at most \(max / 1_048_576) MB (this file is \((got + 1023) / 1024) KB); scan at 200-300 dpi"
        case .componentNumber(let documents):
            return documents == 0
                ? "can name a checklist item only at intake, and this dossier lists no papers"
                : "must name a checklist item from 1 to \(documents) (see case show), at intake only"
        }
    }
}
