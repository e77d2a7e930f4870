import FieldCaseBundle
import FieldCaseCore

/// Why the desk will not write a bundle or take a reply; nothing was changed.
public enum BundleRefusal: Error, Equatable {
    /// The identity has no registered bundle keys yet (enrolled before bundles, and offline since).
    case noBundleKeys
    /// A new identity must first ask the central system which items it holds.
    case reconcileNeeded
    case notAReply
    case file(BundleError)
    /// The reply is another desk's.
    case otherDevice(deviceID: String, commune: String, terminal: Int, this: String)
    /// The reply comes from another history of the central system (restored from a backup since).
    case otherHistory
    /// The reply answers a bundle this home never wrote: a copy of it on another laptop did, under the same
    /// wire numbers, and its answers are not this home's.
    case notOurBundle
    /// Not a readable regular file of at most `BundleFile.maxBytes`.
    case cannotRead(String)

    /// sysexits: 78 (set-up) for what a network sync mends, 65 for a file that is refused.
    public var exitCode: Int32 {
        switch self {
        case .noBundleKeys, .reconcileNeeded: 78
        case .cannotRead: 66
        case .notAReply, .file, .otherDevice, .otherHistory, .notOurBundle: 65
        }
    }

    public func text(in language: Language) -> String {
        language == .vietnamese ? vietnamese : english
    }

    var english: String {
        switch self {
        case .noBundleKeys:
            "this desk has no keys for bundles yet: sync once over the network (or enroll again) first"
        case .reconcileNeeded:
            "this desk was enrolled again and must first ask the central system what it holds: sync once over "
                + "the network"
        case .notAReply: "the file is a desk's bundle for the central system, not a reply; nothing was changed"
        case .file(let problem): "the reply is refused: \(Self.english(problem)); nothing was changed"
        case .otherDevice(let device, let commune, let terminal, let this):
            "the reply is for device \(device.prefix(40)) (commune \(commune.prefix(8)), terminal \(terminal)), not "
                + "this desk as now enrolled (device \(this.prefix(40))); nothing was changed"
        case .cannotRead(let path):
            "cannot read \(path): not a readable file of at most \(BundleFile.maxBytes / 1_048_576) MB; nothing was changed"
        case .otherHistory:
            "the reply comes from an earlier or later history of the central system (it was restored from a "
                + "backup): sync once over the network; nothing was changed"
        case .notOurBundle:
            "the reply answers a bundle this desk never wrote (a copy of this desk on another laptop wrote it): "
                + "sync once over the network; nothing was changed"
        }
    }

    var vietnamese: String {
        switch self {
        case .noBundleKeys:
            "máy chưa có khoá cho gói đồng bộ: hãy đồng bộ qua mạng một lần (hoặc đăng ký lại) trước"
        case .reconcileNeeded:
            "máy vừa đăng ký lại và cần hỏi hệ thống trung tâm những mục đã nhận: hãy đồng bộ qua mạng một lần"
        case .notAReply: "tệp là gói của máy gửi lên trung tâm, không phải gói trả lời; không có gì thay đổi"
        case .file(let problem): "gói trả lời bị từ chối: \(Self.vietnamese(problem)); không có gì thay đổi"
        case .otherDevice(let device, let commune, let terminal, let this):
            "gói trả lời dành cho thiết bị \(device.prefix(40)) (xã \(commune.prefix(8)), máy số \(terminal)), không "
                + "phải máy này theo đăng ký hiện tại (thiết bị \(this.prefix(40))); không có gì thay đổi"
        case .cannotRead(let path):
            "không đọc được \(path): không phải tệp đọc được có dung lượng tối đa \(BundleFile.maxBytes / 1_048_576) MB; "
                + "không có gì thay đổi"
        case .otherHistory:
            "gói trả lời thuộc một lịch sử khác của hệ thống trung tâm (đã khôi phục từ bản sao lưu): hãy đồng bộ "
                + "qua mạng một lần; không có gì thay đổi"
        case .notOurBundle:
            "gói trả lời trả lời cho một gói máy này chưa từng ghi (một bản sao của máy này trên máy khác đã ghi): "
                + "hãy đồng bộ qua mạng một lần; không có gì thay đổi"
        }
    }

    static func english(_ problem: BundleError) -> String {
        switch problem {
        case .notABundle: "it is not a fieldcase bundle"
        case .unsupportedFormat(let format): "it is in bundle format \(format): update fieldcase on this desk"
        case .damaged: "it is damaged (cut short, or its parts do not fit together)"
        case .signedByAnotherKey: "it is not signed by the central system this desk is enrolled with"
        case .badSignature: "it was changed after the central system signed it"
        case .forAnotherRecipient, .unreadable: "it is sealed for another desk"
        }
    }

    static func vietnamese(_ problem: BundleError) -> String {
        switch problem {
        case .notABundle: "tệp không phải gói đồng bộ fieldcase"
        case .unsupportedFormat(let format): "gói có định dạng \(format): hãy cập nhật fieldcase trên máy này"
        case .damaged: "gói bị hỏng (bị cắt ngắn, hoặc các phần không khớp nhau)"
        case .signedByAnotherKey: "gói không được ký bởi hệ thống trung tâm mà máy này đã đăng ký"
        case .badSignature: "gói đã bị sửa sau khi hệ thống trung tâm ký"
        case .forAnotherRecipient, .unreadable: "gói được mã hoá cho một máy khác"
        }
    }
}
