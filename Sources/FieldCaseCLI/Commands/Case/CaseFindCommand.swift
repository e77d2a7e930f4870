import ArgumentParser
import FieldCaseCore

/// `fieldcase case find`: by name (with or without diacritics), ID number, phone or code.
struct CaseFindCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "find",
            abstract: localized(
                "Find dossiers by name, ID number, phone or code.",
                "Tìm hồ sơ theo họ tên, số giấy tờ, số điện thoại hoặc mã hồ sơ."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var listing: ListingOptions
    @Argument(
        help: ArgumentHelp(
            localized(
                "Words of the name (diacritics optional), an ID number, a phone or a dossier code.",
                "Các chữ trong họ tên (có dấu hoặc không dấu), số giấy tờ, số điện thoại hoặc mã hồ sơ.")))
    var words: [String]

    /// The words as one search: `case find lo thi mai` is the same search as `case find "lo thi mai"`.
    var text: String { words.joined(separator: " ") }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        // Every match up to a bound no desk search reaches, so the listing can say how many it left out.
        let records = try store.findCases(text, limit: ListingOptions.searchBound)
        // The search words may be a citizen's name or ID number: the trail keeps how many, and what was found.
        try store.recordAccess(
            AuditAction.searched, by: officer, now: now,
            details: [
                "words": String(text.split(whereSeparator: \.isWhitespace).count),
                "found": records.prefix(20).map(\.code).joined(separator: " "),
            ])
        try CaseListing(records: records, calendar: try store.catalog().calendar, now: now).print(
            output, page: listing, in: session)
    }
}
