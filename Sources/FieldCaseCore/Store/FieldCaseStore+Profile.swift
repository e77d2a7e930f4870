import Foundation
import FieldCaseRows
import GRDB

/// What `init` needs to set up a device.
public struct Setup: Sendable {
    public var communeCode: String
    public var terminal: Int
    public var unitCode: String?
    public var officerName: String
    /// The first officer's PIN: it wraps the home's data key.
    public var pin: String

    public init(communeCode: String, terminal: Int, unitCode: String?, officerName: String, pin: String) {
        self.communeCode = communeCode
        self.terminal = terminal
        self.unitCode = unitCode
        self.officerName = officerName
        self.pin = pin
    }
}

extension Setup {
    /// Checks commune, terminal, officer name and unit code; returns them normalised.
    public func validated(against catalog: Catalog) throws(DomainError) -> Setup {
        guard catalog.communes.contains(where: { $0.code == communeCode }) else {
            throw .unknownCommune(CitizenID.shown(communeCode))
        }
        guard (1...9).contains(terminal) else {
            throw .invalidField(.terminal, .terminalRange)
        }
        var valid = self
        valid.officerName = try TextRules.personName(officerName, field: .officer)
        valid.unitCode = try DossierCode.validateUnitCode(unitCode ?? communeCode)
        return valid
    }
}

extension FieldCaseStore {
    /// Sets up the device with its catalog, first officer (a supervisor, signed in from here on) and the data
    /// key, all or nothing. The recovery key is returned to be shown once; it is stored only wrapped.
    public func initialize(_ setup: Setup, catalog: Catalog, now: LocalTime) throws
        -> (profile: Profile, recoveryKey: RecoveryKey, signedIn: SignedInOfficer)
    {
        let setup = try setup.validated(against: catalog)
        _ = try PINRule.validatedNew(setup.pin)
        let name = setup.officerName
        let unitCode = setup.unitCode ?? setup.communeCode
        let profile = Profile(
            deviceID: UUID().uuidString.lowercased(), communeCode: setup.communeCode, unitCode: unitCode,
            terminal: setup.terminal)
        let (first, keys) = try write { db in
            if let existing = try Self.fetchProfile(db) {
                throw StoreError.alreadyInitialized(commune: existing.communeCode, terminal: existing.terminal)
            }
            try db.execute(
                sql: """
                    INSERT INTO profile (id, device_id, commune_code, unit_code, terminal, created_at)
                    VALUES (1, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    profile.deviceID, profile.communeCode, profile.unitCode, profile.terminal, now.epochSeconds,
                ])
            let first = try Self.insertOfficer(db, name: name, role: .supervisor, now: now)
            let keys = try createKeyring(db, for: first, pin: setup.pin, now: now)
            try Self.replaceCatalog(db, with: catalog)
            catalogCache.withLock { $0 = nil }
            try Self.audit(
                db, AuditAction.deviceInitialized, by: first, now: now,
                after: [
                    "commune": profile.communeCode, "terminal": String(profile.terminal), "unit": unitCode,
                    "sealed": "true",
                ])
            try Self.audit(
                db, AuditAction.officerAdded, by: first, now: now, subject: name,
                after: ["role": OfficerRole.supervisor.rawValue])
            return (first, keys)
        }
        let signedIn = SignedInOfficer(officer: first, key: keys.0, mustChangePIN: false)
        use(signedIn)
        return (profile, keys.1, signedIn)
    }

    public func profile() throws -> Profile? {
        try read { db in try Self.fetchProfile(db) }
    }

    /// The profile, or the error that tells the officer to run `init`.
    public func requireProfile() throws -> Profile {
        guard let profile = try profile() else { throw StoreError.notInitialized }
        return profile
    }

    static func fetchProfile(_ db: Database) throws -> Profile? {
        try Row.fetchOne(db, sql: "SELECT device_id, commune_code, unit_code, terminal FROM profile WHERE id = 1").map {
            let read = $0.reading("profile", key: "1")
            return Profile(
                deviceID: try read("device_id"), communeCode: try read("commune_code"), unitCode: try read("unit_code"),
                terminal: try read("terminal"))
        }
    }

    @discardableResult
    static func insertOfficer(_ db: Database, name: String, role: OfficerRole, now: LocalTime) throws -> Officer {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM officers WHERE name = ?", arguments: [name]) ?? false {
            throw StoreError.duplicateOfficer(name)
        }
        try db.execute(
            sql: """
                INSERT INTO officers (name, role, created_at) VALUES (?, ?, ?)
                """,
            arguments: [name, role.rawValue, now.epochSeconds])
        return Officer(id: db.lastInsertedRowID, name: name, role: role, disabled: false)
    }

    public func officers() throws -> [Officer] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, role, disabled FROM officers ORDER BY name").map(Self.officer)
        }
    }

    /// The officer acting: `name` if given, else the only enabled officer of the device.
    public func resolveOfficer(named name: String?) throws -> Officer {
        if let name {
            let officer = try officer(named: name)
            guard !officer.disabled else { throw StoreError.officerDisabled(officer.name) }
            return officer
        }
        let enabled = try officers().filter { !$0.disabled }
        guard enabled.count == 1, let only = enabled.first else {
            if enabled.isEmpty { throw StoreError.notInitialized }
            throw StoreError.ambiguousOfficer(enabled.map(\.name))
        }
        return only
    }

    static func officer(_ row: Row) throws -> Officer {
        let id = try row.stored("id", table: "officers", key: "unknown", as: Int64.self)
        return Officer(
            id: id, name: try row.stored("name", table: "officers", key: String(id)),
            role: try row.stored("role", table: "officers", key: String(id)),
            disabled: try row.stored("disabled", table: "officers", key: String(id)))
    }
}

/// A dossier that took a new code when the desk's unit code changed.
public struct Recoded: Sendable, Hashable {
    public let old: String
    public let new: String
}

extension FieldCaseStore {
    /// Changes the official unit code this desk's dossier codes begin with; supervisors only, and only before
    /// the desk is enrolled (the central system then holds the desk to its code). Dossiers already recorded
    /// take new codes under the new unit in the same transaction, each recorded in the audit trail with its
    /// old code, so the first sync sends codes the province accepts. Returns what was recoded.
    public func setUnitCode(_ rawCode: String, by actor: Officer, now: LocalTime) throws -> [Recoded] {
        try actor.require(.changeUnitCode)
        let unitCode = try DossierCode.validateUnitCode(rawCode.trimmingCharacters(in: .whitespaces))
        return try write { db in
            guard let profile = try Self.fetchProfile(db) else { throw StoreError.notInitialized }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM sync_config WHERE id = 1") ?? false {
                throw StoreError.unitCodeFixed(profile.unitCode)
            }
            guard unitCode != profile.unitCode else { return [] }
            try db.execute(sql: "UPDATE profile SET unit_code = ? WHERE id = 1", arguments: [unitCode])
            try Self.audit(
                db, AuditAction.unitCodeChanged, by: actor, now: now, before: ["unit": profile.unitCode],
                after: ["unit": unitCode])
            let renamed = Profile(
                deviceID: profile.deviceID, communeCode: profile.communeCode, unitCode: unitCode,
                terminal: profile.terminal)
            var recoded: [Recoded] = []
            let cases = try Row.fetchAll(db, sql: "SELECT id, code FROM cases ORDER BY received_at, code")
            for row in cases {
                let id = try row.stored("id", table: "cases", key: "unknown", as: String.self)
                let old = try row.stored("code", table: "cases", key: id, as: String.self)
                // The same day and number under the new unit: the citizen's receipt still points at its dossier.
                let new =
                    try DossierCode(parsing: old).map {
                        try DossierCode(unitCode: unitCode, date: $0.date, terminal: $0.terminal, sequence: $0.sequence)
                    }?.description ?? Self.allocateCode(db, profile: renamed, date: now.date).description
                try Self.recode(db, caseID: id, from: old, to: new, now: now, reason: "the desk's unit code changed")
                recoded.append(Recoded(old: old, new: new))
            }
            return recoded
        }
    }
}
