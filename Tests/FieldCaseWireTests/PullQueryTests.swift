import FieldCaseWire
import Testing

/// A pull's arguments travel in its query: what the desk writes, the gateway reads back the same, and what is
/// out of range is refused with the message the gateway answers.
struct PullQueryTests {
    static func parameters(_ query: String) -> (String) -> String? {
        let pairs = query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        return { name in pairs.first { $0.first == name }?.last }
    }

    @Test("A query the desk writes reads back the same at the gateway")
    func roundTrip() throws {
        let written = PullQuery(after: 1_749_520_800_000_001, limit: 250, resultsAfter: 42)
        #expect(try PullQuery(parameters: Self.parameters(written.query)) == written)
        let naming = PullQuery(after: 3, resultsAfter: 42, answered: "1C6A2B1E-7F0D-4E8A-9B43-2D5C0E6F8A91")
        #expect(try PullQuery(parameters: Self.parameters(naming.query)) == naming)
        #expect(SyncAPI.pull.path == "/v1/sync/pull" && SyncAPI.pull.method == .get)
    }

    @Test("Left out, a parameter takes its default", arguments: ["", "after=7", "limit=1000"])
    func defaults(query: String) throws {
        let read = try PullQuery(parameters: Self.parameters(query))
        #expect(read.resultsAfter == 0)
        #expect(read.limit == (query == "limit=1000" ? 1000 : PullQuery.defaultLimit))
    }

    @Test(
        "Out of range or not a number is refused, naming the parameter",
        arguments: [
            "after=-1", "after=x", "limit=0", "limit=1001", "results_after=-5", "results_after=1e3", "answered=",
            "answered=' OR 1=1", "answered=\(String(repeating: "a", count: 65))",
        ])
    func refused(query: String) {
        let name = String(query.prefix { $0 != "=" })
        #expect {
            _ = try PullQuery(parameters: Self.parameters(query))
        } throws: { error in
            (error as? PullQuery.Invalid)?.message.hasPrefix(name) == true
        }
    }
}
