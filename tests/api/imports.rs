//! Imports of another register: the template, the dry run with row and column errors, all or
//! nothing, clashes reported and never overwritten, and Thái Bình's units on the template.

use crate::both;
use crate::helpers::*;
use serde_json::Value;

const CSV: &str = "text/csv";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn errors(a: &Answer) -> Vec<(u64, String, String)> {
    a.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap_or("").to_owned(),
                e["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn units_named(app: &TestApp, q: &str) -> Vec<Value> {
    let a = app
        .get(&format!("/api/v1/units?q={q}"), &app.admin_token)
        .await
        .expect(200);
    a.body["items"].as_array().unwrap().clone()
}

/// The headers of a template's first sheet, and the names of its sheets.
fn template_headers(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheets = book.sheet_names();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let headers = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    (headers, sheets)
}

both!(
    async fn a_dry_run_names_each_row_and_column_and_stores_nothing(app) {
        let csv = "MA DON VI;ten;Loai don vi;E-mail;Cấp trên\n\
            TB-SNV;Sở Nội vụ tỉnh Thái Bình;Sở, ban, ngành;snv@thaibinh.gov.vn;\n\
            TB-SYT;Sở Y tế tỉnh Thái Bình;bệnh viện;khong-phai-email;\n\
            TB-STC;;department;;\n\
            TB-SXD;Sở Xây dựng tỉnh Thái Bình;department;;KHONG-CO\n\
            tb-snv;Sở Nội vụ (lặp);department;;\n";
        let a = app
            .post_file("/api/v1/imports?kind=units&dry_run=true", &app.admin_token, csv.as_bytes().to_vec(), CSV)
            .await
            .expect(200);
        assert_eq!(a.body["dry_run"], true);
        assert_eq!(a.body["id"], Value::Null);
        assert_eq!(a.body["rows"], 5);
        assert_eq!(a.body["created"], 1, "{}", a.text);
        let e = errors(&a);
        let at: Vec<(u64, &str)> = e.iter().map(|(r, c, _)| (*r, c.as_str())).collect();
        assert_eq!(at, [(3, "C"), (3, "D"), (4, "B"), (5, "E"), (6, "A")], "{}", a.text);
        assert!(e[0].2.contains("department (Sở, ban, ngành)"), "{}", e[0].2);
        assert!(e[3].2.contains("KHONG-CO"), "{}", e[3].2);
        assert!(e[4].2.contains("dòng 2"), "{}", e[4].2);
        assert_eq!(a.body["errors"][0]["header"], "Loai don vi");
        assert_eq!(a.body["errors"][0]["field"], "kind");
        assert!(units_named(&app, "thai%20binh").await.is_empty(), "a dry run stores nothing");
        // The same in English, when asked.
        let res = app.client.post(app.url("/api/v1/imports?kind=units&dry_run=true"))
            .bearer_auth(&app.admin_token).header("accept-language", "en").header("content-type", CSV)
            .body(csv.as_bytes().to_vec()).send().await.unwrap();
        let a = read(res).await.expect(200);
        assert!(errors(&a)[2].2.contains("empty"), "{}", a.text);
    }
);

both!(
    async fn an_unknown_header_is_named_and_required_columns_are_asked_for(app) {
        let csv = "Mã đơn vị,Tên đơn vị,Ghi chú riêng\nTB-SNV,Sở Nội vụ tỉnh Thái Bình,x\n";
        let a = app
            .post_file("/api/v1/imports?kind=units&dry_run=true", &app.admin_token, csv.as_bytes().to_vec(), CSV)
            .await
            .expect(200);
        let e = errors(&a);
        assert_eq!(e.len(), 2, "{}", a.text);
        assert_eq!((e[0].0, e[0].1.as_str()), (1, "C"));
        assert!(e[0].2.contains("Ghi chú riêng"), "{}", e[0].2);
        assert!(e[1].2.contains("Loại đơn vị"), "the missing required column: {}", e[1].2);
        assert_eq!(a.body["created"], 0);
        let a = app
            .post_file("/api/v1/imports?kind=units", &app.admin_token, csv.as_bytes().to_vec(), CSV)
            .await
            .problem(422, "import_refused");
        assert_eq!(a.body["errors"][0]["pointer"], "/rows/1");
    }
);

both!(
    async fn an_import_is_all_or_nothing(app) {
        let csv = "Mã đơn vị,Tên đơn vị,Loại đơn vị\n\
            TB-SNV,Sở Nội vụ tỉnh Thái Bình,department\n\
            TB-SYT,Sở Y tế tỉnh Thái Bình,Sở\n\
            TB-STC,Sở Tài chính tỉnh Thái Bình,department\n";
        let a = app
            .post_file("/api/v1/imports?kind=units", &app.admin_token, csv.as_bytes().to_vec(), CSV)
            .await
            .problem(422, "import_refused");
        assert_eq!(a.body["errors"].as_array().unwrap().len(), 1, "{}", a.text);
        assert_eq!(a.body["errors"][0]["pointer"], "/rows/3/kind");
        assert!(a.body["errors"][0]["detail"].as_str().unwrap().starts_with("Dòng 3, cột C (Loại đơn vị)"), "{}", a.text);
        assert!(units_named(&app, "thai%20binh").await.is_empty(), "nothing of a refused import is stored");
        let audit = app.get("/api/v1/audit-log?entity=unit", &app.admin_token).await.expect(200);
        assert!(!audit.text.contains("TB-SNV"), "nor audited");
    }
);

both!(
    async fn a_clash_is_reported_and_never_overwritten(app) {
        let snv = app.unit("SNV", "Sở Nội vụ").await;
        let csv = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên\n\
            snv,Sở Nội vụ tỉnh Hưng Yên (mới),department,\n\
            SNV-TDKT,Ban Thi đua - Khen thưởng,other,SNV\n";
        let a = app
            .post_file("/api/v1/imports?kind=units", &app.admin_token, csv.as_bytes().to_vec(), CSV)
            .await
            .problem(422, "import_refused");
        assert_eq!(a.body["errors"][0]["pointer"], "/rows/2/code", "{}", a.text);
        assert!(a.body["errors"][0]["detail"].as_str().unwrap().contains(&snv));
        let dry = app
            .post_file("/api/v1/imports?kind=units&dry_run=true", &app.admin_token, csv.as_bytes().to_vec(), CSV)
            .await
            .expect(200);
        assert_eq!(dry.body["clashes"][0]["existing_id"], snv.as_str());
        assert_eq!(dry.body["clashes"][0]["row"], 2);
        assert_eq!(dry.body["skipped"], 0, "refused, not skipped");

        let coordinator = app.user("coordinator", None).await;
        let a = app
            .post_file("/api/v1/imports?kind=units&on_clash=skip&file_name=ban-tdkt.csv", &coordinator, csv.as_bytes().to_vec(), CSV)
            .await
            .expect(201);
        assert_eq!((a.body["created"].as_u64(), a.body["skipped"].as_u64()), (Some(1), Some(1)), "{}", a.text);
        let id = a.body["id"].as_str().unwrap().to_owned();
        assert_eq!(a.header("location"), Some(format!("/api/v1/imports/{id}").as_str()));
        let unit = app.get(&format!("/api/v1/units/{snv}"), &app.admin_token).await.expect(200);
        assert_eq!(unit.body["name"], "Sở Nội vụ", "never overwritten");
        let child = &units_named(&app, "ban%20thi%20dua").await[0];
        assert_eq!(child["parent_id"], snv.as_str(), "a row may refer to the record it clashed with");

        let stored = app.get(&format!("/api/v1/imports/{id}"), &app.admin_token).await.expect(200);
        assert_eq!(stored.body["file_name"], "ban-tdkt.csv");
        assert_eq!(stored.body["on_clash"], "skip");
        assert_eq!(stored.body["clashes"][0]["existing_id"], snv.as_str());
        let audit = app.get(&format!("/api/v1/audit-log?cause_id={id}"), &app.admin_token).await.expect(200);
        let entities: Vec<&str> = audit.body["items"].as_array().unwrap().iter().map(|e| e["entity"].as_str().unwrap()).collect();
        assert_eq!(entities, ["import", "unit"], "{}", audit.text);
    }
);

both!(
    async fn the_template_filled_with_thai_binh_units_imports(app) {
        let viewer = app.user("viewer", None).await;
        let template = app.get_bytes("/api/v1/imports/templates/units.xlsx", &viewer).await;
        let (headers, sheets) = template_headers(&template);
        assert_eq!(sheets, ["Đơn vị", "Hướng dẫn"]);
        assert_eq!(&headers[..4], ["Mã đơn vị *", "Tên đơn vị *", "Loại đơn vị *", "Mã đơn vị cấp trên"]);

        // The clerk fills the template in: the province's people's committee last, below the
        // departments that name it as their parent; the city's days as date cells.
        let col = |name: &str| headers.iter().position(|h| h.trim_end_matches(" *") == name).unwrap() as u16;
        type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<(u16, u8, u8)>);
        let rows: [Row; 6] = [
            ("TB-SNV", "Sở Nội vụ tỉnh Thái Bình", "Sở, ban, ngành", "TB-UBND", None),
            ("TB-SYT", "Sở Y tế tỉnh Thái Bình", "department", "TB-UBND", None),
            ("TB-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình", "department", "TB-UBND", None),
            ("TB-HLHPN", "Hội Liên hiệp Phụ nữ tỉnh Thái Bình", "Hội, đoàn thể", "", None),
            ("TB-TPTB", "Ủy ban nhân dân thành phố Thái Bình", "district", "TB-UBND", Some((2025, 6, 30))),
            ("TB-UBND", "Ủy ban nhân dân tỉnh Thái Bình", "other", "", None),
        ];
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Đơn vị").unwrap();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, h).unwrap();
        }
        let day = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        for (r, (code, name, kind, parent, to)) in (1u32..).zip(rows) {
            sheet.write_string(r, col("Mã đơn vị"), code).unwrap();
            sheet.write_string(r, col("Tên đơn vị"), name).unwrap();
            sheet.write_string(r, col("Loại đơn vị"), kind).unwrap();
            if !parent.is_empty() {
                sheet.write_string(r, col("Mã đơn vị cấp trên"), parent).unwrap();
            }
            if let Some((y, m, d)) = to {
                let date = rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
                sheet.write_datetime_with_format(r, col("Hoạt động đến ngày"), &date, &day).unwrap();
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        app.post_file("/api/v1/imports?kind=units", &viewer, bytes.clone(), XLSX).await.problem(403, "role_required");
        let a = app.post_file("/api/v1/imports?kind=units", &app.admin_token, bytes, XLSX).await.expect(201);
        assert_eq!(a.body["created"], 6, "{}", a.text);
        assert_eq!(a.body["sha256"].as_str().unwrap().len(), 64);
        let units = units_named(&app, "thai%20binh").await;
        assert_eq!(units.len(), 6);
        let by_code = |code: &str| units.iter().find(|u| u["code"] == code).unwrap().clone();
        let ubnd = by_code("TB-UBND")["id"].clone();
        assert_eq!(by_code("TB-SNV")["parent_id"], ubnd);
        assert_eq!(by_code("TB-SNV")["kind"], "department");
        assert_eq!(by_code("TB-HLHPN")["kind"], "association");
        assert_eq!(by_code("TB-TPTB")["valid_to"], "2025-06-30");
        let id = a.body["id"].as_str().unwrap();
        let audit = app.get(&format!("/api/v1/audit-log?cause_id={id}&limit=200"), &app.admin_token).await.expect(200);
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 7, "six units and the import");
    }
);

both!(
    async fn documents_movements_and_models_import_by_code_and_number(app) {
        app.unit("TB-UBND", "Ủy ban nhân dân tỉnh Thái Bình").await;
        app.unit("TB-SNN", "Sở Nông nghiệp và Môi trường tỉnh Thái Bình").await;
        let documents = "Số, ký hiệu;Loại văn bản;Ngày ban hành;Cơ quan ban hành;Trích yếu\n\
            125/KH-UBND;Kế hoạch;15/03/2021;tb-ubnd;Kế hoạch phát động phong trào thi đua Thái Bình chung sức xây dựng nông thôn mới giai đoạn 2021-2025\n\
            48/QĐ-UBND;Quyết định;2021-01-08;TB-UBND;Quyết định ban hành Quy chế thi đua, khen thưởng\n";
        let a = app.post_file("/api/v1/imports?kind=documents", &app.admin_token, documents.as_bytes().to_vec(), CSV).await.expect(201);
        assert_eq!(a.body["created"], 2, "{}", a.text);
        // The same file again: each document clashes, none is written twice.
        let again = app.post_file("/api/v1/imports?kind=documents&on_clash=skip", &app.admin_token, documents.as_bytes().to_vec(), CSV).await.expect(201);
        assert_eq!((again.body["created"].as_u64(), again.body["skipped"].as_u64()), (Some(0), Some(2)));

        let movements = "Mã phong trào,Tên phong trào,Mã cơ quan chủ trì,Số văn bản phát động,Giai đoạn từ năm,Giai đoạn đến năm,Quy mô tham gia\n\
            TB-NTM,Thái Bình chung sức xây dựng nông thôn mới,TB-SNN,125/KH-UBND,2021,2025,broad\n\
            TB-X,Phong trào không có văn bản,TB-SNN,999/KH-UBND,2021,2025,\n";
        let a = app.post_file("/api/v1/imports?kind=movements&dry_run=true", &app.admin_token, movements.as_bytes().to_vec(), CSV).await.expect(200);
        assert_eq!(errors(&a).iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(), [(3, "D")], "{}", a.text);
        let movements = movements.lines().take(2).collect::<Vec<_>>().join("\n");
        app.post_file("/api/v1/imports?kind=movements", &app.admin_token, movements.into_bytes(), CSV).await.expect(201);
        let m = app.movement_by_code("TB-NTM").await;
        assert_eq!(m["participation_scale"], "broad");
        assert_eq!(m["lead_unit"]["code"], "TB-SNN", "{m}");

        let models = "Tập thể/Cá nhân,Tên điển hình,Mã đơn vị quản lý,Mã phong trào,Đối tượng,Tóm tắt thành tích,Ngày phát hiện,Công khai\n\
            Tập thể,Hợp tác xã nông nghiệp Đông Hòa,TB-SNN,TB-NTM,Tập thể nhỏ,Dẫn đầu xây dựng nông thôn mới kiểu mẫu,10/05/2024,Có\n\
            Cá nhân,Nguyễn Văn An,TB-SNN,\"TB-NTM, KHONG-CO\",Nông dân,Nông dân sản xuất kinh doanh giỏi,10/05/2024,Không\n";
        let a = app.post_file("/api/v1/imports?kind=exemplary_models&dry_run=true", &app.admin_token, models.as_bytes().to_vec(), CSV).await.expect(200);
        let e = errors(&a);
        assert_eq!((e.len(), e[0].0, e[0].1.as_str()), (1, 3, "D"), "{}", a.text);
        assert!(e[0].2.contains("KHONG-CO"));
        let models = models.replace(", KHONG-CO", "");
        let a = app.post_file("/api/v1/imports?kind=exemplary_models", &app.admin_token, models.into_bytes(), CSV).await.expect(201);
        assert_eq!(a.body["created"], 2, "{}", a.text);
        let list = app.get("/api/v1/exemplary-models?q=dong%20hoa", &app.admin_token).await.expect(200);
        let model = &list.body["items"][0];
        assert_eq!(model["category"], "small_collective");
        assert_eq!(model["movements"][0]["code"], "TB-NTM");
        assert_eq!(model["published"], true);
    }
);

both!(
    async fn past_honours_import_with_their_awardees_by_unit_and_name(app) {
        app.unit("TB-SNV", "Sở Nội vụ tỉnh Thái Bình").await;
        let awardees = "Loại;Tên cá nhân, tập thể;Mã đơn vị;Đối tượng;Chức vụ;Giới tính\n\
            Cá nhân;Nguyễn Thị Hoa;TB-SNV;Người trực tiếp thực hiện nhiệm vụ;Chuyên viên;Nữ\n\
            Tập thể;Phòng Công chức;tb-snv;Tập thể nhỏ;;\n\
            Tập thể;Phòng Tổ chức;TB-SNV;Tập thể nhỏ;;Nam\n";
        let a = app.post_file("/api/v1/imports?kind=awardees&dry_run=true", &app.admin_token, awardees.as_bytes().to_vec(), CSV).await.expect(200);
        assert_eq!(errors(&a).iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(), [(4, "F")], "a collective has no gender: {}", a.text);
        let awardees = awardees.replace("Tập thể nhỏ;;Nam", "Tập thể nhỏ;;");
        let a = app.post_file("/api/v1/imports?kind=awardees", &app.admin_token, awardees.as_bytes().to_vec(), CSV).await.expect(201);
        assert_eq!(a.body["created"], 3, "{}", a.text);
        let again = app.post_file("/api/v1/imports?kind=awardees&on_clash=skip", &app.admin_token, awardees.into_bytes(), CSV).await.expect(201);
        assert_eq!((again.body["created"].as_u64(), again.body["skipped"].as_u64()), (Some(0), Some(3)));
        // Past honours name their awardee by unit and name, and their award type by code.
        let awards = "Mã đơn vị;Tên cá nhân, tập thể;Mã danh hiệu, hình thức;Năm;Số quyết định;Ngày quyết định;Cấp quyết định;Loại khen thưởng\n\
            TB-SNV;Nguyễn Thị Hoa;chien-si-thi-dua-co-so;2022;1520/QĐ-UBND;20/12/2022;Chủ tịch UBND tỉnh Thái Bình;\n\
            TB-SNV;nguyễn thị hoa;chien-si-thi-dua-co-so;2023;1612/QĐ-UBND;20/12/2023;Chủ tịch UBND tỉnh Thái Bình;Khen thưởng theo công trạng và thành tích\n\
            TB-SNV;Trần Văn Không;chien-si-thi-dua-co-so;2023;1612/QĐ-UBND;20/12/2023;;\n\
            TB-SNV;Phòng Công chức;khong-co-ma;2024;85/QĐ-SNV;20/12/2024;;\n";
        let a = app.post_file("/api/v1/imports?kind=awards&dry_run=true", &app.admin_token, awards.as_bytes().to_vec(), CSV).await.expect(200);
        let e = errors(&a);
        assert_eq!(e.iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(), [(4, "B"), (5, "C")], "{}", a.text);
        assert!(e[0].2.contains("Trần Văn Không") && e[1].2.contains("khong-co-ma"), "{e:?}");
        let awards: String = awards.lines().take(3).map(|l| format!("{l}\n")).collect();
        let a = app.post_file("/api/v1/imports?kind=awards", &app.admin_token, awards.as_bytes().to_vec(), CSV).await.expect(201);
        assert_eq!(a.body["created"], 2, "{}", a.text);
        let list = app.get("/api/v1/awardees?q=hoa", &app.admin_token).await.expect(200);
        let hoa = list.body["items"][0]["id"].as_str().unwrap().to_owned();
        let record = app.get(&format!("/api/v1/awardees/{hoa}/awards"), &app.admin_token).await.expect(200);
        let years: Vec<(i64, &str)> = record.body["items"].as_array().unwrap().iter()
            .map(|i| (i["period_from"].as_i64().unwrap(), i["stream"].as_str().unwrap())).collect();
        assert_eq!(years, [(2023, "merit"), (2022, "merit")]);
        let again = app.post_file("/api/v1/imports?kind=awards", &app.admin_token, awards.into_bytes(), CSV).await.problem(422, "import_refused");
        assert_eq!(again.body["errors"].as_array().map(Vec::len), Some(2), "each a clash, none written twice: {}", again.text);
    }
);

both!(
    async fn only_registrars_import_and_a_file_must_be_readable(app) {
        let unit = app.unit("TB-SNV", "Sở Nội vụ tỉnh Thái Bình").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let csv = b"M\xE3 \xF0\xE1n v\xEF\n".to_vec();
        app.post_file("/api/v1/imports?kind=units", &officer, csv.clone(), CSV).await.problem(403, "role_required");
        app.post_file("/api/v1/imports?kind=units", &app.admin_token, csv, CSV).await.problem(400, "unreadable_file");
        app.post_file("/api/v1/imports?kind=units", &app.admin_token, Vec::new(), CSV).await.problem(400, "unreadable_file");
        app.post_file("/api/v1/imports?kind=units", &app.admin_token, b"PK\x03\x04broken".to_vec(), XLSX).await.problem(400, "unreadable_file");
        app.post_file("/api/v1/imports?kind=prizes", &app.admin_token, b"x".to_vec(), CSV).await.expect(400);
        app.get("/api/v1/imports/0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", &app.admin_token).await.problem(404, "not_found");
        for kind in ["documents", "movements", "exemplary_models", "awardees", "awards"] {
            let (headers, _) = template_headers(&app.get_bytes(&format!("/api/v1/imports/templates/{kind}.xlsx"), &officer).await);
            assert!(headers.len() >= 5, "{kind}: {headers:?}");
        }
    }
);

/// `thidua import` runs the same import from the server's shell, on SQLite here.
#[test]
fn the_command_line_imports_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let file = dir.path().join("don-vi.csv");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
            .env("DATABASE_URL", &db)
            .env_remove("THIDUA_ENV")
            .args(["import", "--kind", "units"])
            .args(args)
            .arg(&file)
            .output()
            .expect("the binary runs");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (
            out.status.code(),
            report,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    std::fs::write(&file, "Mã đơn vị,Tên đơn vị,Loại đơn vị\nTB-SNV,Sở Nội vụ tỉnh Thái Bình,department\nTB-SYT,Sở Y tế,bệnh viện\n").unwrap();
    let (code, report, _) = run(&["--dry-run"]);
    assert_eq!(code, Some(1), "a dry run with errors exits with 1");
    assert_eq!(report["errors"][0]["row"], 3);
    let (code, _, stderr) = run(&[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("Dòng 3, cột C"), "{stderr}");
    std::fs::write(
        &file,
        "Mã đơn vị,Tên đơn vị,Loại đơn vị\nTB-SNV,Sở Nội vụ tỉnh Thái Bình,department\n",
    )
    .unwrap();
    let (code, report, stderr) = run(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        (report["created"].as_u64(), report["id"].is_string()),
        (Some(1), true)
    );
    let (code, report, _) = run(&["--skip-clashes"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (report["created"].as_u64(), report["skipped"].as_u64()),
        (Some(0), Some(1))
    );
}
