import ArgumentParser
import FieldCaseCore
import FieldCaseSync
import Foundation
import GRDB

/// The one place where failures become a message and an exit code.
///
/// Every error a user can meet is turned into one `Error: …` line that says what was wrong and
/// what is expected; nothing raw from Swift or SQLite reaches the screen.
public enum Diagnostics {
    public struct Report: Sendable {
        public let message: String
        public let exitCode: Int32
        /// Help or usage text that goes to standard output rather than an error line.
        public let isHelp: Bool
    }

    public static func report(for error: any Error, root: any ParsableCommand.Type = FieldCaseCommand.self) -> Report {
        switch error {
        case let code as ExitCode:
            // A command that already said what went wrong and only sets the exit code.
            return Report(message: "", exitCode: code.rawValue, isHelp: false)
        case let error as DomainError:
            return Report(message: line(error.text(in: .current)), exitCode: Exit.dataError, isHelp: false)
        case let error as StoreError:
            return Report(message: line(error.text(in: .current)), exitCode: exitCode(for: error), isHelp: false)
        case let error as SyncError:
            return Report(message: line(error.description), exitCode: error.exitCode, isHelp: false)
        case let error as CommandFailure:
            return Report(message: "Error: \(error.message)", exitCode: error.exitCode, isHelp: false)
        case let error as CorruptRow:
            let text =
                Language.current == .vietnamese
                ? "cơ sở dữ liệu bị hỏng: \(error.column) không đọc được ở bảng \(error.table), dòng \(error.key); "
                    + "không có gì thay đổi"
                : "the database is damaged: \(error); nothing was changed"
            return Report(message: line(text), exitCode: Exit.dataError, isHelp: false)
        case let error as CatalogError:
            return Report(message: "Error: \(error)", exitCode: Exit.failure, isHelp: false)
        case let error as CalendarError where error == .noWorkingTime:
            return Report(
                message: "Error: the working calendar has no office hours; the catalog needs repair",
                exitCode: Exit.failure, isHelp: false)
        case let error as DatabaseError:
            return Report(
                message:
                    "Error: unexpected database failure (SQLite code \(error.resultCode.rawValue)); nothing was changed",
                exitCode: Exit.failure, isHelp: false)
        default:
            let code = root.exitCode(for: error).rawValue
            if code == Exit.success {
                return Report(message: root.fullMessage(for: error), exitCode: code, isHelp: true)
            }
            // One line: the parser lists valid values on separate lines.
            let message = root.message(for: error).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return Report(
                message: "Error: \(message) (see --help)", exitCode: code == 1 ? Exit.usage : code, isHelp: false)
        }
    }

    /// `Error: …` (or `Lỗi: …`) in the officer's language.
    public static func line(_ text: String) -> String { "\(Language.current.errorPrefix) \(text)" }

    static func exitCode(for error: StoreError) -> Int32 {
        switch error {
        case .diskFull: Exit.ioError
        case .readOnly: Exit.cannotCreate
        case .unreadable, .schemaTooNew: Exit.noInput
        case .unknownOfficer, .ambiguousOfficer: Exit.usage
        case .officerDisabled, .supervisorsOnly, .pinRequired, .wrongPIN, .officerLocked, .signInRequired,
            .homeNotProtected, .noKeyYet, .wrongRecoveryKey, .deviceTokenUnreadable:
            Exit.noPermission
        case .sealedDataDamaged, .implausibleAnswer: Exit.dataError
        case .sealing: Exit.ioError
        case .duplicateOfficer, .lastSupervisor, .caseDiscarded, .alreadySent, .nothingToReview, .wrongItemState:
            Exit.dataError
        case .unknownQueueItem: Exit.usage
        case .notInitialized, .alreadyInitialized: Exit.failure
        }
    }
}

/// A failure a command detected itself, with the message and exit code to show.
public struct CommandFailure: Error, Sendable {
    public let message: String
    public let exitCode: Int32

    public init(_ message: String, exitCode: Int32 = Exit.failure) {
        self.message = message
        self.exitCode = exitCode
    }
}
