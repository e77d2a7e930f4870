import FieldCaseCore

/// Why a sync or an enrollment stopped, each with the exit code scripts act on.
public enum SyncError: Error, Sendable, Equatable {
    /// The central system could not be reached, or the link dropped: run again later (75).
    case unreachable(LinkProblem)
    /// The device token was refused: enroll again (77).
    case tokenRefused
    /// The one-time enrollment token was unknown, used or expired (77).
    case enrollmentTokenRefused
    /// Another sync holds the lock on this home (75).
    case alreadyRunning
    /// Enroll first (78, EX_CONFIG).
    case notEnrolled
    /// Plain HTTP to a host that is not this machine, without --insecure.
    case insecureURL(String)
    case invalidURL(String)
    /// The central system answered something this version cannot use.
    case refused(status: Int, message: String)
    /// The gateway refused to enroll this desk for a reason the desk can name in its officer's language
    /// (`WireError.error`, one of `enrollmentRefusals`), about `detail` (65).
    case enrollmentRefused(code: String, detail: String?, message: String)
    /// The gateway holds other events under this desk's wire numbers (restored or cloned home) (1).
    case diverged(String)
    /// The gateway's history changed (restored from a backup); handled inside a sync, never shown.
    case newEpoch(String)
    /// The gateway holds this device to a quota for now; its reason says until when (75).
    case quota(String)
    /// The CA certificate given for the central system is not PEM (65).
    case invalidCA
    /// The TLS handshake failed: the central system's certificate is not trusted here, or the link is being
    /// tampered with. Not retried within a run (75).
    case untrusted
    /// The central system does not speak this desk's sync protocol: one side needs an update (76,
    /// EX_PROTOCOL).
    case unsupportedProtocol(String)

    public var exitCode: Int32 {
        switch self {
        case .unreachable, .alreadyRunning, .quota, .untrusted: 75
        case .invalidCA, .enrollmentRefused: 65
        case .unsupportedProtocol: 76
        case .tokenRefused, .enrollmentTokenRefused: 77
        case .insecureURL, .invalidURL: 64
        case .notEnrolled: 78
        case .refused, .diverged, .newEpoch: 1
        }
    }
}

extension SyncError {
    /// The refusals of `POST /v1/enroll` a desk says in its own words, with what a supervisor does next.
    static let enrollmentRefusals: Set<String> = [
        "unit_code_mismatch", "unit_code_fixed", "unit_code_taken", "terminal_taken", "commune_mismatch",
    ]

    /// Whether `detail` has the shape its refusal gives it (a unit code, a terminal 1-9, a commune code).
    static func plausibleDetail(_ code: String, _ detail: String?) -> Bool {
        guard let detail else { return true }
        switch code {
        case "unit_code_mismatch", "unit_code_fixed": return (try? DossierCode.validateUnitCode(detail)) != nil
        case "terminal_taken": return Int(detail).map { (1...9).contains($0) } ?? false
        case "commune_mismatch": return detail.count == 5 && detail.allSatisfy { $0.isASCII && $0.isNumber }
        default: return false
        }
    }

    static func englishRefusal(_ code: String, _ detail: String?) -> String? {
        switch (code, detail) {
        case ("unit_code_mismatch", let unit?), ("unit_code_fixed", let unit?):
            "the province registered unit code \(unit) for this commune and this desk's dossier codes begin with "
                + "another: a supervisor runs 'fieldcase unit-code \(unit)', then enrolls again (nothing was enrolled)"
        case ("unit_code_mismatch", nil):
            "the commune has no registered unit code on the central system: the provincial operator registers it "
                + "('fieldcase-central register-commune'); nothing was enrolled"
        case ("unit_code_taken", _):
            "this desk's unit code belongs to another commune on the central system: a supervisor sets this "
                + "commune's own with 'fieldcase unit-code CODE' (nothing was enrolled)"
        case ("terminal_taken", let terminal):
            "terminal \(terminal ?? "") is already enrolled in this commune: a second laptop enrolls with another "
                + "--terminal; if it was this desk's earlier enrollment, the operator revokes it first (nothing was "
                + "enrolled)"
        case ("commune_mismatch", let commune):
            "the token is for commune \(commune ?? "?"), not this desk's: ask for a token for this commune (nothing "
                + "was enrolled; the token can still be used)"
        default: nil
        }
    }

    static func vietnameseRefusal(_ code: String, _ detail: String?) -> String? {
        switch (code, detail) {
        case ("unit_code_mismatch", let unit?), ("unit_code_fixed", let unit?):
            "tỉnh đã đăng ký mã đơn vị \(unit) cho xã này, còn mã hồ sơ của máy bắt đầu bằng mã khác: giám sát viên "
                + "chạy 'fieldcase unit-code \(unit)' rồi đăng ký lại (chưa đăng ký gì)"
        case ("unit_code_mismatch", nil):
            "xã chưa có mã đơn vị đăng ký trên hệ thống trung tâm: cán bộ vận hành của tỉnh đăng ký mã "
                + "('fieldcase-central register-commune'); chưa đăng ký gì"
        case ("unit_code_taken", _):
            "mã đơn vị của máy này thuộc một xã khác trên hệ thống trung tâm: giám sát viên đặt mã của xã mình bằng "
                + "'fieldcase unit-code MÃ' (chưa đăng ký gì)"
        case ("terminal_taken", let terminal):
            "máy số \(terminal ?? "") đã được đăng ký ở xã này: máy thứ hai đăng ký với --terminal khác; nếu đó là lần "
                + "đăng ký trước của chính máy này, cán bộ vận hành thu hồi nó trước (chưa đăng ký gì)"
        case ("commune_mismatch", let commune):
            "mã đăng ký dành cho xã \(commune ?? "?"), không phải xã của máy này: hãy xin mã cho đúng xã (chưa đăng "
                + "ký gì; mã vẫn dùng được)"
        default: nil
        }
    }
}

extension SyncError: CustomStringConvertible {
    public var description: String { english }

    /// The message in the officer's language.
    public func text(in language: Language) -> String {
        language == .vietnamese ? vietnamese : english
    }

    var english: String {
        switch self {
        case .unreachable(let detail):
            return "the central system cannot be reached (\(detail.english)); nothing is lost: run sync again later"
        case .unsupportedProtocol(let detail):
            return "the central system does not speak this desk's sync protocol (\(detail)); nothing was sent: "
                + "update fieldcase on this desk, or ask the province which version its gateway needs"
        case .tokenRefused:
            return "the central system refused this device's token; enroll again with 'fieldcase enroll'"
        case .enrollmentTokenRefused:
            return "the enrollment token is unknown, already used or expired; ask the operator for a new one"
        case .alreadyRunning:
            return "sync already running on this home"
        case .notEnrolled:
            return
                "this device is not enrolled; run 'fieldcase enroll --central URL' once with a network (it asks for the token)"
        case .insecureURL(let url):
            return "refusing plain http to \(url): use https, or --insecure on a trusted network"
        case .invalidURL(let url):
            return "'\(url.prefix(80))' is not a central URL such as https://central.example.vn"
        case .refused(let status, let message):
            return "the central system answered \(status): \(message)"
        case .enrollmentRefused(let code, let detail, let message):
            return Self.englishRefusal(code, detail) ?? "the central system refused to enroll this desk: \(message)"
        case .diverged(let reason):
            return "sync stopped: \(reason). Nothing more is sent from this desk until a supervisor enrolls it "
                + "again as a new identity: ask the operator for a token (and a free terminal number if another "
                + "laptop is a copy of this one), then run 'fieldcase enroll --central URL "
                + "[--terminal N]'; what the central system lacks is sent again, under new dossier codes where "
                + "codes collide"
        case .newEpoch:
            return "the central system's history changed during this sync; run sync again"
        case .quota(let reason):
            return "the central system takes no more from this device for now: \(reason); nothing is lost"
        case .untrusted:
            return "the central system's certificate is not trusted here, or something on the link is posing as "
                + "it; nothing was sent. If the province signs with its own CA, enroll again with --ca-file FILE"
        case .invalidCA:
            return "the CA file holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        }
    }
}
