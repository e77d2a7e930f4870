import FieldCaseCore
import FieldCaseWire
import Foundation

/// `fieldcase enroll`: the one call that needs the network before any sync.
public enum DeviceEnrollment {
    /// Enrolls this desk, as terminal `terminal` (default: the profile's). The gateway checks commune,
    /// terminal and unit code before it creates anything; a new identity continues its predecessor's seq
    /// series, and a desk with items in its outbox then asks which of them the central system holds.
    public static func enroll(
        store: FieldCaseStore, profile: Profile, supervisor: Officer, centralURL: String, token: String,
        insecure: Bool, terminal: Int? = nil, trustedCA: String? = nil
    ) async throws -> EnrollResponse {
        try supervisor.require(.enroll)
        let base = try CentralAPI.validated(centralURL, insecure: insecure)
        if let trustedCA { _ = try CentralAPI.certificates(trustedCA) }
        let api = CentralAPI(baseURL: base, token: nil, trustedCA: trustedCA)
        let request = EnrollRequest(
            token: token, terminal: terminal ?? profile.terminal, unitCode: profile.unitCode,
            communeCode: profile.communeCode)
        let answer: EnrollResponse
        do {
            answer = try await api.call(SyncAPI.enroll, request).value
        } catch SyncError.tokenRefused {
            throw SyncError.enrollmentTokenRefused
        }
        try store.saveEnrollment(
            centralURL: base, answer: answer, terminal: answer.terminal, by: supervisor, now: .now(),
            centralCA: trustedCA)
        // The supervisor's sign-in opened the data key: what waits is sealed to the new central key now.
        try store.sealOutstanding()
        let enrolled = Enrollment(
            centralURL: base, deviceID: answer.deviceID, token: answer.deviceToken, pullCursor: 0, lastSyncAt: nil,
            centralCA: trustedCA, hasSealingKey: answer.sealingKey != nil)
        if try store.enrollment()?.reconcileNeeded == true {
            // If the link drops here, the next sync asks first; the desk sends nothing before.
            try await SyncEngine(store: store, enrollment: enrolled, timeout: 300).reconcile(newHistory: false)
        }
        let catalog = try await CentralAPI(baseURL: base, token: answer.deviceToken, trustedCA: trustedCA)
            .catalog(known: nil).value
        if let catalog { try store.replaceCatalog(with: try Catalog(json: catalog)) }
        // The keys for sync by USB stick, while the link is up; if it drops here, the next sync registers them.
        try? await SyncEngine(store: store, enrollment: enrolled, timeout: 60).registerBundleKeys()
        return answer
    }
}

/// A central URL a device may talk to: https, or plain http only to this machine unless `insecure`.
public func validatedCentralURL(_ url: String, insecure: Bool) throws -> String {
    try CentralAPI.validated(url, insecure: insecure)
}

/// One sync at a time per home: an advisory lock on `HOME/sync.lock`, released when the process ends.
public final class SyncLock: Sendable {
    let descriptor: Int32

    public init(home: URL) throws {
        let path = home.appendingPathComponent("sync.lock").path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SyncError.refused(status: 0, message: "cannot create \(path)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SyncError.alreadyRunning
        }
    }

    deinit { close(descriptor) }
}

/// `fieldcase sync --check`: is the central system there? The reconnect script waits on it.
public enum CentralHealth {
    public static func check(_ centralURL: String, trustedCA: String?, timeout: Double) async throws {
        var api = CentralAPI(baseURL: centralURL, token: nil, trustedCA: trustedCA)
        api.requestTimeout = .milliseconds(Int64(min(timeout, 30) * 1000))
        let health = try await api.call(SyncAPI.health).value
        guard health.status == "ok" else { throw SyncError.unreachable(.unhealthy) }
    }
}
