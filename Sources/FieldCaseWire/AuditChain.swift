import Crypto
import Foundation

/// One entry of a desk's audit trail as the central system receives it: no personal data beyond dossier
/// codes and officer names. `hash` chains it to the entry before, so a deleted, edited or inserted entry
/// breaks the chain on the desk and on the central copy alike.
public struct WireAuditEntry: Codable, Sendable, Hashable {
    public var id: Int64
    public var at: Int64
    public var officer: String?
    public var action: String
    public var caseCode: String?
    public var subject: String?
    public var before: String?
    public var after: String?
    public var reason: String?
    /// Hex SHA-256 of the previous entry's hash and this entry's fields.
    public var hash: String

    public init(
        id: Int64, at: Int64, officer: String?, action: String, caseCode: String?, subject: String?,
        before: String?, after: String?, reason: String?, hash: String
    ) {
        self.id = id
        self.at = at
        self.officer = officer
        self.action = action
        self.caseCode = caseCode
        self.subject = subject
        self.before = before
        self.after = after
        self.reason = reason
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case id, at, officer, action, subject, before, after, reason, hash
        case caseCode = "case_code"
    }

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder.container(keyedBy: CodingKeys.self), previous: nil)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try encode(to: &container, withHash: true)
    }

    /// Reads an entry whose hash may be left out when `previous`, the entry before it in the same message, is
    /// given: the hash is then computed from it, as the sender left it out only where it follows.
    init(from container: KeyedDecodingContainer<CodingKeys>, previous: WireAuditEntry?) throws {
        id = try container.decode(Int64.self, forKey: .id)
        at = try container.decode(Int64.self, forKey: .at)
        officer = try container.decodeIfPresent(String.self, forKey: .officer)
        action = try container.decode(String.self, forKey: .action)
        caseCode = try container.decodeIfPresent(String.self, forKey: .caseCode)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        before = try container.decodeIfPresent(String.self, forKey: .before)
        after = try container.decodeIfPresent(String.self, forKey: .after)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        hash = ""
        if let sent = try container.decodeIfPresent(String.self, forKey: .hash) {
            hash = sent
        } else if let previous {
            hash = expectedHash(after: previous.hash)
        } else {
            hash = try container.decode(String.self, forKey: .hash)
        }
    }

    func encode(to container: inout KeyedEncodingContainer<CodingKeys>, withHash: Bool) throws {
        try container.encode(id, forKey: .id)
        try container.encode(at, forKey: .at)
        try container.encodeIfPresent(officer, forKey: .officer)
        try container.encode(action, forKey: .action)
        try container.encodeIfPresent(caseCode, forKey: .caseCode)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(before, forKey: .before)
        try container.encodeIfPresent(after, forKey: .after)
        try container.encodeIfPresent(reason, forKey: .reason)
        if withHash { try container.encode(hash, forKey: .hash) }
    }

    /// The hash this entry must carry after `previous` (the hex hash of the entry before; "" for the first).
    public func expectedHash(after previous: String) -> String {
        AuditChain.hash(
            previous: previous,
            fields: [String(id), String(at), officer, action, caseCode, subject, before, after, reason])
    }
}

public enum AuditChain {
    /// SHA-256 over the previous hash and each field length-prefixed (nil distinct from ""), in hex.
    public static func hash(previous: String, fields: [String?]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        for field in fields {
            if let field {
                hasher.update(data: Array("\(field.utf8.count):".utf8))
                hasher.update(data: Array(field.utf8))
            } else {
                hasher.update(data: Array("-;".utf8))
            }
        }
        return Hex.string(hasher.finalize())
    }

    /// The first entry whose hash or order does not follow from the ones before, or nil for an intact chain.
    /// `start` is the hash before the first entry given and the id it must follow.
    public static func firstBreak(in entries: [WireAuditEntry], after start: (id: Int64, hash: String) = (0, ""))
        -> (entry: WireAuditEntry, problem: AuditBreak)?
    {
        var previous = start
        for entry in entries {
            if entry.id != previous.id + 1 { return (entry, .missingBefore(previous.id + 1)) }
            if entry.hash != entry.expectedHash(after: previous.hash) { return (entry, .altered) }
            previous = (entry.id, entry.hash)
        }
        return nil
    }
}

/// Why a chain is broken at an entry.
public enum AuditBreak: Sendable, Hashable {
    /// Entries from this id on up to the entry are gone.
    case missingBefore(Int64)
    /// The entry (or one before it) was changed after it was written.
    case altered
}
