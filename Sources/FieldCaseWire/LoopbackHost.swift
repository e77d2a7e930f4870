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
    var v4 = in_addr()
    if inet_pton(AF_INET, bare, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
    var v6 = in6_addr()
    var loopback = in6_addr()
    guard inet_pton(AF_INET6, bare, &v6) == 1, inet_pton(AF_INET6, "::1", &loopback) == 1 else { return false }
    return withUnsafeBytes(of: &v6) { parsed in withUnsafeBytes(of: &loopback) { parsed.elementsEqual($0) } }
}
