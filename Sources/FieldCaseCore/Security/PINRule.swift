/// What a PIN must be. Officers created before PINs were required may still hold a shorter one; they are
/// asked for a new one at their next sign-in.
public enum PINRule {
    public static let newLength = 6...12

    public static func validatedNew(_ pin: String) throws(DomainError) -> String {
        guard newLength.contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalidField(.pin, .pinFormat)
        }
        return pin
    }

    /// A random 6-digit PIN a supervisor hands over; its holder replaces it at the first sign-in.
    static func oneTime() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<6).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
    }
}
