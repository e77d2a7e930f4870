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
                page-budget-daily KB|off, page-budget-per-sync KB|off: how much of scanned pages sync may send in \
                a day (the desk's clock) or in one run. Dossiers are never held by it: only their pages wait.
                """,
                """
                review-before-sync on|off: mọi hồ sơ mới được giữ lại trên máy cho tới khi giám sát viên cho gửi \
                bằng 'queue release'. Các hồ sơ đã vào hàng đợi giữ nguyên tình trạng.
                pin-length 6-12: số chữ số tối thiểu của mã PIN mới. Trên máy không có chip TPM, mã PIN của ổ đĩa \
                bị lấy cắp có thể bị dò ngoại tuyến: 12 chữ số khiến việc dò nặng gấp một triệu lần so với 6. Cán \
                bộ có mã PIN ngắn hơn sẽ chọn mã mới ở lần đăng nhập sau.
                page-budget-daily KB|off, page-budget-per-sync KB|off: lượng trang scan được gửi trong một ngày \
                (theo đồng hồ của máy) hoặc trong một lần đồng bộ. Hồ sơ không bao giờ bị giữ vì hạn mức này: chỉ \
                các trang scan phải chờ.
                """))
    }

    enum Name: String, ExpressibleByArgument, CaseIterable {
        case reviewBeforeSync = "review-before-sync"
        case pinLength = "pin-length"
        case pageBudgetDaily = "page-budget-daily"
        case pageBudgetPerSync = "page-budget-per-sync"

        var budget: FieldCaseStore.PageBudget? {
            switch self {
            case .pageBudgetDaily: .daily
            case .pageBudgetPerSync: .perSync
            default: nil
            }
        }
    }

    /// A page budget's argument: kilobytes, or off. At most a gigabyte a day.
    static func budgetBytes(_ text: String) -> Int?? {
        if text == "off" { return .some(nil) }
        guard let kilobytes = Int(text), (0...1_048_576).contains(kilobytes) else { return nil }
        return .some(kilobytes * 1024)
    }

    /// on or off, or a number of digits: listed, so completion and help name them.
    struct Value: ExpressibleByArgument {
        let text: String
        init?(argument: String) { text = argument }
        static var allValueStrings: [String] { ["on", "off"] + PINRule.newLength.map(String.init) }
        static var defaultValueDescription: String { "on|off|DIGITS|KB" }
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized(
                "The policy: review-before-sync, pin-length, page-budget-daily or page-budget-per-sync.",
                "Chính sách: review-before-sync, pin-length, page-budget-daily hoặc page-budget-per-sync.")
        ))
    var name: Name?
    @Argument(
        help: ArgumentHelp(
            localized(
                "on or off; for pin-length, 6 to 12; for a page budget, kilobytes or off.",
                "on hoặc off; với pin-length, 6 đến 12; với hạn mức trang scan, số KB hoặc off.")))
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
        case .pageBudgetDaily, .pageBudgetPerSync:
            guard let value, Self.budgetBytes(value.text) != nil else {
                throw ValidationError(
                    localized(
                        "say how many kilobytes (0 to 1048576), or off: policy \(name?.rawValue ?? "") 2048",
                        "hãy ghi số KB (0 đến 1048576), hoặc off: policy \(name?.rawValue ?? "") 2048"))
            }
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
            case .pageBudgetDaily, .pageBudgetPerSync:
                if let budget = name.budget, let bytes = Self.budgetBytes(value.text) {
                    try store.setPageBudget(budget, bytes: bytes, by: officer, now: now)
                }
            }
        }
        let pages = try store.pageBacklog(on: now.date)
        session.say(
            .policy(
                on: try store.reviewsBeforeSync(), pinLength: try store.pinLength(), pageBudgetDaily: pages.dailyBudget,
                pageBudgetPerSync: pages.perSyncBudget))
    }
}
