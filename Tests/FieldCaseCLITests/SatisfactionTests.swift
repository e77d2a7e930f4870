import Foundation
import Testing

/// The citizen's rating at the handover: recorded with the return by the catalog's survey, refused with one
/// clear line when it is not one, synced, and counted in the Decision 766 indicators the desk and the gateway
/// both print.
@Suite(.serialized)
struct SatisfactionTests {
    /// The dashboard's September 2025 dossiers, now 10 September 10:00, plus K, handed-over results and ratings.
    static func ratedSeptember() throws -> DashboardReportTests.DataSet {
        let data = try DashboardReportTests.DataSet()
        // K — 7 working days from Mon 8 Sep 08:00 (due Wed 17 Sep): asked twice for papers, resolved on time on
        // Tue 9 Sep, counted late for the second request.
        try data.add("K", "1.004222", at: "2025-09-08T08:00")
        for (status, time) in [
            ("processing", "2025-09-08T08:30"), ("supplement_requested", "2025-09-08T09:00"),
            ("processing", "2025-09-08T09:30"), ("supplement_requested", "2025-09-08T10:00"),
            ("processing", "2025-09-09T08:00"), ("resolved", "2025-09-09T10:00"),
        ] {
            try data.move("K", status, at: time)
        }
        try data.hand(
            "C", at: "2025-09-08T14:00",
            ["--rating", "very_satisfied", "--criterion", "time=1", "--criterion", "attitude=satisfied"])
        try data.hand("A", at: "2025-09-09T08:00", ["--rating", "3", "--criterion", "time=not-satisfied"])
        try data.hand("B", at: "2025-09-09T16:00", [])
        // Digitised: B's and K's papers (the same scan on both: stored and sent once), C's result; F's papers only
        // in October, after the month.
        let folder = data.home.url.deletingLastPathComponent().appendingPathComponent("scans")
        let papers = try PageFiles.write(PageFiles.pdf(bytes: 40_000, seed: 1), named: "papers.pdf", in: folder)
        let result = try PageFiles.write(PageFiles.jpeg(bytes: 30_000, seed: 2), named: "result.jpg", in: folder)
        try data.attach("B", [papers], at: "2025-09-09T16:30")
        try data.attach("K", [papers], at: "2025-09-09T16:40")
        try data.attach("C", [result, "--result"], at: "2025-09-09T16:50")
        try data.attach("F", [papers], at: "2025-10-01T08:00")
        return data
    }

    @Test("report indicators: on time with the second supplement counted late, and the ratings, as counted by hand")
    func indicators() throws {
        let data = try Self.ratedSeptember()
        defer { data.home.remove() }
        let report = try #require(
            try data.home.json(
                ["report", "indicators", "--month", "2025-09", "--format", "json"], now: DashboardReportTests.now)
                as? [String: Any])
        // Received in September: B, C, D, E, F, G, K (I discarded, the rest August's).
        #expect(report["received"] as? Int == 7)
        // Resolved in September: A late, B on time after one request, C early, K on time but asked twice.
        #expect(Self.share(report["on_time"]) == [2, 4])
        #expect(report["late_for_supplements"] as? Int == 1)
        #expect(report["supplement_requests"] as? Int == 3)
        #expect(report["dossiers_asked_for_papers"] as? Int == 2)
        // Handed over: A, B, C; rated: A, C; satisfied: C.
        #expect(Self.share(report["rated"]) == [2, 3])
        #expect(Self.share(report["satisfied"]) == [1, 2])
        #expect((report["satisfied"] as? [String: Any])?["percent"] as? Double == 50)
        #expect(
            report["ratings"] as? [String: Int] == ["very_satisfied": 1, "satisfied": 0, "not_satisfied": 1])
        let criteria = try #require(report["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["code"] as? String } == ["time", "attitude"], "in the survey's order")
        #expect(criteria.first?["very_satisfied"] as? Int == 1 && criteria.first?["not_satisfied"] as? Int == 1)
        #expect(criteria.last?["satisfied"] as? Int == 1)
        #expect(report["survey"] as? String == "2026.1")
        // Digitised: B and K of the 7; an electronic result: C of the 4 resolved (F's scan came in October).
        #expect(Self.share(report["digitised"]) == [2, 7])
        #expect(Self.share(report["electronic_results"]) == [1, 4])
        #expect(report["not_recorded"] as? [String] == ["online_filing"])

        // August: J resolved on time; nothing handed over, so nothing rated and no percentage.
        let august = try #require(
            try data.home.json(
                ["report", "indicators", "--month", "2025-08", "--format", "json"], now: DashboardReportTests.now)
                as? [String: Any])
        #expect(Self.share(august["on_time"]) == [1, 1])
        #expect(Self.share(august["rated"]) == [0, 0])
        #expect((august["rated"] as? [String: Any])?["percent"] is NSNull)

        // status counts the month so far the same way.
        let status = try #require(
            try data.home.json(["status", "--json"], now: DashboardReportTests.now) as? [String: Any])
        let month = try #require(status["indicators"] as? [String: Any])
        #expect(Self.share(month["on_time"]) == [2, 4] && Self.share(month["satisfied"]) == [1, 2])
        let statusText = try data.home.run(["status"], now: DashboardReportTests.now).stdout
        #expect(statusText.contains("This month: resolved on time 2/4 50.0%, satisfied 1/2 50.0%"), "\(statusText)")

        let shown = try data.home.run(["case", "show", data.codes["C"]!], now: DashboardReportTests.now).stdout
        #expect(
            shown.contains(
                "rated: Very satisfied; Processing time against the appointment slip: very satisfied; "
                    + "The officers' manner and helpfulness: satisfied"), "\(shown)")

        let text = try data.home.run(
            ["report", "indicators", "--month", "2025-09"], environment: ["LANG": "vi_VN.UTF-8"],
            now: DashboardReportTests.now)
        #expect(text.status == 0, "\(text.stderr)")
        for line in [
            "Giải quyết đúng hạn: 2/4  50.0%", "tính trễ hạn vì yêu cầu bổ sung quá một lần: 1",
            "Hài lòng và rất hài lòng: 1/2  50.0%", "Thời gian giải quyết so với giấy hẹn",
            "Số hóa hồ sơ: 2/7  28.6%", "Kết quả có bản điện tử: 1/4  25.0%",
            "Chưa ghi nhận trong phiên bản này: nộp trực tuyến",
        ] {
            #expect(text.stdout.contains(line), "\(line):\n\(text.stdout)")
        }
    }

    @Test("A rating that is not one, or comes without a return, is refused with one line and nothing is written")
    func refused() throws {
        let data = try DashboardReportTests.DataSet()
        defer { data.home.remove() }
        let code = data.codes["C"]!
        // The codes the refusal names are the ones `catalog --survey` lists.
        let survey = try data.home.run(["catalog", "--survey"], now: DashboardReportTests.now)
        #expect(survey.stdout.hasPrefix("Survey 2026.1 (Decree 61/2018"), "\(survey.stdout)")
        #expect(survey.stdout.contains("attitude  The officers' manner and helpfulness"), "\(survey.stdout)")
        let before = try data.home.json(["queue", "--json"], now: DashboardReportTests.now)
        for (arguments, status, words) in [
            (["returned", "--rating", "1", "--criterion", "parking=1"], 65, "time, contacts, guidance"),
            (["returned", "--rating", "1", "--criterion", "time=1", "--criterion", "time=2"], 65, "time, contacts"),
            (["returned", "--criterion", "time=1"], 64, "--criterion goes with --rating"),
            (["returned", "--rating", "4"], 64, "rating"),
            (["returned", "--rating", "1", "--criterion", "time"], 64, "criterion"),
        ] {
            let result = try data.home.run(["case", "status", code] + arguments, now: DashboardReportTests.now)
            #expect(result.status == Int32(status), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 3, "one clear message: \(result.stderr)")
        }
        let onOpen = try data.home.run(
            ["case", "status", data.codes["D"]!, "resolved", "--rating", "2"], now: DashboardReportTests.now)
        #expect(onOpen.status == 65 && onOpen.stderr.contains("citizen's rating"), "\(onOpen.stderr)")
        let after = try data.home.json(["queue", "--json"], now: DashboardReportTests.now)
        #expect(NSDictionary(dictionary: before as? [String: Any] ?? [:]).isEqual(after as? [String: Any] ?? [:]))
    }

    @Test("The gateway takes the rating by its shape and counts the same indicators as the desk")
    func synced() throws {
        let data = try Self.ratedSeptember()
        defer { data.home.remove() }
        let central = try CentralServer(directory: data.home.url.deletingLastPathComponent())
        try central.start()
        defer { central.stop() }
        let enrolled = try data.home.run(
            ["enroll", "--central", central.url, "--token", try central.enrollToken()], now: DashboardReportTests.now)
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
        let synced = try data.home.run(["sync", "--json"], now: DashboardReportTests.now)
        #expect(synced.status == 0 && synced.stdout.contains(#""rejected" : 0"#), "\(synced.stdout)\(synced.stderr)")
        // Two different scans, the papers' attached three times: each crossed once.
        #expect(synced.stdout.contains(#""pages_sent" : 2"#), "\(synced.stdout)")
        #expect(synced.stdout.contains(#""pages_waiting" : 0"#), "\(synced.stdout)")
        // Both count September whole: the gateway's clock is past it, and so is the desk's here.
        let desk = try #require(
            try data.home.json(
                ["report", "indicators", "--month", "2025-09", "--format", "json"], now: "2025-10-02T08:00:00+07:00")
                as? [String: Any])
        let answer = try central.command([
            "report", "indicators", "--commune", "02266", "--month", "2025-09", "--json", "--pages", central.pages,
        ])
        try #require(answer.status == 0, "\(answer.stderr)")
        let province = try #require(
            try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])
        #expect(province["scope"] as? String == "commune 02266")
        #expect(Self.share(province["on_time"]) == [2, 4] && Self.share(province["satisfied"]) == [1, 2])
        #expect(province["supplement_requests"] as? Int == 3, "each desk move counted once, not again as its notice")
        let byProvince = try central.command([
            "report", "indicators", "--province", "08", "--month", "2025-09", "--json", "--pages", central.pages,
        ])
        #expect(byProvince.status == 0 && byProvince.stdout.contains(#""received" : 7"#), "\(byProvince.stdout)")
        let unknown = try central.command(["report", "indicators", "--commune", "99999", "--month", "2025-09"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown commune"), "\(unknown.stderr)")
        for key in [
            "received", "digitised", "electronic_results", "on_time", "late_for_supplements", "supplement_requests",
            "dossiers_asked_for_papers", "rated",
            "satisfied", "ratings", "criteria", "survey", "not_recorded", "as_of", "scope",
        ] {
            #expect(
                NSDictionary(dictionary: ["v": desk[key] ?? NSNull()]).isEqual(["v": province[key] ?? NSNull()]),
                "\(key): desk \(desk[key] ?? "nil"), central \(province[key] ?? "nil")")
        }
    }

    static func share(_ value: Any?) -> [Int] {
        let share = value as? [String: Any]
        return [share?["count"] as? Int ?? -1, share?["total"] as? Int ?? -1]
    }
}

extension DashboardReportTests.DataSet {
    /// Attaches scanned files to dossier `key` at `time` (`case attach` arguments after the code).
    func attach(_ key: String, _ arguments: [String], at time: String) throws {
        let result = try home.run(["case", "attach", codes[key]!] + arguments, now: time + ":00+07:00")
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// Hands the result of dossier `key` over at `time`, with the rating options given.
    func hand(_ key: String, at time: String, _ options: [String]) throws {
        let result = try home.run(["case", "status", codes[key]!, "returned"] + options, now: time + ":00+07:00")
        try #require(result.status == 0, "\(result.stderr)")
    }
}
