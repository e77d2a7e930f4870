import ArgumentParser
import FieldCaseCore

/// `--limit` and `--offset` of the listings: a desk with years of dossiers shows a page, and says what it
/// left out.
struct ListingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(localized("At most this many dossiers; 0 for all.", "Tối đa bao nhiêu hồ sơ; 0 là tất cả.")))
    var limit = 50
    @Option(help: ArgumentHelp(localized("Skip this many dossiers first.", "Bỏ qua bấy nhiêu hồ sơ đầu.")))
    var offset = 0

    /// The most matches a search opens: a page, the rest counted, and a bound on the work of one search.
    static let searchBound = 10_000

    func validate() throws {
        guard limit >= 0 else {
            throw ValidationError(localized("--limit must be 0 or more", "--limit phải từ 0 trở lên"))
        }
        guard offset >= 0 else {
            throw ValidationError(localized("--offset must be 0 or more", "--offset phải từ 0 trở lên"))
        }
    }

    /// The page of `all` to show, and how many after it were left out.
    func page<Element>(_ all: [Element]) -> (shown: [Element], more: Int) {
        let rest = all.dropFirst(offset)
        let shown = limit == 0 ? Array(rest) : Array(rest.prefix(limit))
        return (shown, rest.count - shown.count)
    }
}
