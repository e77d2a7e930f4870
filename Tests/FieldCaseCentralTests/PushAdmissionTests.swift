import Testing

@testable import FieldCaseCentral
@testable import FieldCaseGateway

/// The limit of pushes one gateway process works on at once, counted exactly: held places, refusals past
/// the limit, and places given back when a push ends, whether it succeeded or threw.
struct PushAdmissionTests {
    struct Failed: Error {}

    @Test("At most the limit in progress; past it, busy at once; a finished or failed push gives its place back")
    func counts() async throws {
        let admission = PushAdmission(limit: 2)
        let (entered, signal) = AsyncStream.makeStream(of: Void.self)
        // One gate per held push: a stream has one reader.
        let gates = (0..<2).map { _ in AsyncStream.makeStream(of: Void.self) }
        let held = gates.map { gate in
            Task {
                try await admission.admit {
                    signal.yield()
                    for await _ in gate.stream { break }
                }
            }
        }
        var arrivals = entered.makeAsyncIterator()
        for _ in 0..<2 { await arrivals.next() }
        // Two in progress: the third is turned away without running.
        var ran = false
        await #expect(throws: APIError.self) { try await admission.admit { ran = true } }
        #expect(!ran)
        for gate in gates { gate.continuation.finish() }
        for task in held { try await task.value }
        // Places given back, also by a push that threw.
        await #expect(throws: Failed.self) { try await admission.admit { throw Failed() } }
        try await admission.admit {}
        try await admission.admit {}
    }
}
