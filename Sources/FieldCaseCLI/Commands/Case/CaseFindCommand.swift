import ArgumentParser
import FieldCaseCore

/// `fieldcase case find`: by name (with or without diacritics), ID number, phone or code.
struct CaseFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find", abstract: "Find dossiers by name, ID number, phone or code.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Words of the name (diacritics optional), an ID number, a phone or a dossier code.") var text: String

    func run() throws {
        let now = try Clock.now()
        let (store, _) = try home.openInitialized()
        let records = try store.findCases(text)
        try CaseListing(records: records, calendar: try store.catalog().calendar, now: now).print(json: output.json)
    }
}
