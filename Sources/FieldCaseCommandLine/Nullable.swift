/// An optional that JSON shows as `null` instead of leaving its key out, so consumers always see the
/// same keys. Synthesised `Encodable` drops nil optionals; a wrapped property is always encoded.
/// The desk's and the gateway's JSON output both use it.
@propertyWrapper
public struct Nullable<Value: Encodable>: Encodable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}
