/// A yes or no typed at the desk, in either language: "y", "yes", "c", "có" (with or without its accent)
/// or "n", "no", "k", "không".
public enum YesNo {
    static let yes: Set = ["y", "yes", "c", "có", "co"]
    static let no: Set = ["n", "no", "k", "không", "khong"]

    /// `true` or `false`, or `nil` when the answer is neither.
    public static func parse(_ answer: String) -> Bool? {
        let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
        if yes.contains(word) { return true }
        if no.contains(word) { return false }
        return nil
    }
}
