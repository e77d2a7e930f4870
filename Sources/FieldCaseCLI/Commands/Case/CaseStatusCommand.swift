import ArgumentParser
import FieldCaseCore

extension Satisfaction.Rating: ExpressibleByArgument {
    public init?(argument: String) { self.init(ratingArgument: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--criterion CODE=RATING`: one criterion of the catalog's survey, rated.
struct RatedCriterion: ExpressibleByArgument {
    let criterion: Satisfaction.Criterion

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let rating = Satisfaction.Rating(ratingArgument: parts[1]) else { return nil }
        criterion = Satisfaction.Criterion(code: parts[0], rating: rating)
    }

    static var defaultValueDescription: String { "CODE=RATING" }
}

/// `fieldcase case status`: moves a dossier along its lifecycle.
struct CaseStatusCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "status",
            abstract: localized("Move a dossier to a new status.", "Chuyển hồ sơ sang trạng thái mới."),
            discussion: localized(
                "Statuses: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")). "
                    + "Refusing and stopping need --reason.",
                "Các trạng thái: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")). "
                    + "Từ chối và dừng giải quyết phải có --reason.")
        )
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var officer: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp(localized("Dossier code.", "Mã hồ sơ.")), completion: CompletionValues.codes.kind)
    var code: String
    @Argument(
        help: ArgumentHelp(
            localized("New status (name or national code).", "Trạng thái mới (tên hoặc mã trạng thái quốc gia).")))
    var newStatus: CaseStatus
    @Option(
        help: ArgumentHelp(
            localized("Why; required to refuse or stop.", "Lý do; bắt buộc khi từ chối hoặc dừng giải quyết.")))
    var reason: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "Who collected the result (with returned).", "Người nhận kết quả (khi chuyển sang returned).")))
    var collectedBy: String?
    @Option(
        help: ArgumentHelp(
            localized("The ID number the collector showed.", "Số giấy tờ tùy thân người nhận xuất trình.")))
    var collectorId: String?
    @Option(
        help: ArgumentHelp(localized("Its type: cccd, passport or other.", "Loại giấy tờ: cccd, passport hoặc other.")))
    var collectorIdType: Applicant.IDType = .cccd
    @Flag(
        help: ArgumentHelp(
            localized(
                "The collector came for the applicant, with an authorisation.",
                "Người nhận là người được ủy quyền.")))
    var proxy = false
    @Option(
        help: ArgumentHelp(
            localized(
                "The citizen's rating at the handover: very_satisfied, satisfied or not_satisfied (1, 2, 3).",
                "Đánh giá của người dân khi nhận kết quả: very_satisfied, satisfied hoặc not_satisfied (1, 2, 3)."),
            valueName: "RATING"))
    var rating: Satisfaction.Rating?
    @Option(
        name: .customLong("criterion"),
        help: ArgumentHelp(
            localized(
                "A criterion of the catalog's survey, rated (repeatable; `catalog --survey` lists them).",
                "Một tiêu chí của phiếu đánh giá, kèm mức đánh giá (lặp lại được; xem `catalog --survey`)."),
            valueName: "CODE=RATING"))
    var criteria: [RatedCriterion] = []

    func validate() throws {
        if (collectedBy == nil) != (collectorId == nil) {
            throw ValidationError(
                localized(
                    "--collected-by and --collector-id go together", "--collected-by và --collector-id đi cùng nhau"))
        }
        if proxy, collectedBy == nil {
            throw ValidationError(localized("--proxy goes with --collected-by", "--proxy đi cùng --collected-by"))
        }
        if !criteria.isEmpty, rating == nil {
            throw ValidationError(localized("--criterion goes with --rating", "--criterion đi cùng --rating"))
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let handover = try collectedBy.map {
            try ResultHandover(
                collectedBy: $0, idType: collectorIdType, idNumber: collectorId ?? "", proxy: proxy)
        }
        let satisfaction = try rating.map {
            try Satisfaction(rating: $0, criteria: criteria.map(\.criterion), survey: try store.catalog().survey)
        }
        let record = try store.changeStatus(
            code: code, to: newStatus, reason: reason, handover: handover, satisfaction: satisfaction,
            by: try session.authenticate(officer, in: store), now: now)
        if output.json {
            try printJSON(CaseJSON(record, calendar: try store.catalog().calendar, now: now))
        } else {
            session.say(.statusChanged(code: record.code, status: record.status))
        }
    }
}
