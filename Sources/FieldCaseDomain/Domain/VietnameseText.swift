import Foundation

/// Vietnamese text as typed at a desk: input methods produce both precomposed (NFC) and
/// combining (NFD) forms, so text is stored NFC and compared on a folded key.
public enum VietnameseText {
    /// Canonical composition with runs of white space collapsed to one space.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    /// Search key: lower case, no diacritics, đ → d, single spaces. `Nguyễn Văn Đức` → `nguyen van duc`.
    public static func folded(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            default:
                switch scalar {
                case "đ", "Đ": scalars.append("d")
                default: scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
        }
        return String(scalars).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `text` followed by spaces up to `width` terminal columns, so labels line up whatever their accents.
    public static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    /// Terminal columns taken by `text`: combining marks take none, wide East Asian characters two.
    public static func displayWidth(_ text: String) -> Int {
        text.reduce(0) { width, character in
            guard let first = character.unicodeScalars.first else { return width }
            if first.properties.generalCategory == .control || first.properties.generalCategory == .format {
                return width
            }
            return width + (isWide(first) ? 2 : 1)
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
