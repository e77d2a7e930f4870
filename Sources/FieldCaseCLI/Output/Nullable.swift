/// An optional that JSON shows as `null` instead of leaving its key out, so consumers always see the
/// same keys. Synthesised `Encodable` drops nil optionals; a wrapped property is always encoded.
@propertyWrapper
struct Nullable<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}
