/// A fee rule as catalog files and the desk's table write it: `{"kind": "none"}`, `{"kind": "fixed", "amount":
/// 10000}`, `{"kind": "per_page", "amount": 2000, "first_pages": 2, "then": 1000, "cap": 200000}` or `{"kind":
/// "province"}`. A bare number, as catalogs before 2026.2 wrote the usual fee, reads as none (0) or fixed. Only the
/// shape is read here: the amounts a file may give are `CatalogRules`'s (a row stored by an earlier release reads
/// as it was).
extension FeeRule: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, amount, then, cap
        case firstPages = "first_pages"
    }

    public init(from decoder: any Decoder) throws {
        if let amount = try? decoder.singleValueContainer().decode(Int.self) {
            self = amount == 0 ? .none : .fixed(amount)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "none": self = .none
        case "province": self = .province
        case "fixed": self = .fixed(try container.decode(Int.self, forKey: .amount))
        case "per_page":
            self = .perPage(
                amount: try container.decode(Int.self, forKey: .amount),
                firstPages: try container.decodeIfPresent(Int.self, forKey: .firstPages) ?? 0,
                then: try container.decodeIfPresent(Int.self, forKey: .then)
                    ?? (try container.decode(Int.self, forKey: .amount)),
                cap: try container.decodeIfPresent(Int.self, forKey: .cap))
        default:
            throw CatalogError.malformed("fee kind '\(kind.prefix(40))' is none, fixed, per_page or province")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try container.encode("none", forKey: .kind)
        case .province: try container.encode("province", forKey: .kind)
        case .fixed(let amount):
            try container.encode("fixed", forKey: .kind)
            try container.encode(amount, forKey: .amount)
        case .perPage(let amount, let firstPages, let then, let cap):
            try container.encode("per_page", forKey: .kind)
            try container.encode(amount, forKey: .amount)
            try container.encode(firstPages, forKey: .firstPages)
            try container.encode(then, forKey: .then)
            try container.encodeIfPresent(cap, forKey: .cap)
        }
    }
}
