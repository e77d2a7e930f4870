import Foundation
import Synchronization

/// A catalog's procedures as a desk looks them up: by national or provincial code, and by words of their names
/// and field typed without accents. The codes are placed when the catalog is read; the folded words only at the
/// first search, since folding every name of a full catalog costs more than most commands do in all.
struct ProcedureIndex: Sendable {
    private let positions: [String: Int]
    private let localPositions: [String: Int]
    private let folded: FoldedNames

    init(_ procedures: [Procedure]) {
        var positions: [String: Int] = [:]
        var localPositions: [String: Int] = [:]
        for (position, procedure) in procedures.enumerated() {
            positions[procedure.code] = positions[procedure.code] ?? position
            if let local = procedure.localCode { localPositions[local] = localPositions[local] ?? position }
        }
        self.positions = positions
        self.localPositions = localPositions
        folded = FoldedNames(procedures)
    }

    static func words(of text: String) -> [Substring] {
        VietnameseText.folded(text).split(separator: " ")
    }

    /// The procedure with this national code: what dossiers, the wire and the gateway key on.
    func position(of code: String) -> Int? { positions[code] }

    /// Positions of the procedures `text` finds, in catalog order: the one with that national or provincial code;
    /// else those named exactly so; else those whose name holds the words typed as a phrase (the last word may be
    /// the start of one: `khai tu` finds `đăng ký khai tử`, never `thủ tục … khai sinh`); else those where each
    /// word typed starts a word of their codes, names or field.
    func search(_ text: String) -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let exact = positions[trimmed] ?? localPositions[trimmed] { return [exact] }
        let typed = Self.words(of: trimmed)
        guard !typed.isEmpty else { return [] }
        let (names, words) = folded.lists
        let named = names.indices.filter { names[$0].contains(typed) }
        if !named.isEmpty { return named }
        let phrased = names.indices.filter { names[$0].contains { Self.holds($0, phrase: typed) } }
        if !phrased.isEmpty { return phrased }
        return words.indices.filter { position in
            typed.allSatisfy { word in words[position].contains { $0.hasPrefix(word) } }
        }
    }

    /// Whether `name` holds `phrase` word for word from some word on, its last word as a prefix.
    static func holds(_ name: [Substring], phrase: [Substring]) -> Bool {
        guard name.count >= phrase.count else { return false }
        return (0...(name.count - phrase.count)).contains { start in
            phrase.indices.allSatisfy { index in
                let word = name[start + index]
                return index == phrase.count - 1 ? word.hasPrefix(phrase[index]) : word == phrase[index]
            }
        }
    }
}

extension Catalog {
    /// The procedures an officer's words find (see `ProcedureIndex.search`): a code, a whole name, or words of
    /// the name and field in either language, accents optional.
    public func procedures(matching text: String) -> [Procedure] {
        index.search(text).map { procedures[$0] }
    }
}

/// The procedures' names and fields folded into words, made by the first search and kept for the next ones (the
/// shell searches many times with one catalog).
private final class FoldedNames: Sendable {
    private let procedures: [Procedure]
    /// Each procedure's Vietnamese and English names, folded (`VietnameseText.folded`) and split into words; and
    /// its codes, names and field, folded, as one list of words.
    private let made = Mutex<(names: [[[Substring]]], words: [[Substring]])?>(nil)

    init(_ procedures: [Procedure]) { self.procedures = procedures }

    var lists: (names: [[[Substring]]], words: [[Substring]]) {
        made.withLock { made in
            if let made { return made }
            let lists = (
                names: procedures.map { [$0.nameVI, $0.nameEN].map { ProcedureIndex.words(of: $0) } },
                words: procedures.map { procedure in
                    ([procedure.code, procedure.localCode ?? ""] + [procedure.nameVI, procedure.nameEN]
                        + [procedure.field?.vi ?? "", procedure.field?.en ?? ""]).flatMap {
                            ProcedureIndex.words(of: $0)
                        }
                }
            )
            made = lists
            return lists
        }
    }
}
