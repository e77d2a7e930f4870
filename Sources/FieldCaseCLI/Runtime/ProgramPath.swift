import Foundation

/// Finds the programs the desk hands work to (`lp` to print, `scanimage` to scan).
enum ProgramPath {
    /// `name` in an absolute directory of `PATH`: a relative entry would run whatever program of that name the
    /// current folder holds.
    static func find(_ name: String, in environment: [String: String]) -> URL? {
        (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").filter { $0.hasPrefix("/") }.map {
            URL(fileURLWithPath: String($0)).appendingPathComponent(name)
        }.first { url in
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && !directory.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }
    }
}
