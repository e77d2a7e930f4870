import ArgumentParser
import FieldCaseCore

/// `fieldcase queue hold`: keep a dossier on the device until a supervisor releases it.
struct QueueHoldCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "hold",
            abstract: localized(
                "Hold a dossier's unsent items (supervisors only).",
                "Giữ lại các mục chưa gửi của một hồ sơ (chỉ giám sát viên)."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized("Queue item number or dossier code.", "Số mục trong hàng đợi hoặc mã hồ sơ.")),
        completion: CompletionValues.codes.kind)
    var target: String
    @Option(help: ArgumentHelp(localized("Why it is held.", "Lý do giữ lại."))) var reason: String?

    func run(in session: inout Session) async throws {
        try QueueReview.run(actor: actor, in: &session, verb: .held) { store, officer, now in
            try store.hold(target, reason: reason, by: officer, now: now)
        }
    }
}

/// `fieldcase queue release`: let a held dossier go out on the next sync.
struct QueueReleaseCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "release",
            abstract: localized(
                "Release a held dossier (supervisors only).", "Cho gửi một hồ sơ đang giữ lại (chỉ giám sát viên)."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized("Queue item number or dossier code.", "Số mục trong hàng đợi hoặc mã hồ sơ.")),
        completion: CompletionValues.codes.kind)
    var target: String

    func run(in session: inout Session) async throws {
        try QueueReview.run(actor: actor, in: &session, verb: .released) { store, officer, now in
            try store.release(target, by: officer, now: now)
        }
    }
}

/// `fieldcase queue retry`: send a rejected item again once the dossier was put right.
struct QueueRetryCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "retry",
            abstract: localized(
                "Send a rejected or conflicting item again (supervisors only).",
                "Gửi lại một mục bị từ chối hoặc bị xung đột (chỉ giám sát viên)."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: ArgumentHelp(localized("Queue item number.", "Số mục trong hàng đợi."))) var item: Int64
    @Option(
        help: ArgumentHelp(
            localized(
                "When the refused dossier was really received, once the desk's clock is right: its refused items go "
                    + "again with their times moved by the clock's error.",
                "Thời điểm thật hồ sơ bị từ chối được tiếp nhận, sau khi đã chỉnh đồng hồ của máy: các mục bị từ chối "
                    + "của hồ sơ được gửi lại với thời gian đã sửa theo độ lệch của đồng hồ."),
            valueName: "TIME"))
    var at: String?

    func run(in session: inout Session) async throws {
        if let at {
            try QueueReview.run(actor: actor, in: &session, verb: .redated) { store, officer, now in
                guard let time = LocalTime(iso8601: at) else {
                    throw DomainError.invalidField(.receivedAt, .timeFormat)
                }
                return try store.redate(item: item, at: time, by: officer, now: now)
            }
            return
        }
        try QueueReview.run(actor: actor, in: &session, verb: .retried) { store, officer, now in
            try store.retry(item: item, by: officer, now: now)
        }
    }
}

/// `fieldcase queue discard`: take an item out of the queue for good; the dossier is kept, marked discarded.
struct QueueDiscardCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "discard",
            abstract: localized(
                "Discard an item, with a reason (supervisors only).",
                "Loại bỏ một mục, kèm lý do (chỉ giám sát viên)."),
            discussion: localized(
                "Discarding the item that created a dossier discards the dossier's unsent items "
                    + "and marks it discarded.",
                "Loại bỏ mục đã tạo ra hồ sơ sẽ loại bỏ mọi mục chưa gửi của hồ sơ đó "
                    + "và đánh dấu hồ sơ là đã loại bỏ."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: ArgumentHelp(localized("Queue item number.", "Số mục trong hàng đợi."))) var item: Int64
    @Option(help: ArgumentHelp(localized("Why it is discarded (required).", "Lý do loại bỏ (bắt buộc).")))
    var reason: String

    func run(in session: inout Session) async throws {
        try QueueReview.run(actor: actor, in: &session, verb: .discarded) { store, officer, now in
            try store.discard(item: item, reason: reason, by: officer, now: now)
        }
    }
}

/// The steps every review command shares: open, authenticate, act, say what was done.
enum QueueReview {
    static func run(
        actor: OfficerOptions, in session: inout Session, verb: DeskText.ReviewVerb,
        _ action: (FieldCaseStore, Officer, LocalTime) throws -> ReviewResult
    ) throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        let result = try action(store, officer, now)
        session.say(.reviewed(verb, code: result.caseCode, items: result.items))
    }
}
