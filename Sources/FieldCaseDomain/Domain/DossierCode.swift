/// The dossier code on the citizen's slip: `UNIT-YYMMDD-TNNN`.
///
/// The official shape ends in a 4-digit daily sequence; fieldcase gives its first digit to the
/// terminal number, so desks of one commune never hand out the same code without talking to each other.
public struct DossierCode: Hashable, Sendable, CustomStringConvertible {
    public static let maxDailySequence = 999

    public let unitCode: String
    public let date: LocalDate
    public let terminal: Int
    public let sequence: Int

    public init(unitCode: String, date: LocalDate, terminal: Int, sequence: Int) throws(DomainError) {
        guard (1...9).contains(terminal) else {
            throw .invalidField(.terminal, .terminalRange)
        }
        guard sequence <= Self.maxDailySequence else {
            throw .dailySequenceExhausted(date: date, terminal: terminal)
        }
        self.unitCode = unitCode
        self.date = date
        self.terminal = terminal
        self.sequence = sequence
    }

    /// Reads a code back: `UNIT-YYMMDD-TNNN` with a valid unit code, date, terminal and number, else nil.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, (try? Self.validateUnitCode(parts[0])) != nil,
            parts[1].count == 6, parts[2].count == 4,
            parts[1].allSatisfy(\.isASCIIDigit), parts[2].allSatisfy(\.isASCIIDigit),
            let yy = Int(parts[1].prefix(2)), let mm = Int(parts[1].dropFirst(2).prefix(2)),
            let dd = Int(parts[1].suffix(2)), let date = LocalDate(year: 2000 + yy, month: mm, day: dd),
            let terminal = Int(parts[2].prefix(1)), let sequence = Int(parts[2].dropFirst()), sequence >= 1,
            let code = try? DossierCode(unitCode: parts[0], date: date, terminal: terminal, sequence: sequence)
        else { return nil }
        self = code
    }

    public var description: String {
        let c = date.components
        return "\(unitCode)-\(pad(c.year % 100, 2))\(pad(c.month, 2))\(pad(c.day, 2))-\(terminal)\(pad(sequence, 3))"
    }

    /// A unit code as provincial systems write it, e.g. `000.00.06.H56`, or a 5-digit commune code.
    public static func validateUnitCode(_ code: String) throws(DomainError) -> String {
        guard (1...30).contains(code.count),
            code.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == ".")
            })
        else {
            throw .invalidField(.unitCode, .unitCodeFormat)
        }
        return code
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
