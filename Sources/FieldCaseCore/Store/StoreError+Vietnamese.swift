extension StoreError {
    var vietnamese: String {
        switch self {
        case .notInitialized:
            return "thiết bị chưa được cài đặt; hãy chạy 'fieldcase init --commune MÃ --terminal N --officer TÊN'"
        case .alreadyInitialized(let commune, let terminal):
            return "thư mục này đã được cài cho xã \(commune), máy \(terminal); dùng --home khác cho bộ phận thứ hai"
        case .schemaTooNew(let path):
            return
                "cơ sở dữ liệu \(path) do bản fieldcase mới hơn ghi; hãy nâng cấp fieldcase (dữ liệu chưa bị thay đổi)"
        case .diskFull:
            return "ổ đĩa đã đầy: chưa lưu gì; hãy giải phóng dung lượng rồi thử lại"
        case .readOnly(let path):
            return "không ghi được vào \(path): thư mục hoặc cơ sở dữ liệu chỉ cho đọc"
        case .fileExists(let path):
            return "\(path) đã có; không bao giờ ghi đè lên một tệp có sẵn: hãy chọn tên mới (chưa ghi gì)"
        case .cannotWriteFile(let path, let reason):
            return "không ghi được \(path): \(reason) (chưa ghi gì)"
        case .unreadable(let path, let detail):
            return "không mở được cơ sở dữ liệu \(path): \(detail)"
        case .unknownOfficer(let name):
            return "không có cán bộ tên '\(name)' trên thiết bị này"
        case .ambiguousOfficer(let names):
            return
                "nhiều cán bộ dùng thiết bị này (\(names.joined(separator: ", "))); hãy cho biết bạn là ai bằng --as TÊN"
        case .officerDisabled(let name):
            return "cán bộ '\(name)' đã bị khóa"
        case .duplicateOfficer(let name):
            return "đã có cán bộ tên '\(name)'"
        case .supervisorsOnly(let name, let action):
            return "chỉ giám sát viên mới được \(action.vietnamese); '\(name)' là cán bộ (đăng nhập bằng --as)"
        case .lastSupervisor(let name):
            return "'\(name)' là giám sát viên duy nhất còn hoạt động; hãy thêm giám sát viên khác trước"
        case .pinRequired(let name):
            return "cán bộ '\(name)' cần mã PIN: đặt FIELDCASE_PIN hoặc chạy lệnh trên màn hình"
        case .wrongPIN(let name, let left):
            return "sai mã PIN của '\(name)'; sai thêm \(left) lần nữa sẽ khóa 5 phút"
        case .officerLocked(let name, let until):
            return "cán bộ '\(name)' bị khóa vì nhập sai PIN 5 lần, đến \(Self.clock(until)); "
                + "hãy thử lại sau hoặc nhờ giám sát viên đặt lại PIN"
        case .caseDiscarded(let code):
            return "hồ sơ \(code) đã bị loại khỏi hàng đợi; chỉ được lưu để đối chiếu, không thể thay đổi"
        case .unknownQueueItem(let target):
            return "không có mục hoặc hồ sơ '\(target)' trong hàng đợi; xem 'fieldcase queue'"
        case .alreadySent(let item):
            return "mục \(item) đã được gửi và đang chờ trả lời; hãy chạy 'fieldcase sync' trước"
        case .nothingToReview(let code, let expected):
            return "hồ sơ \(code) không có mục nào ở trạng thái \(expected.vietnameseLabel); xem 'fieldcase queue'"
        case .wrongItemState(let item, let state, let expected):
            return "mục \(item) đang ở trạng thái \(state.vietnameseLabel); lệnh này cần mục ở trạng thái "
                + expected.map(\.vietnameseLabel).joined(separator: " hoặc ")
        case .signInRequired:
            return
                "dữ liệu công dân đã được mã hoá: hãy đăng nhập bằng mã PIN trước (--as TÊN và FIELDCASE_PIN, hoặc 'login')"
        case .homeNotProtected(let name):
            return "thư mục này còn dữ liệu công dân chưa mã hoá từ phiên bản trước: một giám sát viên phải đăng nhập "
                + "một lần để mã hoá trước khi '\(name)' làm việc"
        case .noKeyYet(let name):
            return "'\(name)' chưa có mã PIN trên máy này: nhờ giám sát viên đặt mã ('fieldcase officer pin \(name)')"
        case .wrongRecoveryKey:
            return "khoá khôi phục này không mở được dữ liệu của máy; không có gì thay đổi"
        case .notRefusedForClock(let item):
            return
                "mục \(item) không phải việc tiếp nhận hồ sơ bị hệ thống trung tâm từ chối vì đồng hồ của máy: hãy sửa "
                + "hồ sơ rồi gửi lại bằng 'queue retry \(item)'"
        case .restoreNotFinished:
            return
                "máy vừa được khôi phục từ bản sao lưu: giám sát viên cần đăng nhập trước để mã hoá lại bằng khoá mới"
        case .dataKeyReplaced:
            return "khoá dữ liệu của máy đã được thay từ khi bạn đăng nhập (đổi khoá khôi phục hoặc khoá tài khoản một "
                + "cán bộ): chưa lưu gì; hãy đăng nhập lại"
        case .tpmLockout:
            return "chip TPM của máy tạm từ chối mọi mã PIN sau quá nhiều lần nhập sai: hãy chờ rồi thử lại, "
                + "hoặc mở dữ liệu bằng khoá khôi phục ('fieldcase officer recover')"
        case .tpmUnavailable(let reason):
            return "mã PIN của máy này được chip TPM của máy đã đặt PIN niêm phong, và chip đó không trả lời ở đây "
                + "(\(reason)): trên máy này hãy mở dữ liệu bằng khoá khôi phục ('fieldcase officer recover')"
        case .sealedDataDamaged(let what):
            return
                "dữ liệu mã hoá của \(what) không mở được: đã bị hỏng hoặc bị chuyển chỗ; hãy khôi phục từ bản sao lưu"
        case .officerRecordAltered(let name):
            return "hồ sơ cán bộ '\(name)' đã bị sửa ngoài fieldcase (vai trò không khớp nhật ký kiểm tra): từ chối "
                + "đăng nhập; giám sát viên chạy 'fieldcase audit --verify' và khôi phục từ bản sao lưu"
        case .sealing:
            return "không mã hoá được dữ liệu; chưa lưu gì"
        case .implausibleAnswer(let what):
            return "câu trả lời của hệ thống trung tâm chứa \(what) không thể có; không áp dụng gì"
        case .unitCodeFixed(let unit):
            return "máy đã đăng ký với hệ thống trung tâm theo mã đơn vị \(unit); mã hồ sơ của máy không đổi được nữa "
                + "(nhờ quản trị viên tỉnh cấp mã đăng ký mới nếu cần)"
        case .deviceTokenUnreadable:
            return
                "mã thiết bị của thư mục này được mã hoá trên máy khác (thư mục sao chép): giám sát viên cần đăng ký "
                + "lại thiết bị bằng mã đăng ký mới"
        }
    }
}
