/// How a procedure's fee or charge is set, as the catalog publishes it.
public enum FeeRule: Hashable, Sendable {
    /// Nothing to pay.
    case none
    /// One amount in VND for the dossier.
    case fixed(Int)
    /// By the page, as for certified copies: `amount` for each of the first `firstPages` pages, `then` for each
    /// page after, at most `cap` a copy when there is a cap.
    case perPage(amount: Int, firstPages: Int, then: Int, cap: Int?)
    /// Set by the province's People's Council; the officer types the amount at the desk.
    case province

    /// The amount the desk proposes before the officer says more: nil where it depends on the dossier (pages)
    /// or on the province.
    public var usualAmount: Int? {
        switch self {
        case .none: 0
        case .fixed(let amount): amount
        case .perPage, .province: nil
        }
    }

    /// The charge for `copies` copies of `pages` pages each; nil where the province sets it.
    public func amount(pages: Int, copies: Int = 1) -> Int? {
        switch self {
        case .none: return 0
        case .fixed(let amount): return amount
        case .province: return nil
        case .perPage(let amount, let firstPages, let then, let cap):
            let pages = max(0, pages)
            let copy = min(pages, firstPages) * amount + max(0, pages - firstPages) * then
            return max(0, copies) * (cap.map { min($0, copy) } ?? copy)
        }
    }
}

/// The pages of one copy and how many copies, as an officer counts them for a fee by the page.
public struct PageCount: Hashable, Sendable {
    public let pages: Int
    public let copies: Int

    public static let range = 1...10_000

    public init(pages: Int, copies: Int = 1) throws(DomainError) {
        guard Self.range.contains(pages), Self.range.contains(copies) else { throw .invalidField(.pages, .pageCounts) }
        self.pages = pages
        self.copies = copies
    }

    /// `PAGES` or `PAGES COPIES`, as typed at the desk (`2`, `2 3`).
    public init(typed text: String) throws(DomainError) {
        let numbers = text.split(whereSeparator: \.isWhitespace).map { Int($0) }
        guard (1...2).contains(numbers.count), let pages = numbers[0], let copies = numbers.count == 2 ? numbers[1] : 1
        else { throw .invalidField(.pages, .pageCounts) }
        try self.init(pages: pages, copies: copies)
    }

    /// As the guided entry keeps it in a draft.
    public var typed: String { copies == 1 ? String(pages) : "\(pages) \(copies)" }
}
