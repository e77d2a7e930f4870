import ArgumentParser
import FieldCaseCore

/// Where a printed paper goes and how wide it is: `case receipt` and `case form`.
struct PaperOptions: ParsableArguments {
    /// The printers communes have: 58 and 80 mm thermal rolls, and A4.
    enum Width: Int, ExpressibleByArgument, CaseIterable {
        case thermal58 = 32
        case thermal80 = 48
        case page = 80
    }

    @Option(
        help: ArgumentHelp(
            localized("File to write (default: standard output).", "Tệp cần ghi ra (mặc định: đầu ra chuẩn).")),
        completion: .file())
    var out: String?
    @Flag(help: ArgumentHelp(localized("Send it to the printer (lp).", "Gửi tới máy in (lp)."))) var print = false
    @Option(help: ArgumentHelp(localized("Columns: 32, 48 or 80.", "Số cột: 32, 48 hoặc 80."))) var width: Width = .page
    @Option(
        help: ArgumentHelp(
            localized(
                "Also write the dossier code as a Code 128 barcode image (PBM, for lp or a label printer) (receipt).",
                "Ghi thêm mã hồ sơ dạng mã vạch Code 128 (ảnh PBM, cho lp hoặc máy in nhãn) (giấy tiếp nhận)."),
            valueName: "FILE"),
        completion: .file(extensions: ["pbm"]))
    var barcode: String?

    func validate() throws {
        if print, out != nil {
            throw ValidationError(localized("--print or --out, not both", "--print hoặc --out, không cả hai"))
        }
        // An image is never written to the terminal, nor over the paper's own file.
        if let barcode, barcode == "-" || barcode == out {
            throw ValidationError(
                localized(
                    "--barcode needs a file of its own", "--barcode cần một tệp riêng"))
        }
    }
}
