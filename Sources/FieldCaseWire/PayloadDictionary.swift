import Foundation

/// The preset dictionary outbox payloads are deflated against (`PayloadCompression`): the shapes desks write
/// (a new dossier, a status change, both as `jsonText` sorts and spells them) and the words that fill them at
/// a commune's desk: family and middle names in census order, the parts of an address, the papers of the
/// commune procedures, the statuses and the reasons officers give. Deflate finds a match cheapest at the end
/// of its window, so the most frequent text comes last.
///
/// Frozen: payloads sealed at rest on desks and carried in bundles were deflated against these exact bytes
/// (`OutboxSeal`'s `z1:` format). A better dictionary is a new format beside this one, never an edit
/// (`PayloadCompressionTests` holds its digest).
enum PayloadDictionary {
    static let bytes = Data(text.utf8)

    static let text =
        [
            // Reasons and rarer papers.
            "thiếu giấy tờ, đề nghị bổ sung", "hồ sơ không hợp lệ", "công dân đề nghị rút hồ sơ",
            "chờ xác minh", "đã trả kết quả cho công dân", "Giấy tờ làm căn cứ thay đổi, cải chính",
            "Tờ khai đăng ký thay đổi, cải chính hộ tịch", "Giấy xác nhận tình trạng hôn nhân",
            "Tờ khai cấp giấy xác nhận tình trạng hôn nhân", "Giấy chứng nhận kết hôn của cha, mẹ",
            "Giấy tờ chứng minh chỗ ở hợp pháp", "Tờ khai thay đổi thông tin cư trú", "Giấy báo tử",
            "Tờ khai đăng ký khai tử", "Tờ khai đăng ký kết hôn", "Giấy tờ tùy thân của hai bên",
            "Giấy tờ tùy thân của người đi đăng ký", "Giấy tờ tùy thân của cha, mẹ", "Bản sao cần chứng thực",
            "Bản chính giấy tờ", "Đơn đề nghị", "Giấy ủy quyền", "Sổ hộ khẩu", "Giấy chứng sinh",
            "Tờ khai đăng ký khai sinh", "Giấy tờ tùy thân", "CCCD", "Tờ khai",
            // Where people live.
            "Tổ dân phố ", "Khu phố ", "Ấp ", "Bản ", "Xóm ", "Làng ", ", phường ", ", đặc khu ",
            ", thành phố Hà Nội", ", thành phố Hồ Chí Minh", ", thành phố Hải Phòng", ", thành phố Đà Nẵng",
            ", thành phố Cần Thơ", ", thành phố Huế", ", tỉnh Lào Cai", ", tỉnh Tuyên Quang", ", tỉnh Thái Nguyên",
            ", tỉnh Phú Thọ", ", tỉnh Bắc Ninh", ", tỉnh Hưng Yên", ", tỉnh Ninh Bình", ", tỉnh Quảng Trị",
            ", tỉnh Quảng Ngãi", ", tỉnh Gia Lai", ", tỉnh Đắk Lắk", ", tỉnh Khánh Hòa", ", tỉnh Lâm Đồng",
            ", tỉnh Đồng Nai", ", tỉnh Tây Ninh", ", tỉnh Vĩnh Long", ", tỉnh Đồng Tháp", ", tỉnh Cà Mau",
            ", tỉnh An Giang", ", tỉnh Cao Bằng", ", tỉnh Lạng Sơn", ", tỉnh Điện Biên", ", tỉnh Lai Châu",
            ", tỉnh Sơn La", ", tỉnh Quảng Ninh", ", tỉnh Thanh Hóa", ", tỉnh Nghệ An", ", tỉnh Hà Tĩnh",
            "Thôn ", ", xã ", ", tỉnh ",
            // Names: given names, then middle and family names, the commonest last.
            " Anh", " Hùng", " Dũng", " Tuấn", " Hương", " Hoa", " Lan", " Linh", " Hà", " Trang", " Thảo",
            " Nam", " Long", " Hải", " Sơn", " Minh", " Đức", " Ngọc", " Thanh", " Hồng", " Quang", " Hữu",
            "Lý ", "Dương ", "Ngô ", "Hồ ", "Đỗ ", "Bùi ", "Đặng ", "Võ ", "Vũ ", "Phan ", "Huỳnh ", "Hoàng ",
            "Phạm ", "Lê ", "Trần ", " Thị ", " Văn ", "Nguyễn ",
        ].joined()
        // The shapes, as the desk writes them (keys sorted), a status change and then a new dossier.
        + #"{"from":"received","reason":null,"to":"processing"}{"from":"processing","reason":null,"to":"resolved"}"#
        + #"{"from":"processing","reason":"","to":"supplement_requested"}{"from":"resolved","reason":null,"to":"returned"}"#
        + #"{"applicant":{"address":null,"date_of_birth":"1990-01-01","gender":"female","id_number":"0011900"#
        + #"00001","id_type":"passport","name":"","old_id_number":"0","phone":null},"channel":"postal","docume"#
        + #"nts":[],"due_at":"2026-01-01T17:00:00+07:00","fee":{"amount":0,"paid":false},"procedure_code":"2.00"#
        + #"0815","received_at":"2026-01-01T09:00:00+07:00","summary":null}"#
        + #"{"applicant":{"address":"Thôn , xã , tỉnh ","date_of_birth":"19","gender":"male","id_number":"0010"#
        + #"","id_type":"cccd","name":"Nguyễn Văn ","phone":"09"},"channel":"in_person","documents":[{"copies""#
        + #":0,"name":"Tờ khai","originals":1},{"copies":1,"name":"Giấy tờ tùy thân","originals":0}],"due_at":"#
        + #""2026-12-01T17:00:00+07:00","fee":{"amount":0,"paid":false},"procedure_code":"1.00","received_at":"#
        + #""2026-12-01T08:00:00+07:00","summary":null}"#
}
