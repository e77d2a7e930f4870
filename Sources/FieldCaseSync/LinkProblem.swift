import FieldCaseCore

/// Why the central system could not be reached, in words for the officer in either language.
public enum LinkProblem: Sendable, Equatable {
    case noAnswer(seconds: Int64)
    case timedOut
    case refused
    case dropped
    case network
    case unhealthy
    /// 429 or a 5xx; the seconds the central system asked the desk to wait, when it said.
    case busy(Int, retryAfter: Double? = nil)
    /// The whole run's `--timeout` passed.
    case deadline

    /// How long the central system asked to be left alone, if it said (Retry-After, at most ten minutes).
    var retryAfter: Double? {
        guard case .busy(_, let seconds?) = self else { return nil }
        return min(600, max(0, seconds))
    }

    var english: String {
        switch self {
        case .noAnswer(let seconds): "no answer within \(seconds) s"
        case .timedOut: "timed out"
        case .refused: "connection refused"
        case .dropped: "the link dropped"
        case .network: "network error"
        case .unhealthy: "the central system is not healthy"
        case .busy(let status, _): "the central system is busy (\(status))"
        case .deadline: "no complete answer within the --timeout"
        }
    }

    var vietnamese: String {
        switch self {
        case .noAnswer(let seconds): "không có trả lời trong \(seconds) giây"
        case .timedOut: "quá thời gian chờ"
        case .refused: "bị từ chối kết nối"
        case .dropped: "đường truyền bị ngắt"
        case .network: "lỗi mạng"
        case .unhealthy: "hệ thống trung tâm đang gặp sự cố"
        case .busy(let status, _): "hệ thống trung tâm đang quá tải (\(status))"
        case .deadline: "chưa có trả lời đầy đủ trong thời hạn --timeout"
        }
    }
}
