/// Amounts as Vietnamese write them: `20.000 ₫`.
public enum Money {
    /// Amounts as the desk writes them everywhere, listings, slips and the guided entry's summary: `50.000 ₫`.
    public static func vnd(_ amount: Int) -> String {
        let digits = Array(String(amount))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return grouped + " ₫"
    }
}
