import ArgumentParser
import FieldCaseCore

/// `fieldcase officer list`: the desk's officers with role, PIN and lock state.
struct OfficerListCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: localized("List the officers.", "Liệt kê cán bộ."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var output: OutputOptions

    struct JSON: Encodable {
        let name: String
        let role: OfficerRole
        let disabled: Bool
        let has_pin: Bool
        let locked_until: String?
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officers = try store.officerStatuses().map {
            JSON(
                name: $0.officer.name, role: $0.officer.role, disabled: $0.officer.disabled, has_pin: $0.hasPIN,
                locked_until: $0.lockedUntil.flatMap { $0 > now ? $0.iso8601 : nil })
        }
        if output.json { return try printJSON(officers) }
        let language = session.language
        var table = Table(headers: DeskText.Heading.officers.words(in: language), flexibleColumn: 0)
        table.rows = officers.map {
            let state = DeskText.officerState(
                disabled: $0.disabled,
                lockedUntil: $0.locked_until.map { $0.prefix(16).replacingOccurrences(of: "T", with: " ") })
            return [
                $0.name, $0.role.label(in: language), DeskText.pinSet($0.has_pin).text(in: language),
                state.text(in: language),
            ]
        }
        print(table.render())
    }
}
