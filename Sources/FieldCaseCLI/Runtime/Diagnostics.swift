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
    public static func report(
        for error: any Error, root: any ParsableCommand.Type = FieldCaseCommand.self, in language: Language = .current
    ) -> Report {
        deskReport(for: error, in: language)
            ?? ParserText.localized(
                CommandLineRunner.report(for: error, root: root, prefix: language.errorPrefix), in: language)
    }

    /// The desk's own failures, in the session's language; nil for those every command tree shares.
    static func deskReport(for error: any Error, in language: Language) -> Report? {
        func line(_ text: String) -> String { Diagnostics.line(text, in: language) }
        switch error {
        case let error as DomainError:
            return Report(message: line(error.text(in: language)), exitCode: Exit.dataError)
        case let error as StoreError:
            return Report(message: line(error.text(in: language)), exitCode: exitCode(for: error))
        case let error as SyncError:
            return Report(message: line(error.text(in: language)), exitCode: error.exitCode)
        case let error as BundleRefusal:
            return Report(message: line(error.text(in: language)), exitCode: error.exitCode)
        case let error as CorruptRow:
            let text =
                language == .vietnamese
                ? "cơ sở dữ liệu bị hỏng: \(error.column) không đọc được ở bảng \(error.table), dòng \(error.key); "
                    + "không có gì thay đổi"
                : "the database is damaged: \(error); nothing was changed"
            return Report(message: line(text), exitCode: Exit.dataError)
        case let error as CatalogError:
            return Report(
                message: line(language == .vietnamese ? "danh mục bị hỏng: \(error)" : "\(error)"),
                exitCode: Exit.failure)
        case let error as CalendarError where error == .noWorkingTime:
            let text =
                language == .vietnamese
                ? "lịch làm việc không có giờ hành chính nào; danh mục cần được sửa"
                : "the working calendar has no office hours; the catalog needs repair"
            return Report(message: line(text), exitCode: Exit.failure)
        case let error as DatabaseError:
            let code = error.resultCode.rawValue
            let text =
                language == .vietnamese
                ? "lỗi cơ sở dữ liệu không lường trước (mã SQLite \(code)); không có gì thay đổi"
                : "unexpected database failure (SQLite code \(code)); nothing was changed"
            return Report(message: line(text), exitCode: Exit.failure)
        default:
            return nil
        }
    }

    /// `Error: …` (or `Lỗi: …`) in the officer's language.
    public static func line(_ text: String, in language: Language = .current) -> String {
        "\(language.errorPrefix) \(text)"
    }

    static func exitCode(for error: StoreError) -> Int32 {
        switch error {
        case .diskFull: Exit.ioError
        case .readOnly, .fileExists, .cannotWriteFile: Exit.cannotCreate
        case .unreadable, .schemaTooNew: Exit.noInput
        case .unknownOfficer, .ambiguousOfficer: Exit.usage
        case .officerDisabled, .supervisorsOnly, .pinRequired, .wrongPIN, .officerLocked, .signInRequired,
            .homeNotProtected, .noKeyYet, .wrongRecoveryKey, .deviceTokenUnreadable, .unitCodeFixed:
            Exit.noPermission
        case .sealedDataDamaged, .implausibleAnswer, .officerRecordAltered: Exit.dataError
        case .sealing: Exit.ioError
        case .tpmLockout: Exit.tempFail
        case .dataKeyReplaced, .restoreNotFinished: Exit.noPermission
        case .notRefusedForClock: Exit.dataError
        case .tpmUnavailable: Exit.unavailable
        case .duplicateOfficer, .lastSupervisor, .caseDiscarded, .alreadySent, .nothingToReview, .wrongItemState:
            Exit.dataError
        case .unknownQueueItem: Exit.usage
        case .notInitialized: Exit.config
        case .alreadyInitialized: Exit.failure
        }
    }
}
