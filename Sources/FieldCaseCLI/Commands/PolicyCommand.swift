import ArgumentParser
import FieldCaseCore

/// `fieldcase policy`: the desk's policies, sync review and PIN length.
struct PolicyCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "policy",
            abstract: localized(
                "Show or set the desk's policies (setting them: supervisors only).",
                "Xem hoặc đặt các chính sách của máy (chỉ giám sát viên được đặt)."),
            discussion: localized(
                """
                review-before-sync on|off: every new dossier is held on the device until a supervisor releases it \
                with 'queue release'. Dossiers already queued keep their state.
                pin-length 6-12: the fewest digits of a new PIN. On a desk without a TPM a stolen disk's PINs can \
                be guessed offline: 12 digits make that a million times the work of 6. Officers whose PIN is \
                shorter choose a new one at their next sign-in.
                """,
                """
                review-before-sync on|off: mọi hồ sơ mới được giữ lại trên máy cho tới khi giám sát viên cho gửi \
                bằng 'queue release'. Các hồ sơ đã vào hàng đợi giữ nguyên tình trạng.
                pin-length 6-12: số chữ số tối thiểu của mã PIN mới. Trên máy không có chip TPM, mã PIN của ổ đĩa \
                bị lấy cắp có thể bị dò ngoại tuyến: 12 chữ số khiến việc dò nặng gấp một triệu lần so với 6. Cán \
                bộ có mã PIN ngắn hơn sẽ chọn mã mới ở lần đăng nhập sau.
                """))
    }

    enum Name: String, ExpressibleByArgument, CaseIterable {
        case reviewBeforeSync = "review-before-sync"
        case pinLength = "pin-length"
    }

    /// on or off, or a number of digits: listed, so completion and help name them.
    struct Value: ExpressibleByArgument {
        let text: String
        init?(argument: String) { text = argument }
        static var allValueStrings: [String] { ["on", "off"] + PINRule.newLength.map(String.init) }
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized(
                "The policy: review-before-sync or pin-length.", "Chính sách: review-before-sync hoặc pin-length.")
        ))
    var name: Name?
    @Argument(
        help: ArgumentHelp(localized("on or off; for pin-length, 6 to 12.", "on hoặc off; với pin-length, 6 đến 12.")))
    var value: Value?

    func validate() throws {
        switch name {
        case .reviewBeforeSync where value?.text != "on" && value?.text != "off":
            throw ValidationError(
                localized(
                    "say on or off: policy review-before-sync on|off",
                    "hãy ghi on hoặc off: policy review-before-sync on|off"))
        case .pinLength where value.flatMap { Int($0.text) }.map(PINRule.newLength.contains) != true:
            throw ValidationError(
                localized(
                    "say how many digits, 6 to 12: policy pin-length 12",
                    "hãy ghi số chữ số, từ 6 đến 12: policy pin-length 12"))
        default: break
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        if let name, let value {
            let officer = try session.authenticate(actor, in: store)
            switch name {
            case .reviewBeforeSync: try store.setReviewBeforeSync(value.text == "on", by: officer, now: now)
            case .pinLength: try store.setPINLength(Int(value.text) ?? 0, by: officer, now: now)
            }
        }
        session.say(.policy(on: try store.reviewsBeforeSync(), pinLength: try store.pinLength()))
    }
}
