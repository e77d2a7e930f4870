import ArgumentParser
import FieldCaseCore

/// `fieldcase catalog [WORDS…]`: the procedures this desk receives, found by code or by words of their names
/// and field, accents optional; one procedure found is shown whole, as its card.
struct CatalogCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "catalog",
            abstract: localized(
                "List or find procedures with their processing time and fee.",
                "Liệt kê hoặc tìm các thủ tục, thời hạn giải quyết và lệ phí."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var output: OutputOptions

    @Argument(
        help: ArgumentHelp(
            localized(
                "A procedure's code, or words of its name or field (e.g. khai sinh).",
                "Mã thủ tục, hoặc vài chữ trong tên hay lĩnh vực (ví dụ: khai sinh).")),
        completion: CompletionValues.procedures.kind)
    var words: [String] = []
    @Flag(
        help: ArgumentHelp(
            localized(
                "The criteria a citizen rates at the handover, with the codes `case status --criterion` takes.",
                "Các tiêu chí người dân đánh giá khi nhận kết quả, kèm mã dùng cho `case status --criterion`.")))
    var survey = false

    /// A procedure as scripts read it: the catalog file's own keys.
    struct Entry: Encodable {
        let code: String
        let local_code: String?
        let name_vi: String
        let name_en: String
        let field_vi: String?
        let field_en: String?
        let processing: String
        let processing_kind: String
        let processing_amount: Int?
        let fee: FeeRule
        let usual_fee: Int?
        let documents: [String]
        let details: Procedure.Details

        init(_ procedure: Procedure) {
            code = procedure.code
            local_code = procedure.localCode
            name_vi = procedure.nameVI
            name_en = procedure.nameEN
            field_vi = procedure.field?.vi
            field_en = procedure.field?.en
            processing = procedure.processing.label
            (processing_kind, processing_amount) = procedure.processing.kindAndAmount
            fee = procedure.fee
            usual_fee = procedure.fee.usualAmount
            documents = procedure.documents
            details = procedure.details
        }
    }

    func run(in session: inout Session) async throws {
        let catalog = try session.home.openStore().catalog()
        if survey { return try showSurvey(catalog.survey, in: session.language) }
        let typed = words.joined(separator: " ")
        let found = typed.isEmpty ? catalog.procedures : catalog.procedures(matching: typed)
        let language = session.language
        if found.isEmpty, !typed.isEmpty {
            throw CommandFailure(
                DeskText.noProcedureMatches(String(typed.prefix(60))).text(in: language), exitCode: Exit.noInput)
        }
        if output.json { return try printJSON(found.map(Entry.init)) }
        if found.count == 1, !typed.isEmpty {
            // Text a province typed: shown so that nothing in it can steer the terminal.
            print(TerminalText.safe(Self.card(of: found[0], in: language), lines: true))
            return
        }
        // The procedure's official name in Vietnamese: the one the slip and the province's systems use.
        var table = Table(headers: DeskText.Heading.catalog.words(in: language), flexibleColumn: 1)
        table.rows = found.map {
            [$0.code, $0.nameVI, $0.processing.label(in: language), DeskText.feeRule($0.fee).text(in: language)]
        }
        Pager.show(TerminalText.safe(table.render(), lines: true), environment: session.environment)
    }

    /// The handover survey: its version, where it comes from, each criterion's code and name.
    func showSurvey(_ survey: SatisfactionSurvey, in language: Language) throws {
        if output.json { return try printJSON(survey) }
        var table = Table(
            headers: language == .vietnamese ? ["Mã", "Tiêu chí"] : ["Code", "Criterion"], flexibleColumn: 1)
        table.rows = survey.criteria.map { [$0.code, $0.name(in: language)] }
        let heading =
            (language == .vietnamese ? "Phiếu đánh giá " : "Survey ") + survey.version
            + (survey.source.map { " (\($0))" } ?? "")
        // The province's words: shown so that nothing in them can steer the terminal.
        print(TerminalText.safe(heading + "\n" + (survey.criteria.isEmpty ? "" : table.render()), lines: true))
    }

    /// Everything the catalog says of one procedure, one labelled line each, the checklist numbered.
    static func card(of procedure: Procedure, in language: Language) -> String {
        func line(_ label: DeskText.ProcedureLine, _ value: String?) -> [String] {
            value.map { [DeskText.procedureLine(label).text(in: language) + $0] } ?? []
        }
        let details = procedure.details
        let result =
            language == .vietnamese ? details.resultVI ?? details.resultEN : details.resultEN ?? details.resultVI
        let indent = String(
            repeating: " ", count: DeskText.ProcedureLine.width(language == .vietnamese ? \.vietnamese : \.english))
        var lines = line(.code, procedure.code) + line(.provinceCode, procedure.localCode)
        lines += line(.name, procedure.nameVI) + (language == .vietnamese ? [] : [indent + procedure.nameEN])
        lines += line(.field, procedure.field?.name(in: language))
        lines += line(.level, details.level.map { DeskText.level($0).text(in: language) })
        lines += line(.time, procedure.processing.label(in: language))
        lines += details.processingNote.map { [indent + $0] } ?? []
        lines += line(.fee, DeskText.feeRule(procedure.fee).text(in: language))
        lines += details.feeNote.map { [indent + $0] } ?? []
        for (number, group) in details.feeExemptions.enumerated() {
            lines += number == 0 ? line(.exemptions, "- \(group)") : [indent + "- \(group)"]
        }
        for (number, document) in procedure.documents.enumerated() {
            lines += number == 0 ? line(.documents, "1. \(document)") : [indent + "\(number + 1). \(document)"]
        }
        lines += line(.result, result)
        for (number, basis) in details.legalBasis.enumerated() {
            lines += number == 0 ? line(.legalBasis, basis) : [indent + basis]
        }
        lines += line(.source, details.source)
        return lines.joined(separator: "\n")
    }
}
