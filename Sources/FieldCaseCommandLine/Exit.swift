/// Exit codes, from sysexits(3) where one fits, so scripts can tell what went wrong.
public enum Exit {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    /// The command line was wrong.
    public static let usage: Int32 = 64
    /// The data was wrong: a field broke a rule; nothing was written.
    public static let dataError: Int32 = 65
    /// The database could not be opened.
    public static let noInput: Int32 = 66
    /// A service needed (the gateway's PostgreSQL) does not answer.
    public static let unavailable: Int32 = 69
    /// The home folder or database cannot be written.
    /// EX_OSERR: the system refused a resource (a socket, an address).
    public static let osError: Int32 = 71
    public static let cannotCreate: Int32 = 73
    /// The disk is full.
    public static let ioError: Int32 = 74
    /// Try again later: the network or a lock.
    public static let tempFail: Int32 = 75
    /// Not allowed for this officer or device.
    public static let noPermission: Int32 = 77
    /// Not set up for this: a home without `init`, a device not enrolled.
    public static let config: Int32 = 78
}
