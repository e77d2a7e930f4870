import Crypto
import Foundation

/// Search without clear text: each folded word of a name, the ID number and the phone is stored as keyed
/// hashes of all its prefixes, so `case find` matches what an officer starts typing, and a copied database
/// holds only tokens that mean nothing without the data key. What it still shows: which dossiers share a
/// word or a prefix (so frequent family names stand out), never what the word is.
struct BlindIndex {
    let key: SymmetricKey

    init(_ dataKey: DataKey) {
        key = dataKey.searchKey
    }

    /// The tokens stored for an applicant.
    func tokens(for applicant: Applicant) -> Set<Data> {
        var tokens = Set<Data>()
        for word in Self.words(of: applicant) {
            var prefix = ""
            for character in word {
                prefix.append(character)
                tokens.insert(token(prefix))
            }
        }
        return tokens
    }

    /// One token per word of a query; a dossier matches when it holds them all.
    func queryTokens(_ text: String) -> [Data] {
        Self.fold(text).map(token)
    }

    private func token(_ word: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(word.utf8), using: key).prefix(16))
    }

    static func words(of applicant: Applicant) -> [String] {
        fold(applicant.name) + fold(applicant.idNumber) + fold(applicant.phone ?? "")
    }

    static func fold(_ text: String) -> [String] {
        VietnameseText.folded(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
