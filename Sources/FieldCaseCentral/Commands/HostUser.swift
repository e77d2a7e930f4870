import Foundation

/// The name commands run on the gateway host are logged under: whoever runs them holds the database already,
/// so they need no token, but the log still says which system user it was.
enum HostUser {
    static var name: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return "unix:" + String(cString: name)
        }
        return "unix:\(geteuid())"
    }
}
