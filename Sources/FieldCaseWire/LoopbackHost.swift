#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether `host` is this machine: `localhost` or a loopback IP address (127.0.0.0/8, ::1). A name that
/// merely starts with `127.` is not. The desk sends its token over plain HTTP only to such a host, and the
/// gateway serves plain HTTP only on one.
public func isLoopbackHost(_ host: String) -> Bool {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    if bare == "localhost" { return true }
    guard let bytes = ipAddressBytes(bare) else { return false }
    return bytes.count == 4 ? bytes[0] == 127 : bytes == Array(repeating: 0, count: 15) + [1]
}

/// Whether `text` is an IPv4 or IPv6 address literal, not a name.
public func isIPAddress(_ text: String) -> Bool { ipAddressBytes(text) != nil }

/// The bytes of an IPv4 (4) or IPv6 (16) address literal; nil for anything else.
func ipAddressBytes(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
    return nil
}
