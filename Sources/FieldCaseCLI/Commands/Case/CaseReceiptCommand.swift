import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase case receipt`: prints the slip the citizen takes home (`case form receipt`).
struct CaseReceiptCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "receipt",
            abstract: localized(
                "Print the acceptance and appointment slip of a dossier.",
                "In giấy tiếp nhận hồ sơ và hẹn trả kết quả (phiếu hẹn)."),
            discussion: localized(
                "Plain UTF-8 text in Vietnamese: 32 or 48 columns for a thermal receipt printer, 80 for A4.",
                "Văn bản thuần UTF-8 bằng tiếng Việt: 32 hoặc 48 cột cho máy in nhiệt, 80 cột cho khổ A4."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: ArgumentHelp(localized("Dossier code.", "Mã hồ sơ.")), completion: CompletionValues.codes.kind)
    var code: String
    @OptionGroup var paper: PaperOptions

    /// `case form receipt CODE`, by the name desks have used since the first release.
    func run(in session: inout Session) async throws {
        try CaseFormCommand.printPaper(.receipt, code: code, actor: actor, paper: paper, in: &session)
    }
}
