import ArgumentParser
import FieldCaseCore

/// `fieldcase bundle …`: sync carried on a USB stick when the link is down for days.
struct BundleCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "bundle",
            abstract: localized(
                "Sync by USB stick: write the outbox to a bundle, take the central system's reply.",
                "Đồng bộ bằng USB: ghi hàng đợi ra một gói, nhận gói trả lời của hệ thống trung tâm."),
            discussion: localized(
                """
                A bundle carries what 'sync' would send, sealed so only the central system reads it and signed \
                by this desk; the province imports it and gives back a reply signed by the central system and \
                readable only by this desk. Nothing is applied twice: a bundle, its reply and a sync over the \
                network may meet in any order.
                """,
                """
                Gói mang những gì 'sync' sẽ gửi, được mã hoá để chỉ hệ thống trung tâm đọc được và có chữ ký của \
                máy này; tỉnh nhập gói và trả lại một gói trả lời có chữ ký của hệ thống trung tâm, chỉ máy này đọc \
                được. Không gì được áp dụng hai lần: gói, gói trả lời và đồng bộ qua mạng có thể đến theo bất kỳ \
                thứ tự nào.
                """),
            subcommands: [BundleExportCommand.self, BundleImportCommand.self])
    }
}
