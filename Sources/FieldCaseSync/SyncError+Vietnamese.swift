import FieldCaseCore

/// The Vietnamese catalog of sync's failures. What the central system said is quoted as it came.
extension SyncError {
    var vietnamese: String {
        switch self {
        case .unreachable(let detail):
            return "không kết nối được hệ thống trung tâm (\(detail.vietnamese)); không mất gì: hãy đồng bộ lại sau"
        case .unsupportedProtocol(let detail):
            return "hệ thống trung tâm không dùng giao thức đồng bộ của máy này (\(detail)); chưa gửi gì: "
                + "hãy cập nhật fieldcase trên máy này, hoặc hỏi tỉnh phiên bản cổng trung tâm cần"
        case .tokenRefused:
            return "hệ thống trung tâm từ chối mã thiết bị của máy này; hãy đăng ký lại bằng 'fieldcase enroll'"
        case .enrollmentTokenRefused:
            return "mã đăng ký không có, đã dùng hoặc đã hết hạn; hãy xin cán bộ vận hành mã mới"
        case .alreadyRunning:
            return "máy này đang đồng bộ ở một phiên khác"
        case .notEnrolled:
            return
                "máy này chưa đăng ký với hệ thống trung tâm; hãy chạy 'fieldcase enroll --central URL' (máy sẽ hỏi mã đăng ký) "
                + "một lần khi có mạng"
        case .insecureURL(let url):
            return "không gửi qua http không mã hoá tới \(url): hãy dùng https, hoặc --insecure trên mạng tin cậy"
        case .invalidURL(let url):
            return "'\(url.prefix(80))' không phải địa chỉ trung tâm dạng https://central.example.vn"
        case .refused(let status, let message):
            return "hệ thống trung tâm trả lời \(status): \(message)"
        case .enrollmentRefused(let code, let detail, let message):
            return Self.vietnameseRefusal(code, detail) ?? "hệ thống trung tâm từ chối đăng ký máy này: \(message)"
        case .diverged(let reason):
            return "đã dừng đồng bộ: \(reason). Máy này không gửi gì thêm cho tới khi giám sát viên đăng ký lại nó "
                + "như một thiết bị mới: hãy xin cán bộ vận hành mã đăng ký (và một số máy còn trống nếu một máy "
                + "khác là bản sao của máy này), rồi chạy 'fieldcase enroll --central URL [--terminal N]' (máy sẽ hỏi mã đăng ký); "
                + "những gì trung tâm còn thiếu sẽ được gửi lại, dưới mã hồ sơ mới nếu mã bị trùng"
        case .newEpoch:
            return "lịch sử của hệ thống trung tâm đã thay đổi trong lúc đồng bộ; hãy đồng bộ lại"
        case .quota(let reason):
            return "hệ thống trung tâm tạm thời không nhận thêm từ máy này: \(reason); không mất gì"
        case .untrusted:
            return "chứng thư của hệ thống trung tâm không được tin cậy ở đây, hoặc có kẻ giả danh trên đường truyền; "
                + "chưa gửi gì. Nếu tỉnh dùng CA riêng, hãy đăng ký lại với --ca-file TỆP"
        case .invalidCA:
            return "tệp CA không chứa chứng thư PEM nào (-----BEGIN CERTIFICATE-----)"
        }
    }
}
