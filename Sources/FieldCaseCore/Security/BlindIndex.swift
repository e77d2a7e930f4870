import Crypto
import Foundation

/// Search without clear text: each folded word of a name, the ID number and the searchable details (phone,
/// old CMND number) is stored as keyed hashes of its prefixes, so `case find` matches what an officer starts
/// typing, and a copied database holds only tokens that mean nothing without the data key. Prefixes start at two letters or four digits: a
/// shorter one says too much (initials) and costs a page write per dossier for nothing a search needs; a
/// shorter query word is checked on the opened results instead. What the tokens still show: which dossiers
/// share a word or a prefix (so frequent family names stand out), never what the word is.
struct BlindIndex {
    let key: SymmetricKey

    init(_ dataKey: DataKey) {
        key = dataKey.searchKey
    }

    /// The tokens stored for an applicant.
    func tokens(for applicant: Applicant) -> Set<Data> {
        var tokens = Set<Data>()
        for word in Self.words(of: applicant) {
            let shortest = min(word.count, Self.shortestPrefix(of: word))
            for length in shortest...max(shortest, word.count) where length > 0 {
                tokens.insert(token(String(word.prefix(length))))
            }
        }
        return tokens
    }

    /// One token per query word long enough to have one; a dossier matches when it holds them all.
    func queryTokens(_ text: String) -> [Data] {
        Self.fold(text).filter { $0.count >= Self.shortestPrefix(of: $0) }.map(token)
    }

    /// Whether every query word starts a word of the applicant's: the check of short query words.
    static func matches(_ text: String, _ applicant: Applicant) -> Bool {
        let words = Self.words(of: applicant)
        return fold(text).allSatisfy { query in words.contains { $0.hasPrefix(query) } }
    }

    static func shortestPrefix(of word: String) -> Int {
        word.allSatisfy(\.isNumber) ? 4 : 2
    }

    private func token(_ word: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(word.utf8), using: key).prefix(16))
    }

    static func words(of applicant: Applicant) -> [String] {
        fold(applicant.name) + fold(applicant.idNumber)
            + ApplicantDetail.all.filter(\.searchable).flatMap { fold(applicant[$0] ?? "") }
    }

    static func fold(_ text: String) -> [String] {
        VietnameseText.folded(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
