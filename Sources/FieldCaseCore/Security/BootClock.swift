import Foundation

/// Time since boot, which neither `FIELDCASE_NOW` nor a user setting the system clock can move: a PIN
/// lockout counted with it holds whatever the wall clock says. It restarts at every boot, so a lock taken
/// before a reboot is counted again from the start (the boot id tells them apart).
struct BootClock {
    let bootID: String
    let seconds: Int64

    static func now() -> BootClock {
        var spec = timespec()
        clock_gettime(CLOCK_BOOTTIME, &spec)
        let id = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return BootClock(bootID: id ?? "unknown", seconds: Int64(spec.tv_sec))
    }
}
