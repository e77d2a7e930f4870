/// What a PIN must be. Officers created before PINs were required may still hold a shorter one; they are
/// asked for a new one at their next sign-in, and so is everyone whose PIN is shorter than the desk's policy.
public enum PINRule {
    public static let newLength = 6...12

    /// `minimum`: the desk's PIN policy (`policy pin-length N`), from 6 to 12 digits.
    public static func validatedNew(_ pin: String, minimum: Int = newLength.lowerBound) throws(DomainError) -> String {
        let minimum = min(max(minimum, newLength.lowerBound), newLength.upperBound)
        guard (minimum...newLength.upperBound).contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw .invalidField(.pin, .pinFormat(minimum: minimum))
        }
        return pin
    }

    /// A random PIN a supervisor hands over, as long as the desk's policy asks; its holder replaces it at the
    /// first sign-in.
    static func oneTime(length: Int = newLength.lowerBound) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<length).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
    }
}
