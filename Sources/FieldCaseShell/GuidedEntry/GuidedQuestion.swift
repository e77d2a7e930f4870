import FieldCaseCore

/// One question of the guided entry. The document questions come from the chosen procedure's checklist.
enum GuidedQuestion: Hashable {
    case procedure
    case name
    case dateOfBirth
    case gender
    case idType
    case idNumber
    /// A detail of `ApplicantDetail.all` that is asked; Enter skips it.
    case detail(ApplicantDetail)
    case document(index: Int, name: String)
    case otherDocuments
    /// Pages and copies, asked where the procedure's fee is by the page; the fee's default is counted from them.
    case pages
    case fee
    case paid
    case summary

    /// The key under which the answer is kept in a draft.
    var key: String {
        switch self {
        case .procedure: "procedure"
        case .name: "name"
        case .dateOfBirth: "date_of_birth"
        case .gender: "gender"
        case .idType: "id_type"
        case .idNumber: "id_number"
        case .detail(let detail): detail.key
        case .document(let index, _): "document.\(index)"
        case .otherDocuments: "other_documents"
        case .pages: "pages"
        case .fee: "fee"
        case .paid: "paid"
        case .summary: "summary"
        }
    }

    var englishPrompt: String {
        switch self {
        case .procedure: "Procedure (code or name, Tab to complete)"
        case .name: "Applicant's full name"
        case .dateOfBirth: "Date of birth (YYYY-MM-DD)"
        case .gender: "Gender (male/female)"
        case .idType: "ID document (cccd/passport/other)"
        case .idNumber: "ID number"
        case .detail(let detail): "\(detail.english) (Enter to skip)"
        case .document(_, let name): "Received '\(name)': originals copies, - if not received"
        case .otherDocuments: "Other documents NAME:ORIGINALS:COPIES, separated by ; (Enter for none)"
        case .pages: "Pages of one copy, and copies if more than one (e.g. 2 3)"
        case .fee: "Fee in VND"
        case .paid: "Fee paid? (y/n)"
        case .summary: "Summary of the request (Enter to skip)"
        }
    }

    var vietnamesePrompt: String {
        switch self {
        case .procedure: "Thủ tục (mã hoặc tên, Tab để gợi ý)"
        case .name: "Họ và tên người nộp"
        case .dateOfBirth: "Ngày sinh (YYYY-MM-DD)"
        case .gender: "Giới tính (nam/nữ)"
        case .idType: "Giấy tờ tùy thân (CCCD/hộ chiếu/khác)"
        case .idNumber: "Số giấy tờ"
        case .detail(let detail): "\(detail.vietnamese) (Enter để bỏ qua)"
        case .document(_, let name): "Đã nhận '\(name)': số bản chính số bản sao, - nếu không có"
        case .otherDocuments: "Giấy tờ khác TÊN:BẢN CHÍNH:BẢN SAO, cách nhau bởi ; (Enter nếu không có)"
        case .pages: "Số trang của một bản, và số bản nếu nhiều bản (ví dụ 2 3)"
        case .fee: "Lệ phí (đồng)"
        case .paid: "Đã nộp lệ phí? (c/k)"
        case .summary: "Tóm tắt yêu cầu (Enter để bỏ qua)"
        }
    }

    /// Short names for the summary before saving.
    var englishLabel: String {
        switch self {
        case .procedure: "Procedure"
        case .name: "Applicant"
        case .dateOfBirth: "Born"
        case .gender: "Gender"
        case .idType: "ID document"
        case .idNumber: "ID number"
        case .detail(let detail): detail.english
        case .document(_, let name): name
        case .otherDocuments: "Other documents"
        case .pages: "Pages"
        case .fee: "Fee"
        case .paid: "Paid"
        case .summary: "Summary"
        }
    }

    var vietnameseLabel: String {
        switch self {
        case .procedure: "Thủ tục"
        case .name: "Người nộp"
        case .dateOfBirth: "Ngày sinh"
        case .gender: "Giới tính"
        case .idType: "Giấy tờ"
        case .idNumber: "Số giấy tờ"
        case .detail(let detail): detail.vietnamese
        case .document(_, let name): name
        case .otherDocuments: "Giấy tờ khác"
        case .pages: "Số trang"
        case .fee: "Lệ phí"
        case .paid: "Đã nộp"
        case .summary: "Tóm tắt"
        }
    }
}
