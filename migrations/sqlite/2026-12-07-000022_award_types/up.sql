-- Award types as data (the commendation register issue, point 2): the forms of commendation
-- become award types, each a title (danh hiệu) or a form (hình thức), never both; for
-- individuals, collectives or both; of a level; in a stream. What the law fixes for a type —
-- the deciding authority, the bonus coefficient (per mille, exact), whether the council votes
-- and at what share of its total membership, the dossier items, whether units register for it
-- — is a version on a legal basis, in force from a day: a nomination is judged by the version
-- in force when its dossier was received. The catalogue is the one of ../shared/LAW.md, under
-- Decree 98/2023 (2024 to 30 June 2025) and Decree 152/2025 (from 1 July 2025); its (check)
-- notes are kept on each version for the coordinator to correct. Nominations carry a stream.
ALTER TABLE commendation_forms RENAME TO award_types;
ALTER TABLE award_types ADD COLUMN nature TEXT NOT NULL DEFAULT 'form';
ALTER TABLE award_types ADD COLUMN recipient TEXT NOT NULL DEFAULT 'both';
ALTER TABLE award_types ADD COLUMN level TEXT NOT NULL DEFAULT 'provincial';
ALTER TABLE award_types ADD COLUMN stream TEXT NOT NULL DEFAULT 'merit';
ALTER TABLE award_types ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE award_types ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE award_types ADD COLUMN updated_at TIMESTAMP;
UPDATE award_types SET updated_at = created_at;

CREATE TABLE award_type_versions (
    id                        TEXT PRIMARY KEY NOT NULL,
    award_type_id             TEXT NOT NULL REFERENCES award_types(id),
    legal_basis               TEXT NOT NULL,
    document_id               TEXT REFERENCES documents(id),
    valid_from                DATE NOT NULL,
    valid_to                  DATE,
    deciding_authority        TEXT NOT NULL,
    bonus_per_mille           INTEGER,
    ballot_required           BOOLEAN NOT NULL,
    ballot_threshold_percent  INTEGER,
    registration_required     BOOLEAN NOT NULL,
    dossier_items             TEXT NOT NULL,
    note                      TEXT,
    created_at                TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX award_type_versions_day ON award_type_versions(award_type_id, valid_from);

ALTER TABLE nominations ADD COLUMN stream TEXT NOT NULL DEFAULT 'merit';

INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0001', 'lao-dong-tien-tien', 'Lao động tiên tiến', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'lao-dong-tien-tien');
UPDATE award_types SET nature = 'title', recipient = 'individual', level = 'base', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'lao-dong-tien-tien';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0001', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 300, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'lao-dong-tien-tien';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0001', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 300, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'lao-dong-tien-tien';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0002', 'chien-si-thi-dua-co-so', 'Chiến sĩ thi đua cơ sở', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'chien-si-thi-dua-co-so');
UPDATE award_types SET nature = 'title', recipient = 'individual', level = 'base', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'chien-si-thi-dua-co-so';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0002', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 1000, TRUE, 80, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}, {"code": "chung-nhan-sang-kien", "name": "Văn bản công nhận sáng kiến, đề tài, giải pháp", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'chien-si-thi-dua-co-so';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0002', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 1000, TRUE, 80, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}, {"code": "chung-nhan-sang-kien", "name": "Văn bản công nhận sáng kiến, đề tài, giải pháp", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'chien-si-thi-dua-co-so';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0003', 'chien-si-thi-dua-cap-tinh', 'Danh hiệu Chiến sĩ thi đua cấp tỉnh', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'chien-si-thi-dua-cap-tinh');
UPDATE award_types SET nature = 'title', recipient = 'individual', level = 'provincial', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'chien-si-thi-dua-cap-tinh';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0003', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Chủ tịch UBND tỉnh', 3000, TRUE, 90, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}, {"code": "chung-nhan-sang-kien", "name": "Văn bản công nhận sáng kiến, đề tài, giải pháp", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'chien-si-thi-dua-cap-tinh';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0003', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Chủ tịch UBND tỉnh', 3000, TRUE, 90, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}, {"code": "chung-nhan-sang-kien", "name": "Văn bản công nhận sáng kiến, đề tài, giải pháp", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'chien-si-thi-dua-cap-tinh';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0004', 'chien-si-thi-dua-toan-quoc', 'Chiến sĩ thi đua toàn quốc', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'chien-si-thi-dua-toan-quoc');
UPDATE award_types SET nature = 'title', recipient = 'individual', level = 'national', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'chien-si-thi-dua-toan-quoc';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0004', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ tướng Chính phủ', 4500, TRUE, 90, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}, {"code": "chung-nhan-sang-kien", "name": "Văn bản công nhận sáng kiến, đề tài, giải pháp", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'chien-si-thi-dua-toan-quoc';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0004', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ tướng Chính phủ', 4500, TRUE, 90, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}, {"code": "chung-nhan-sang-kien", "name": "Văn bản công nhận sáng kiến, đề tài, giải pháp", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'chien-si-thi-dua-toan-quoc';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0005', 'tap-the-lao-dong-tien-tien', 'Tập thể lao động tiên tiến', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'tap-the-lao-dong-tien-tien');
UPDATE award_types SET nature = 'title', recipient = 'collective', level = 'base', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'tap-the-lao-dong-tien-tien';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0005', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 800, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'tap-the-lao-dong-tien-tien';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0005', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 800, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'tap-the-lao-dong-tien-tien';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0006', 'tap-the-lao-dong-xuat-sac', 'Danh hiệu Tập thể lao động xuất sắc', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'tap-the-lao-dong-xuat-sac');
UPDATE award_types SET nature = 'title', recipient = 'collective', level = 'provincial', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'tap-the-lao-dong-xuat-sac';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0006', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Chủ tịch UBND tỉnh', 1500, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'tap-the-lao-dong-xuat-sac';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0006', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Chủ tịch UBND tỉnh', 1500, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'tap-the-lao-dong-xuat-sac';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0007', 'co-thi-dua-ubnd-tinh', 'Cờ thi đua của UBND tỉnh', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'co-thi-dua-ubnd-tinh');
UPDATE award_types SET nature = 'title', recipient = 'collective', level = 'provincial', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'co-thi-dua-ubnd-tinh';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0007', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Chủ tịch UBND tỉnh', 8000, TRUE, 80, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'co-thi-dua-ubnd-tinh';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0007', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Chủ tịch UBND tỉnh', 8000, TRUE, 80, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'co-thi-dua-ubnd-tinh';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0008', 'co-thi-dua-chinh-phu', 'Cờ thi đua của Chính phủ', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'co-thi-dua-chinh-phu');
UPDATE award_types SET nature = 'title', recipient = 'collective', level = 'national', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'co-thi-dua-chinh-phu';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0008', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ tướng Chính phủ', 12000, TRUE, 80, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'co-thi-dua-chinh-phu';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0008', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ tướng Chính phủ', 12000, TRUE, 80, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'co-thi-dua-chinh-phu';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0009', 'xa-phuong-tieu-bieu', 'Xã, phường tiêu biểu', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'xa-phuong-tieu-bieu');
UPDATE award_types SET nature = 'title', recipient = 'collective', level = 'provincial', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'xa-phuong-tieu-bieu';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0009', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Chủ tịch UBND tỉnh', 2000, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'xa-phuong-tieu-bieu';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0009', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Chủ tịch UBND tỉnh', 2000, FALSE, NULL, TRUE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'xa-phuong-tieu-bieu';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0010', 'thon-to-dan-pho-van-hoa', 'Thôn, tổ dân phố văn hóa', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'thon-to-dan-pho-van-hoa');
UPDATE award_types SET nature = 'title', recipient = 'collective', level = 'base', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'thon-to-dan-pho-van-hoa';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0010', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 1500, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'thon-to-dan-pho-van-hoa';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0010', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', 1500, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'thon-to-dan-pho-van-hoa';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0011', 'giay-khen', 'Giấy khen', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'giay-khen');
UPDATE award_types SET nature = 'form', recipient = 'both', level = 'base', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'giay-khen';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0011', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', NULL, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'giay-khen';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0011', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã', NULL, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'giay-khen';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0012', 'bang-khen-ubnd-tinh', 'Bằng khen của Chủ tịch UBND tỉnh', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'bang-khen-ubnd-tinh');
UPDATE award_types SET nature = 'form', recipient = 'both', level = 'provincial', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'bang-khen-ubnd-tinh';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0012', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Chủ tịch UBND tỉnh', NULL, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'bang-khen-ubnd-tinh';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0012', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Chủ tịch UBND tỉnh', NULL, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'bang-khen-ubnd-tinh';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0013', 'bang-khen-thu-tuong', 'Bằng khen của Thủ tướng Chính phủ (đề nghị)', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'bang-khen-thu-tuong');
UPDATE award_types SET nature = 'form', recipient = 'both', level = 'national', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'bang-khen-thu-tuong';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0013', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Thủ tướng Chính phủ', NULL, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'bang-khen-thu-tuong';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0013', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Thủ tướng Chính phủ', NULL, FALSE, NULL, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'bang-khen-thu-tuong';
INSERT INTO award_types (id, code, name, created_at) SELECT '0193a1b2-0000-7000-8000-0000000a0014', 'anh-hung-lao-dong', 'Danh hiệu vinh dự Nhà nước Anh hùng Lao động (đề nghị)', '2026-12-07 00:00:00'
WHERE NOT EXISTS (SELECT 1 FROM award_types WHERE code = 'anh-hung-lao-dong');
UPDATE award_types SET nature = 'form', recipient = 'both', level = 'national', updated_at = COALESCE(updated_at, '2026-12-07 00:00:00') WHERE code = 'anh-hung-lao-dong';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000001b0014', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP', NULL, '2024-01-01', '2025-06-30', 'Chủ tịch nước', NULL, TRUE, 90, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng và ngưỡng biểu quyết theo Nghị định 152/2025/NĐ-CP, giả định giữ nguyên từ Nghị định 98/2023/NĐ-CP (cần kiểm tra).', '2026-12-07 00:00:00' FROM award_types WHERE code = 'anh-hung-lao-dong';
INSERT INTO award_type_versions (id, award_type_id, legal_basis, document_id, valid_from, valid_to, deciding_authority,
    bonus_per_mille, ballot_required, ballot_threshold_percent, registration_required, dossier_items, note, created_at)
SELECT '0193a1b2-0000-7000-8000-0000002b0014', id, 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP', NULL, '2025-07-01', NULL, 'Chủ tịch nước', NULL, TRUE, 90, FALSE,
    '[{"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true}, {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}, {"code": "bien-ban-hop-xet", "name": "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng", "required": true}]', 'Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50; ngưỡng biểu quyết: Nghị định 98/2023/NĐ-CP Điều 30 khoản 7, được quy chế của tỉnh giữ lại (cần kiểm tra). Hình thức khen thưởng chưa có hệ số: Sở Nội vụ bổ sung theo Điều 51 trở đi.', '2026-12-07 00:00:00' FROM award_types WHERE code = 'anh-hung-lao-dong';

