import FieldCaseCore
import FieldCaseSync

/// The Vietnamese catalog of the desk's output: values read as a one-stop desk says them; what the officer
/// types (status codes, commands) is shown in brackets where it helps.
extension DeskText {
    var vietnamese: String {
        switch self {
        case .noDossiers: return "Không có hồ sơ nào."
        case .nothingAfter(let offset, let total): return "Không còn hồ sơ nào sau \(offset) hồ sơ đầu (tổng \(total))."
        case .statusChanged(let code, let status): return "\(code): \(status.vietnameseLabel)"
        case .field(let field):
            return VietnameseText.padded(field.vietnamese, to: DeskText.ShownField.width(\.vietnamese))
        case .applicant(let name, let gender, let born):
            return "\(name), \(gender.vietnameseLabel), sinh ngày \(born)"
        case .caseStatus(let status, let sync):
            return "\(status.vietnameseLabel)  (đồng bộ: \(sync.vietnameseLabel))"
        case .receivedBy(let time, let officer): return "\(time), cán bộ \(officer)"
        case .fee(let amount, let paid):
            return Money.vnd(amount) + (paid ? ", đã nộp" : amount > 0 ? ", chưa nộp" : "")
        case .document(let name, let originals, let copies):
            return "\(name) (\(originals) bản chính, \(copies) bản sao)"
        case .event(let seq, let time, let kind, let officer, let sync, let error):
            return "  #\(seq) \(time) \(Self.vietnameseKind(kind)), cán bộ \(officer) [\(sync.vietnameseLabel)]"
                + (error.map { ": \($0)" } ?? "")
        case .eventKind(let kind): return Self.vietnameseKind(kind)
        case .move(let from, let to, let reason):
            return "\(from.vietnameseLabel) → \(to.vietnameseLabel)" + (reason.map { "; lý do: \($0)" } ?? "")
        case .provinceUpdate(let time, let status, let actor, let reason):
            let shown = status.map { CaseStatus(rawValue: $0)?.vietnameseLabel ?? $0 } ?? "-"
            return "  tỉnh \(time) \(shown), \(actor ?? "cán bộ tỉnh")" + (reason.map { ": \($0)" } ?? "")
        case .discarded: return "đã loại bỏ"
        case .more(let count): return "… còn \(count) hồ sơ nữa (dùng --limit)"
        case .dossierCounts(let counts, let discarded):
            let listed = counts.map { "\($0.0.vietnameseLabel) \($0.1)" }
            return "Hồ sơ: " + (listed.isEmpty ? "chưa có" : listed.joined(separator: " · "))
                + (discarded > 0 ? " · đã loại bỏ \(discarded)" : "")
        case .watchTitle(let overdue, let count): return "\n\(overdue ? "Quá hạn" : "Sắp đến hạn") (\(count)):"
        case .moreInJSON(let count): return "… và \(count) hồ sơ nữa (xem --json)"
        case .warning(let warning): return "Cảnh báo: " + Self.vietnamese(warning)
        case .workingDays(let value): return value > 0 ? "trễ \(value)" : "còn \(-value)"
        case .device(let id): return id.map { "Thiết bị \($0)" } ?? "Thiết bị chưa đăng ký với trung tâm"
        case .queueCounts(let pending, let held, let rejected, let conflict):
            return "chờ gửi \(pending) · giữ lại \(held) · bị từ chối \(rejected) · xung đột \(conflict)"
        case .syncStopped(let reason):
            return "Đã dừng đồng bộ: \(reason). Giám sát viên cần đăng ký lại máy này (xem 'fieldcase sync')."
        case .reviewed(let verb, let code, let items):
            return "\(verb.vietnamese) hồ sơ \(code) (mục \(items.map(String.init).joined(separator: ", ")))."
        case .holdReason(let reason): return "lý do giữ lại: \(reason)"
        case .bundleWritten(let path, let items, let seqs, let kilobytes, let sha256):
            let carried =
                seqs.map { "\(items) mục (\($0.lowerBound)-\($0.upperBound))" }
                ?? "không có mục nào (gói chỉ xin cập nhật từ hệ thống trung tâm)"
            return "Đã ghi \(path): \(carried), \(kilobytes) KB, mã hoá cho hệ thống trung tâm và có chữ ký của máy "
                + "này.\nSHA-256 \(sha256)\n"
                + "Các mục vẫn chờ gửi cho đến khi có gói trả lời ('fieldcase bundle import TỆP') hoặc khi đồng bộ "
                + "qua mạng nhận được kết quả."
        case .replyImported(let reply):
            return "Đã nhận gói trả lời: \(reply.synced) đã đồng bộ, \(reply.rejected) bị từ chối, \(reply.conflicts) "
                + "xung đột, \(reply.updates) cập nhật từ hệ thống trung tâm; "
                + (reply.answered_now > 0
                    ? "\(reply.answered_now) mục vừa có kết quả." : "không có gì mới (máy đã biết các kết quả này).")
                + (reply.pages_stored > 0 ? " \(reply.pages_stored) trang scan đã có trên hệ thống trung tâm." : "")
        case .inBundle(let name, let since): return "trong gói từ \(since): \(name)"
        case .centralAnswers: return "Hệ thống trung tâm đang trả lời."
        case .synced(let summary):
            return
                "Đã đồng bộ: gửi \(summary.pushed), đã có sẵn \(summary.duplicates), bị từ chối \(summary.rejected), "
                + "xung đột \(summary.conflicts), nhận \(summary.pulled) cập nhật, còn chờ \(summary.pending)"
                + (summary.held > 0 ? ", giữ lại chờ duyệt \(summary.held)." : ".")
        case .waitingForSignIn(let count):
            return "\(count) mục chờ cán bộ đăng nhập: khi đó chúng được mã hoá cho trung tâm và gửi ở lần đồng bộ sau."
        case .auditProblem(let problem):
            return "Cảnh báo: hệ thống trung tâm thấy nhật ký kiểm tra của máy này bị hỏng: \(problem)"
        case .catalogProblem(let problem):
            return "Cảnh báo: không nhận danh mục của hệ thống trung tâm, máy này giữ danh mục đang có: \(problem)"
        case .enrolled(let deviceID, let commune, let terminal):
            return "Đã đăng ký: thiết bị \(deviceID) của xã \(commune), máy số \(terminal)."
        case .sending(let done, let total, let kilobytes, let perSecond, let left):
            return "↑ đang gửi \(done)/\(total) mục · \(kilobytes) KB" + (perSecond.map { " · \($0) mục/giây" } ?? "")
                + (left.map { " · còn \($0) giây" } ?? "")
        case .sendingPages(let done, let kilobytes): return "↑ đang gửi trang scan · xong \(done) · \(kilobytes) KB"
        case .pageProblem(let problem):
            return
                "Cảnh báo: việc gửi trang scan dừng lại, hồ sơ đã được đồng bộ; trang scan sẽ gửi ở lần sau: \(problem)"
        case .pagesSynced(let sent, let kilobytesSent, let waiting, let kilobytesWaiting):
            return "Trang scan: đã gửi \(sent) (\(kilobytesSent) KB), còn chờ \(waiting) (\(kilobytesWaiting) KB)."
        case .pageAttached(let code, let name, let outcome):
            let page = outcome.page
            if outcome.alreadyAttached { return "\(code): \(name) đã được đính kèm; không ghi gì thêm." }
            return "\(code): đã đính kèm \(name) (\(page.mediaType.fileExtension.uppercased()), "
                + "\((page.size + 1023) / 1024) KB, trang \(page.sha256.prefix(12)))"
                + (outcome.storedBefore ? ", lưu chung một bản với trang giống hệt của hồ sơ khác." : ".")
        case .pageLine(let number, let attached):
            let page = attached.page
            let place =
                page.stage == .result ? "kết quả" : page.component.map { "giấy tờ \($0)" } ?? "tiếp nhận"
            let where_ =
                attached.storedCentrally
                ? "đã lên hệ thống trung tâm"
                : attached.refused.map { "hệ thống trung tâm từ chối: \($0)" }
                    ?? attached.uploadSize.map { "đã gửi \(attached.sent * 100 / max(1, $0))%" }
                    ?? "chưa niêm phong cho hệ thống trung tâm (ở lần đăng nhập sau khi đăng ký thiết bị)"
            return "  \(number). \(place) · \(page.mediaType.fileExtension.uppercased()) · "
                + "\((page.size + 1023) / 1024) KB · \(page.sha256.prefix(12)) · \(where_)"
        case .pageBacklog(let backlog):
            let budget =
                backlog.dailyBudget.map { "hôm nay đã gửi \(backlog.sentToday / 1024) / \($0 / 1024) KB" }
                ?? "hôm nay đã gửi \(backlog.sentToday / 1024) KB, không giới hạn theo ngày"
            return "Trang scan chờ gửi: \(backlog.pages) (\(backlog.bytes / 1024) KB) · \(budget)"
                + (backlog.perSyncBudget.map { " · tối đa \($0 / 1024) KB mỗi lần đồng bộ" } ?? "")
                + (backlog.refused > 0 ? " · \(backlog.refused) bị từ chối" : "")
        case .receiving(let done, let kilobytes, let perSecond):
            return "↓ đang nhận \(done) cập nhật · \(kilobytes) KB"
                + (perSecond.map { " · \($0) cập nhật/giây" } ?? "")
        case .waiting(let retry, let seconds):
            return "đang chờ hệ thống trung tâm (thử lại lần \(retry) sau \(seconds) giây)"
        case .officerAdded(let role, let name): return "Đã thêm \(role.vietnameseLabel) \(name)."
        case .officerDisabled(let name): return "Đã khoá tài khoản \(name)."
        case .officerEnabled(let name): return "Đã mở lại tài khoản \(name)."
        case .pinChanged(let name): return "Đã đổi mã PIN của \(name)."
        case .pinRecovered(let name): return "Đã đặt mã PIN của \(name) bằng khoá khôi phục."
        case .newRecoveryKey:
            return "Khoá khôi phục mới, chỉ hiện lần này; hãy ghi lại và cất giữ cẩn thận:"
        case .officerState(let disabled, let lockedUntil):
            return disabled ? "đã khoá" : lockedUntil.map { "tạm khoá tới \($0)" } ?? "đang dùng"
        case .pinSet(let set): return set ? "đã đặt" : "chưa có"
        case .policy(let on, let length, let daily, let perSync):
            return "review-before-sync \(on ? "on" : "off") (duyệt trước khi gửi: \(on ? "bật" : "tắt"))\n"
                + "pin-length \(length) (mã PIN mới ít nhất \(length) chữ số)\n"
                + "page-budget-daily \(daily.map { "\($0 / 1024) KB" } ?? "off") (trang scan gửi mỗi ngày)\n"
                + "page-budget-per-sync \(perSync.map { "\($0 / 1024) KB" } ?? "off") (trang scan gửi mỗi lần đồng bộ)"
        case .setUp(let commune, let code, let terminal):
            return "Đã thiết lập \(commune) (\(code)), máy số \(terminal)."
        case .dossierCodes(let unit, let terminal):
            return "Mã hồ sơ \(unit)-YYMMDD-\(terminal)NNN (mã thiết bị: trung tâm cấp khi đăng ký)."
        case .dataIn(let path): return "Dữ liệu ở \(path)"
        case .recoveryKey: return "Khoá khôi phục, chỉ hiện lần này; hãy ghi lại và cất giữ cẩn thận:"
        case .exported(let count, let path): return "Đã xuất \(count) hồ sơ ra \(path)."
        case .backedUp(let held, let path):
            return "Đã sao lưu \(held.cases) hồ sơ (\(held.pending) mục chưa gửi) ra \(path), được mã hoá như dữ liệu "
                + "trên máy: chỉ mã PIN của cán bộ máy này hoặc khoá khôi phục mở được."
        case .restored(let held, let kept):
            return "Đã khôi phục \(held.cases) hồ sơ (\(held.pending) mục chưa gửi)."
                + (kept.map { " Dữ liệu trước đó của máy được giữ ở \($0)." } ?? "")
                + (held.enrolled
                    ? " Máy sẽ không gửi gì cho đến khi đăng ký lại: hãy xin quản trị viên mã đăng ký mới (thu hồi "
                        + "thiết bị cũ), rồi chạy 'fieldcase enroll'; khi đó những gì trung tâm còn thiếu sẽ được gửi."
                    : "")
        case .noAuditEntries: return "Không có mục nào."
        case .auditIntact(let count):
            return "Nhật ký kiểm tra nguyên vẹn: \(count) mục, nối chuỗi, chỉ ghi thêm."
        case .deviceActor: return "thiết bị"
        case .auditAction(let code): return Self.vietnameseActions[code] ?? code
        case .auditField(let code): return Self.vietnameseFields[code] ?? code
        case .feeRule(let rule):
            switch rule {
            case .none: return "không thu"
            case .fixed(let amount): return Money.vnd(amount)
            case .province: return "theo quy định của tỉnh"
            case .perPage(let amount, let firstPages, let then, let cap):
                let later =
                    firstPages > 0 && then != amount ? ", từ trang thứ \(firstPages + 1): \(Money.vnd(then))/trang" : ""
                return "\(Money.vnd(amount))/trang\(later)" + (cap.map { ", tối đa \(Money.vnd($0))/bản" } ?? "")
            }
        case .level(let level):
            switch level {
            case .commune: return "Cấp xã"
            case .province: return "Cấp tỉnh (xã tiếp nhận, chuyển tỉnh giải quyết)"
            case .ministry: return "Cấp bộ, ngành trung ương (xã tiếp nhận, chuyển giải quyết)"
            }
        case .rated(let satisfaction, let survey):
            return "đánh giá: " + Self.ratings(satisfaction, survey: survey, in: .vietnamese)
        case .handover(let handover):
            return "người nhận: \(handover.collectedBy) (\(handover.idType.vietnameseLabel) \(handover.idNumber))"
                + (handover.proxy ? ", nhận thay theo giấy ủy quyền" : "")
        case .noProcedureMatches(let words):
            return "Không có thủ tục nào khớp với '\(words)'. Hãy gõ ít từ hơn, hoặc gõ không dấu."
        case .procedureLine(let line):
            return VietnameseText.padded(line.vietnamese, to: DeskText.ProcedureLine.width(\.vietnamese))
        case .monthlyTitle(let month, let asOf): return "Báo cáo tháng \(month), tính đến \(asOf)"
        case .monthIndicators(let onTime, let satisfied):
            return "Tháng này: giải quyết đúng hạn \(Self.share(onTime)), hài lòng \(Self.share(satisfied))"
        case .indicatorsTitle(let scope, let month, let asOf):
            return "Chỉ số phục vụ (Quyết định 766/QĐ-TTg), \(scope), tháng \(month), tính đến \(asOf)"
        case .total: return "TỔNG"
        }
    }

    /// The audit trail's actions as a supervisor reads them; the code stays in the chain and in JSON.
    static let vietnameseActions = [
        AuditAction.deviceInitialized: "thiết lập máy", AuditAction.officerAdded: "thêm cán bộ",
        AuditAction.officerDisabled: "khoá tài khoản", AuditAction.officerEnabled: "mở lại tài khoản",
        AuditAction.pinChanged: "đổi mã PIN", AuditAction.pinFailed: "nhập sai mã PIN",
        AuditAction.officerLocked: "tạm khoá cán bộ", AuditAction.held: "giữ lại", AuditAction.released: "cho gửi",
        AuditAction.retried: "gửi lại", AuditAction.discarded: "loại bỏ", AuditAction.policyChanged: "đổi chính sách",
        AuditAction.exported: "xuất hồ sơ", AuditAction.protected: "mã hoá dữ liệu",
        AuditAction.recovered: "khôi phục mã PIN", AuditAction.recoveryRenewed: "đổi khoá khôi phục",
        AuditAction.rekeyed: "đổi khoá dữ liệu", AuditAction.redated: "sửa thời gian và gửi lại",
        AuditAction.enrolled: "đăng ký thiết bị", AuditAction.viewed: "xem hồ sơ",
        AuditAction.receiptPrinted: "in giấy tiếp nhận",
        AuditAction.formPrinted: "in giấy tờ hồ sơ", AuditAction.listed: "xem danh sách",
        AuditAction.searched: "tìm hồ sơ", AuditAction.reported: "xem báo cáo", AuditAction.dashboard: "xem cảnh báo",
        AuditAction.auditRead: "xem nhật ký", AuditAction.backedUp: "sao lưu",
        AuditAction.restored: "khôi phục từ bản sao lưu",
        AuditAction.bundleExported: "xuất gói đồng bộ", AuditAction.bundleAnswered: "nhận gói trả lời",
        CaseEventKind.created: "tiếp nhận hồ sơ",
        CaseEventKind.statusChanged: "đổi trạng thái", "case.recoded": "đổi mã hồ sơ",
        CaseEventKind.attached: "đính kèm trang scan",
    ]

    static let vietnameseFields = [
        "cases": "số hồ sơ", "dossiers": "số hồ sơ", "central": "trung tâm", "code": "mã", "commune": "xã",
        "device": "thiết bị", "disabled": "bị khoá", "entries": "số mục", "format": "định dạng", "found": "tìm thấy",
        "month": "tháng", "procedure": "thủ tục", "review_before_sync": "duyệt trước khi gửi", "role": "vai trò",
        "state": "tình trạng", "status": "trạng thái", "terminal": "máy số", "to": "nơi ghi", "unit": "đơn vị",
        "words": "số từ", "event": "sự kiện", "lock_seconds": "giây tạm khoá", "one_time_pins": "mã PIN một lần",
        "items": "số mục", "sha256": "SHA-256", "answers": "trả lời",
    ]

    /// An event's kind in words: the audit table names the event kinds too.
    static func vietnameseKind(_ kind: String) -> String {
        vietnameseActions[kind] ?? kind
    }

    static func vietnamese(_ warning: Dashboard.Warning) -> String {
        switch warning {
        case .notDrained(let since, let hours):
            return "hàng đợi chưa gửi được trong \(hours) giờ (mục cũ nhất từ \(Format.shortTime(since))); "
                + "hãy kiểm tra đường truyền và chạy 'fieldcase sync'"
        case .rejected(let count):
            return "\(count) mục bị hệ thống trung tâm từ chối; xem 'fieldcase queue'"
        case .conflicts(let count):
            return "\(count) mục xung đột với cập nhật của tỉnh; xem 'fieldcase queue'"
        case .held(let count):
            return "\(count) mục đang giữ lại chờ giám sát viên duyệt; xem 'fieldcase queue'"
        case .bundleUnanswered(let name, _, let days, let waiting):
            return "gói \(name) đã gửi \(days) ngày mà chưa có gói trả lời (\(waiting) mục đang chờ); hãy mang USB "
                + "lên huyện lần nữa, hoặc đồng bộ khi có mạng"
        case .notEnrolled:
            return "máy này chưa đăng ký: không gì được gửi đi cho tới khi chạy 'fieldcase enroll'"
        case .calendarUnconfirmed(let years, let dossiers):
            let named = years.map(String.init).joined(separator: ", ")
            return "\(dossiers) hồ sơ đang giải quyết có hạn trả kết quả rơi vào năm \(named), năm mà danh mục của "
                + "máy chưa có lịch nghỉ chính thức: hạn được tính theo Bộ luật Lao động và có thể thay đổi khi tỉnh "
                + "công bố lịch nghỉ của năm (nhận được khi chạy 'fieldcase sync')"
        }
    }
}

extension DeskText.ShownField {
    var vietnamese: String {
        switch self {
        case .dossier: "Hồ sơ"
        case .procedure: "Thủ tục"
        case .applicant: "Người nộp"
        case .id: "Giấy tờ"
        case .status: "Trạng thái"
        case .received: "Tiếp nhận"
        case .due: "Hẹn trả"
        case .fee: "Lệ phí"
        case .document: "Giấy tờ nộp"
        case .summary: "Trích yếu"
        case .history: "Lịch sử"
        case .pages: "Trang scan"
        case .detail(let detail): detail.vietnamese
        }
    }
}

extension DeskText.ReviewVerb {
    var vietnamese: String {
        switch self {
        case .held: "Đã giữ lại"
        case .released: "Đã cho gửi"
        case .retried: "Đã xếp gửi lại"
        case .redated: "Đã sửa thời gian và xếp gửi lại"
        case .discarded: "Đã loại bỏ"
        }
    }
}

extension DeskText.Heading {
    var vietnamese: [String] {
        switch self {
        case .cases: ["MÃ HỒ SƠ", "NGƯỜI NỘP", "TRẠNG THÁI", "HẸN TRẢ", "TIẾN ĐỘ"]
        case .watches: ["MÃ HỒ SƠ", "THỦ TỤC", "TRẠNG THÁI", "HẸN TRẢ", "NGÀY LÀM VIỆC"]
        case .queue: ["SỐ", "HỒ SƠ", "NỘI DUNG", "TÌNH TRẠNG", "LẦN THỬ"]
        case .catalog: ["MÃ", "THỦ TỤC", "THỜI HẠN", "LỆ PHÍ"]
        case .officers: ["HỌ TÊN", "VAI TRÒ", "PIN", "TÌNH TRẠNG"]
        case .audit: ["THỜI ĐIỂM", "CÁN BỘ", "THAO TÁC", "HỒ SƠ", "THAY ĐỔI"]
        case .monthly:
            ["THỦ TỤC", "KỲ TRƯỚC", "TIẾP NHẬN", "TRƯỚC HẠN", "ĐÚNG HẠN", "TRỄ HẠN", "DỪNG", "ĐANG GQ", "QUÁ HẠN"]
        }
    }
}

extension DeskText.ProcedureLine {
    var vietnamese: String {
        switch self {
        case .code: "Mã thủ tục"
        case .provinceCode: "Mã của tỉnh"
        case .name: "Tên thủ tục"
        case .field: "Lĩnh vực"
        case .level: "Cấp thực hiện"
        case .time: "Thời hạn giải quyết"
        case .fee: "Phí, lệ phí"
        case .exemptions: "Miễn lệ phí cho"
        case .documents: "Thành phần hồ sơ"
        case .result: "Kết quả"
        case .legalBasis: "Căn cứ pháp lý"
        case .source: "Nguồn"
        }
    }
}
