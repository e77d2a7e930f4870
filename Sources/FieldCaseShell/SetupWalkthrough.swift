import FieldCaseCLI
import FieldCaseCore

/// First start on a device that is not set up: asks for commune, terminal, officer and PIN, then runs `init`.
struct SetupWalkthrough {
    let editor: LineEditor

    func run(in session: inout Session) async -> Bool {
        guard let catalog = try? Catalog.embedded() else { return false }
        Terminal.say(.setupIntro)
        guard let commune = ask(.askCommune, completer: ShellCompletion.communes(in: catalog)),
            let terminal = ask(.askTerminal, completer: ShellCompletion.choices((1...9).map(String.init))),
            let officer = ask(.askOfficerName, completer: nil),
            let pin = askPIN()
        else { return false }
        let code = String(commune.split(separator: " ").first ?? "")
        let folded = VietnameseText.folded(commune)
        let chosen =
            catalog.communes.first { $0.code == code }
            ?? catalog.communes.first { VietnameseText.folded($0.name) == folded }
        let arguments = [
            "init", "--commune", chosen?.code ?? code, "--terminal", terminal, "--officer", officer, "--pin", pin,
        ]
        // `init` leaves its officer signed in: the one who just chose the PIN is at the desk.
        return await CommandRunner.run(arguments, session: &session) == Exit.success
    }

    private func ask(_ message: Message, completer: LineEditor.Completer?) -> String? {
        guard case .line(let answer) = editor.readLine(prompt: message.text, mode: .wholeLine, completer: completer)
        else { return nil }
        return answer.trimmingCharacters(in: .whitespaces)
    }

    private func askPIN() -> String? {
        while true {
            guard let first = SecretReader.read(prompt: Message.askNewPIN.text),
                let second = SecretReader.read(prompt: Message.askPINAgain.text)
            else { return nil }
            if first == second { return first }
            Terminal.say(.pinsDiffer)
        }
    }
}
