/// The release both executables report (`--version`, the gateway's `fieldcase_build_info`) and the Debian
/// packages are versioned by: one place to change it.
public enum Build {
    public static let version = "0.1.0"
}
