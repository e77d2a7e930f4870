/// What registering a commune's unit code reads from the gateway's records, in the transaction that writes it.
public struct CommuneSnapshot: Sendable {
    /// The unit code registered for the commune, if any.
    public let registeredUnitCode: String?
    /// The unit code the commune's devices enrolled under, if it has devices.
    public let enrolledUnitCode: String?
    /// Another commune registered under the unit code asked for.
    public let otherCommune: String?

    public init(registeredUnitCode: String?, enrolledUnitCode: String?, otherCommune: String?) {
        self.registeredUnitCode = registeredUnitCode
        self.enrolledUnitCode = enrolledUnitCode
        self.otherCommune = otherCommune
    }
}

/// The unit code a commune's dossier codes start with is an operator's registration, never a device's claim.
enum CommuneRules {
    /// A commune with devices keeps the unit code they issue codes under, and a unit code belongs to one commune:
    /// two communes must never issue the same dossier codes.
    static func check(_ snapshot: CommuneSnapshot, commune: String, unitCode: String) throws {
        if let enrolled = snapshot.enrolledUnitCode, enrolled != unitCode {
            throw CentralError.unitCodeFixed(commune: commune, unitCode: enrolled)
        }
        if let other = snapshot.otherCommune { throw CentralError.unitCodeTaken(unitCode: unitCode, commune: other) }
    }
}
