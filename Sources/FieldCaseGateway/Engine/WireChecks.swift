import FieldCaseDomain
import FieldCaseWire

/// What the gateway refuses in a desk's events and audit entries before judging them, whether they came over
/// HTTP or in a bundle: escapes and bidi overrides never reach the database, and so never an operator's
/// terminal.
package enum WireChecks {
    package static let maxEvents = 5000
    package static let maxFieldLength = 200

    /// Why these events are refused, or nil.
    package static func refusal(_ events: [WireEvent]) -> String? {
        guard let unsafe = events.first(where: hasUnsafeText) else { return nil }
        return "event \(unsafe.seq): an identifier or the officer holds control or formatting characters, or is "
            + "over \(maxFieldLength) characters"
    }

    /// Why this audit push is refused, or nil.
    package static func refusal(_ pushed: AuditPushRequest) -> String? {
        if let bad = pushed.entries.first(where: hasUnsafeText) {
            return "audit entry \(bad.id): a field holds control characters or is over 4096 characters"
        }
        // Bytes, not characters: one character can carry any number of combining marks.
        guard pushed.localProblems.count <= 10,
            pushed.localProblems.allSatisfy({ $0.utf8.count <= 1000 && !hasControlCharacter($0) })
        else {
            return "at most 10 problems of at most 1000 bytes, without control characters"
        }
        return nil
    }

    package static func hasUnsafeText(_ event: WireEvent) -> Bool {
        [event.eventID, event.caseID, event.caseCode, event.kind, event.officer, event.occurredAt].contains {
            $0.unicodeScalars.count > maxFieldLength || TextRules.controlCharacter(in: $0) != nil
        }
    }

    package static func hasUnsafeText(_ entry: WireAuditEntry) -> Bool {
        [
            entry.officer, entry.action, entry.caseCode, entry.subject, entry.before, entry.after, entry.reason,
            entry.hash,
        ]
        .compactMap { $0 }.contains { $0.count > 4096 || $0.utf8.count > 16_384 || hasControlCharacter($0) }
    }

    /// A control character other than a line break: what a desk's audit text never holds.
    package static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }
    }
}
