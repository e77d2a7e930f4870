import ArgumentParser
import FieldCaseCore

/// `fieldcase policy`: the desk's sync policy.
struct PolicyCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "policy",
            abstract: localized(
                "Show or set the sync policy (setting it: supervisors only).",
                "Xem hoặc đặt chính sách đồng bộ (chỉ giám sát viên được đặt)."),
            discussion: localized(
                """
                review-before-sync on: every new dossier is held on the device until a supervisor releases it \
                with 'queue release'. Dossiers already queued keep their state.
                """,
                """
                review-before-sync on: mọi hồ sơ mới được giữ lại trên máy cho tới khi giám sát viên cho gửi \
                bằng 'queue release'. Các hồ sơ đã vào hàng đợi giữ nguyên tình trạng.
                """))
    }

    enum Switch: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: ArgumentHelp(localized("The policy: review-before-sync.", "Chính sách: review-before-sync.")))
    var name: String?
    @Argument(help: ArgumentHelp(localized("on or off.", "on hoặc off."))) var value: Switch?

    func validate() throws {
        if let name, name != "review-before-sync" {
            throw ValidationError(
                localized(
                    "unknown policy '\(name)'; the policy is review-before-sync",
                    "không có chính sách '\(name)'; chính sách duy nhất là review-before-sync"))
        }
        if name != nil, value == nil {
            throw ValidationError(
                localized(
                    "say on or off: policy review-before-sync on|off",
                    "hãy ghi on hoặc off: policy review-before-sync on|off"))
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        if let value {
            let officer = try session.authenticate(actor, in: store)
            try store.setReviewBeforeSync(value == .on, by: officer, now: now)
        }
        session.say(.policy(on: try store.reviewsBeforeSync()))
    }
}
