import Crypto
import Foundation

/// The key that seals the device token. Unattended sync must read the token with no officer present, so it
/// cannot come from a PIN: it is bound to this machine (its `/etc/machine-id`) and to the home, so a copy
/// of the home folder on another machine does not reveal it. A whole-disk image of this machine does; the
/// remedy for a lost laptop is revoking its device on the central system.
enum DeviceSecret {
    static func key(salt: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(machineID.utf8)), salt: Data(salt.utf8),
            info: Data("fieldcase device token v1".utf8), outputByteCount: 32)
    }

    static var machineID: String {
        for path in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
            if let id = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines),
                !id.isEmpty
            {
                return id
            }
        }
        return "no machine id"
    }

    static func seal(_ token: String, salt: String) throws -> Data {
        guard let sealed = try AES.GCM.seal(Data(token.utf8), using: key(salt: salt)).combined else {
            throw StoreError.sealing
        }
        return sealed
    }

    /// nil when the home was copied from another machine.
    static func open(_ sealed: Data, salt: String) -> String? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
            let plain = try? AES.GCM.open(box, using: key(salt: salt))
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }
}
