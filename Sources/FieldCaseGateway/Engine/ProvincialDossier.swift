import FieldCaseDomain

/// A dossier in the shape provincial one-stop systems send to the National Public Service Portal: the record of
/// its `DongBoHoSoMC` call (`HoSo`) and the steps of its `CapNhatTienDoHoSoMC` call (`QuaTrinhXuLy`), with what the
/// national shape has no place for under `fieldcase`. As in those calls, values are strings, times
/// `yyyyMMddHHmmss` in Vietnam's time, the status its national code; a value the commune did not record is "".
/// sync/provincial-export.schema.json is the contract; sync/PROTOCOL.md says where each value comes from.
public struct ProvincialDossier: Encodable, Sendable, Hashable {
    public let record: Record
    public let steps: [Step]
    public let extra: Extra

    enum CodingKeys: String, CodingKey {
        case record = "HoSo", steps = "QuaTrinhXuLy", extra = "fieldcase"
    }

    /// `HoSo`: the dossier as it stands.
    public struct Record: Encodable, Sendable, Hashable {
        let code: String
        let procedureCode: String
        let procedureName: String
        let fieldCode: String
        let fieldName: String
        let channel: String
        let applicantName: String
        let applicantKind: String
        let applicantIDNumber: String
        let phone: String
        let summary: String
        let receivedAt: String
        let dueAt: String
        let status: String
        let resolvedAt: String
        let returnedAt: String
        let refusedAt: String
        let returnForm: String
        let unitName: String
        let digitised: String
        let components: [Component]
        let fees: [FeeLine]
        let supplements: [Supplement]
        let results: [ResultPaper]

        enum CodingKeys: String, CodingKey {
            case code = "MaHoSo", procedureCode = "MaTTHC", procedureName = "TenTTHC", fieldCode = "MaLinhVuc"
            case fieldName = "TenLinhVuc", channel = "KenhThucHien", applicantName = "ChuHoSo"
            case applicantKind = "LoaiDoiTuong", applicantIDNumber = "SoGiayToChuHoSo", phone = "SoDienThoai"
            case summary = "TrichYeuHoSo", receivedAt = "NgayTiepNhan", dueAt = "NgayHenTra"
            case status = "TrangThaiHoSo", resolvedAt = "NgayKetThucXuLy", returnedAt = "NgayTra"
            case refusedAt = "NgayTuChoi", returnForm = "HinhThuc", unitName = "DonViXuLy"
            case digitised = "HoSoCoThanhPhanSoHoa", components = "TaiLieuNop", fees = "DanhSachLePhi"
            case supplements = "DanhSachHoSoBoSung", results = "DanhSachGiayToKetQua"
        }
    }

    /// A paper of the dossier's checklist (`TaiLieuNop`), digitised when the gateway holds a page of it.
    public struct Component: Encodable, Sendable, Hashable {
        let number: String
        let name: String
        let digitised: String
        let fileID: String
        let filePath: String

        enum CodingKeys: String, CodingKey {
            case number = "MaThanhPhanHoSo", name = "TenTepDinhKem", digitised = "DuocSoHoa", fileID = "TepDinhKemId"
            case filePath = "DuongDanTaiTepTin"
        }
    }

    /// The fee (`DanhSachLePhi`): its amount in đồng and whether it was paid at the desk.
    public struct FeeLine: Encodable, Sendable, Hashable {
        let name: String
        let amount: String
        let paid: String

        enum CodingKeys: String, CodingKey { case name = "TenPhiLePhi", amount = "Gia", paid = "TrangThai" }
    }

    /// A request for more papers (`DanhSachHoSoBoSung`) and, once the dossier went back to processing, when.
    public struct Supplement: Encodable, Sendable, Hashable {
        let number: Int
        let requestedBy: String
        let reason: String
        let requestedAt: String
        let answered: Bool
        let answeredAt: String

        enum CodingKeys: String, CodingKey {
            case number = "HoSoBoSungId", requestedBy = "NguoiYeuCauBoSung", reason = "NoiDungBoSung"
            case requestedAt = "NgayBoSung", answered = "TrangThaiBoSung", answeredAt = "NgayTiepNhanBoSung"
        }
    }

    /// An electronic copy of the result (`DanhSachGiayToKetQua`): a result page the gateway holds.
    public struct ResultPaper: Encodable, Sendable, Hashable {
        let name: String
        let fileID: String
        let filePath: String

        enum CodingKeys: String, CodingKey {
            case name = "TenGiayTo", fileID = "GiayToId", filePath = "DuongDanTepTinKetQua"
        }
    }

    /// A step of processing (`QuaTrinhXuLy`): who moved the dossier to which status, when, and why.
    public struct Step: Encodable, Sendable, Hashable {
        let code: String
        let actor: String
        let at: String
        let note: String
        let status: String
        let statutoryEnd: String

        enum CodingKeys: String, CodingKey {
            case code = "MaHoSo", actor = "NguoiXuLy", at = "ThoiDiemXuLy", note = "NoiDungXuLy"
            case status = "TrangThai", statutoryEnd = "NgayKetThucTheoQuyDinh"
        }
    }

    /// What the national shape has no field for.
    public struct Extra: Encodable, Sendable, Hashable {
        let communeCode: String
        let applicantIDType: String
        let address: String
        let conflict: String
        let satisfaction: String
        let pages: [Page]

        enum CodingKeys: String, CodingKey {
            case communeCode = "commune_code", applicantIDType = "applicant_id_type", address, conflict, satisfaction
            case pages
        }
    }

    /// A scanned page a desk described, held or still on its way.
    public struct Page: Encodable, Sendable, Hashable {
        let sha256: String
        let stage: String
        let component: Int?
        let mediaType: String
        let size: Int
        let held: Bool

        enum CodingKeys: String, CodingKey {
            case sha256, stage, component, mediaType = "media_type", size, held
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sha256, forKey: .sha256)
            try container.encode(stage, forKey: .stage)
            // Null, never missing: the schema names every key.
            try container.encode(component, forKey: .component)
            try container.encode(mediaType, forKey: .mediaType)
            try container.encode(size, forKey: .size)
            try container.encode(held, forKey: .held)
        }
    }

    /// The dossier's code, for the access log.
    public var code: String { record.code }
}

extension LocalTime {
    /// `yyyyMMddHHmmss` in Vietnam's time: how provincial systems and the national portal write times.
    public var nationalStamp: String {
        let (year, month, day) = date.components
        let second = secondOfDay
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return String(year) + two(month) + two(day) + two(second / 3600) + two(second / 60 % 60) + two(second % 60)
    }
}
