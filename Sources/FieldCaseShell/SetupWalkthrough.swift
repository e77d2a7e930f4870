import FieldCaseCLI
import FieldCaseCore

/// First start on a device that is not set up: asks for commune, terminal, the official unit code (Enter keeps
/// the commune's), officer and PIN, each checked as
/// it is typed with the rules `init` applies and asked again when wrong, then runs `init`. Nothing typed is
/// lost to a wrong answer: only that answer is asked again.
struct SetupWalkthrough {
    let editor: LineEditor

    func run(in session: inout Session) async -> Bool {
        guard let catalog = try? Catalog.embedded() else { return false }
        Terminal.say(.setupIntro)
        guard let commune = askCommune(catalog),
            let terminal = askChecked(
                .askTerminal, completer: ShellCompletion.choices((1...9).map(String.init)),
                {
                    guard let number = Int($0), (1...9).contains(number) else {
                        throw DomainError.invalidField(.terminal, .terminalRange)
                    }
                    return String(number)
                }),
            let unitCode = askChecked(
                .askUnitCode(commune: commune.code), completer: nil,
                { $0.isEmpty ? commune.code : try DossierCode.validateUnitCode($0) }),
            let officer = askChecked(
                .askOfficerName, completer: nil, { try TextRules.personName($0, field: .officer) }),
            let pin = askPIN()
        else { return false }
        // `--name=value`: a name the officer began with '-' is still a value, not an option.
        let arguments = [
            "init", "--commune=\(commune.code)", "--terminal=\(terminal)", "--unit-code=\(unitCode)",
            "--officer=\(officer)", "--pin=\(pin)",
        ]
        // `init` leaves its officer signed in: the one who just chose the PIN is at the desk.
        return await CommandRunner.run(arguments, session: &session) == Exit.success
    }

    /// The commune by its code (or a completed line, which starts with it) or by its name; a name that
    /// several provinces use, or none, is asked again with what the catalog holds.
    private func askCommune(_ catalog: Catalog) -> Commune? {
        while let answer = ask(.askCommune, completer: ShellCompletion.communes(in: catalog)) {
            let code = String(answer.split(separator: " ").first ?? "")
            if let commune = catalog.communes.first(where: { $0.code == code }) { return commune }
            let folded = VietnameseText.folded(answer)
            let named = catalog.communes.filter {
                VietnameseText.folded($0.name) == folded
                    || VietnameseText.folded($0.name).split(separator: " ").dropFirst().joined(separator: " ") == folded
            }
            if named.count == 1, let only = named.first { return only }
            if named.isEmpty {
                Terminal.say(.unknownCommune(TerminalText.safe(String(answer.prefix(40)))))
            } else {
                Terminal.say(.severalCommunes(named.map { "\($0.code) \($0.name) (\($0.provinceName))" }))
            }
        }
        return nil
    }

    private func ask(_ message: Message, completer: LineEditor.Completer?) -> String? {
        guard case .line(let answer) = editor.readLine(prompt: message.text, mode: .wholeLine, completer: completer)
        else { return nil }
        return answer.trimmingCharacters(in: .whitespaces)
    }

    /// Asks until `check` takes the answer, showing why it did not; nil only when input ends.
    private func askChecked(
        _ message: Message, completer: LineEditor.Completer?, _ check: (String) throws -> String
    ) -> String? {
        while let answer = ask(message, completer: completer) {
            do {
                return try check(answer)
            } catch {
                StandardStreams.error(Diagnostics.report(for: error).message + "\n")
            }
        }
        return nil
    }

    /// A PIN of the right form, typed twice the same; a wrong form is said before the second asking.
    private func askPIN() -> String? {
        while true {
            guard let first = SecretReader.read(prompt: Message.askNewPIN.text) else { return nil }
            do {
                _ = try PINRule.validatedNew(first)
            } catch {
                StandardStreams.error(Diagnostics.report(for: error).message + "\n")
                continue
            }
            guard let second = SecretReader.read(prompt: Message.askPINAgain.text) else { return nil }
            if first == second { return first }
            Terminal.say(.pinsDiffer)
        }
    }
}
