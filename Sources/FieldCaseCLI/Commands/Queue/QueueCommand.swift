import ArgumentParser
import FieldCaseCore

/// `fieldcase queue …`: the outbox, and the supervisors' review of it.
struct QueueCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "queue",
            abstract: localized(
                "Show the outbox; supervisors hold, release, retry or discard items.",
                "Xem hàng đợi gửi đi; giám sát viên giữ lại, cho gửi, gửi lại hoặc loại bỏ các mục."),
            discussion: localized(
                """
                ITEM is the number in the SEQ column of 'queue'. Holding and releasing work on the whole dossier \
                (named by one of its items or by its code), so its events still reach the central system in order. \
                Nothing is ever deleted: a discarded item stays, marked discarded, with who and why in 'audit'.
                """,
                """
                Số mục (ITEM) là số ở cột SỐ của 'queue'. Giữ lại và cho gửi áp dụng cho cả hồ sơ (chỉ định bằng \
                một mục của hồ sơ hoặc bằng mã hồ sơ), để các thay đổi của hồ sơ vẫn đến hệ thống trung tâm đúng thứ \
                tự. Không gì bị xoá: mục đã loại bỏ vẫn được giữ, đánh dấu là đã loại bỏ, kèm người thực hiện và lý \
                do trong 'audit'.
                """),
            subcommands: [
                QueueShowCommand.self, QueueHoldCommand.self, QueueReleaseCommand.self, QueueRetryCommand.self,
                QueueDiscardCommand.self,
            ],
            defaultSubcommand: QueueShowCommand.self
        )
    }
}
