import FieldCaseDomain

/// A dossier's page as the admin API and `fieldcase-central page list` show it.
struct CentralPageJSON: Encodable {
    let sha256: String
    let size: Int
    let media_type: String
    let stage: String
    let component: Int?
    /// The gateway holds the page whole; until then the dossier is here without it.
    let held: Bool

    init(_ page: ScannedPage, held: Bool) {
        sha256 = page.sha256
        size = page.size
        media_type = page.mediaType.rawValue
        stage = page.stage.rawValue
        component = page.component
        self.held = held
    }
}
