import ArgumentParser
import FieldCaseCore

/// `fieldcase catalog`: the procedures this desk receives and how long each may take.
struct CatalogCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "catalog",
            abstract: localized(
                "List procedures with their processing time.", "Liệt kê các thủ tục và thời hạn giải quyết."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var output: OutputOptions

    struct Entry: Encodable {
        let code: String
        let name_vi: String
        let name_en: String
        let processing: String
        let fee: Int?
        let documents: [String]
    }

    func run(in session: inout Session) async throws {
        let catalog = try session.home.openStore().catalog()
        let entries = catalog.procedures.map {
            Entry(
                code: $0.code, name_vi: $0.nameVI, name_en: $0.nameEN, processing: $0.processing.label, fee: $0.fee,
                documents: $0.documents)
        }
        if output.json {
            try printJSON(entries)
            return
        }
        let language = session.language
        // The procedure's official name in both languages: the one the slip and the province's systems use.
        var table = Table(headers: DeskText.Heading.catalog.words(in: language), flexibleColumn: 1)
        table.rows = catalog.procedures.map {
            [
                $0.code, $0.nameVI, $0.processing.label(in: language),
                $0.fee.map(Money.vnd) ?? DeskText.feeByProvince.text(in: language),
            ]
        }
        Pager.show(table.render(), environment: session.environment)
    }
}
