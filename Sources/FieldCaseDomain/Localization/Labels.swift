/// How coded values read to a person. English shows the code itself, as scripts, CSV round trips and the
/// province's systems know it; Vietnamese shows the words a one-stop desk uses. JSON always carries the code.
public protocol Labelled {
    var vietnameseLabel: String { get }
    var code: String { get }
}

extension Labelled {
    public func label(in language: Language) -> String {
        language == .vietnamese ? vietnameseLabel : code
    }
}

extension Labelled where Self: RawRepresentable, RawValue == String {
    public var code: String { rawValue }
}

extension CaseStatus: Labelled {
    public var vietnameseLabel: String {
        switch self {
        case .received: "đã tiếp nhận"
        case .refused: "từ chối tiếp nhận"
        case .processing: "đang giải quyết"
        case .supplementRequested: "chờ bổ sung"
        case .paymentRequested: "chờ nộp nghĩa vụ tài chính"
        case .withdrawn: "công dân rút hồ sơ"
        case .stopped: "dừng giải quyết"
        case .resolved: "đã có kết quả"
        case .returned: "đã trả kết quả"
        }
    }
}

extension Timeliness: Labelled {
    public var vietnameseLabel: String {
        switch self {
        case .early: "trước hạn"
        case .onTime: "đúng hạn"
        case .late: "trễ hạn"
        case .onTrack: "trong hạn"
        case .dueSoon: "sắp đến hạn"
        case .overdue: "quá hạn"
        }
    }
}

extension CitizenID.Gender: Labelled {
    public var vietnameseLabel: String {
        switch self {
        case .male: "Nam"
        case .female: "Nữ"
        }
    }
}

extension Channel: Labelled {
    public var vietnameseLabel: String {
        switch self {
        case .inPerson: "trực tiếp"
        case .postal: "qua bưu chính"
        }
    }
}

extension Applicant.IDType: Labelled {
    public var vietnameseLabel: String {
        switch self {
        case .cccd: "CCCD"
        case .passport: "hộ chiếu"
        case .other: "giấy tờ khác"
        }
    }
}

extension ProcessingTime {
    public func label(in language: Language) -> String {
        guard language == .vietnamese else { return label }
        switch self {
        case .sameDay: return "trong ngày"
        case .workingDays(let n): return "\(n) ngày làm việc"
        case .calendarDays(let n): return "\(n) ngày"
        case .workingHours(let n): return "\(n) giờ làm việc"
        case .hours(let n): return "\(n) giờ"
        }
    }
}

extension Bool {
    /// `yes`/`no`, `có`/`không`: a CSV cell or a setting.
    public func label(in language: Language) -> String {
        language == .vietnamese ? (self ? "có" : "không") : (self ? "yes" : "no")
    }
}
