-- Eligibility that explains itself (the commendation register issue, point 5). The kinds of
-- rule are code (domain::eligibility); a rule here is one kind with its parameters, for one
-- award type (or, with no type, for every one), on a legal basis, in force from a day. A
-- nomination is judged by the rules and the award type version in force on the day its
-- dossier was received (`nomination_receipts`, set when it is submitted; earlier submissions take the
-- day of their audited submission). A rule not known lets a nomination be submitted only with
-- the coordinator's recorded reason (`nomination_receipts.eligibility_override`). The seed holds the law's
-- checkable principles (Art. 5) and chains (Art. 21–23); the province adds its own rules
-- through the API.
CREATE TABLE eligibility_rules (
    id             TEXT PRIMARY KEY NOT NULL,
    award_type_id  TEXT REFERENCES award_types(id),
    kind           TEXT NOT NULL,
    parameters     TEXT NOT NULL,
    legal_basis    TEXT NOT NULL,
    document_id    TEXT REFERENCES documents(id),
    valid_from     DATE NOT NULL,
    valid_to       DATE,
    note           TEXT,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX eligibility_rules_type ON eligibility_rules(award_type_id, valid_from);
CREATE INDEX awards_initiative ON awards(initiative_id);
CREATE INDEX nominations_initiative ON nominations(initiative_id);

-- The day the province received a dossier (its last submission) and the coordinator's reason
-- to submit one whose eligibility is not known, beside the nomination.
CREATE TABLE nomination_receipts (
    nomination_id         TEXT PRIMARY KEY NOT NULL REFERENCES nominations(id),
    received_on           DATE,
    eligibility_override  TEXT,
    updated_at            TIMESTAMP NOT NULL
);
INSERT INTO nomination_receipts (nomination_id, received_on, eligibility_override, updated_at)
SELECT n.id, COALESCE((SELECT date(MAX(a.occurred_at), '+7 hours') FROM audit_log a
    WHERE a.entity = 'nomination' AND a.entity_id = n.id AND a.action = 'submit'), date(n.created_at, '+7 hours')),
    NULL, n.updated_at
FROM nominations n WHERE n.state <> 'draft';

INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0001', NULL, 'no_restriction', '{"award_type_id": null, "count": null, "percent": null, "reach": null}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 5', NULL, '2024-01-01', NULL, 'Không khen thưởng khi đang bị kỷ luật, thanh tra, kiểm tra hoặc có khiếu nại, tố cáo về thành tích.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00';
INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0002', NULL, 'initiative_once', '{"award_type_id": null, "count": null, "percent": null, "reach": null}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 5', NULL, '2024-01-01', NULL, 'Sáng kiến đã dùng làm căn cứ xét tặng một danh hiệu, hình thức khen thưởng thì không dùng lại.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00';
INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0003', NULL, 'achievement_once', '{"award_type_id": null, "count": null, "percent": null, "reach": null}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 5', NULL, '2024-01-01', NULL, 'Một thành tích chỉ được khen một lần bằng một hình thức.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00';
INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0004', '0193a1b2-0000-7000-8000-0000000a0002', 'chain', '{"award_type_id": "0193a1b2-0000-7000-8000-0000000a0001", "count": 1, "percent": null, "reach": null}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 23', NULL, '2024-01-01', NULL, 'Chiến sĩ thi đua cơ sở: đạt Lao động tiên tiến. Điều kiện sáng kiến hoặc thành tích xuất sắc khác do Hội đồng xem xét, chưa kiểm tra tự động.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00' WHERE EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0002') AND EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0001');
INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0005', '0193a1b2-0000-7000-8000-0000000a0003', 'chain', '{"award_type_id": "0193a1b2-0000-7000-8000-0000000a0002", "count": 3, "percent": null, "reach": null}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22', NULL, '2024-01-01', NULL, 'Ba lần liên tục đạt Chiến sĩ thi đua cơ sở.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00' WHERE EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0003') AND EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0002');
INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0006', '0193a1b2-0000-7000-8000-0000000a0003', 'initiative_reach', '{"award_type_id": null, "count": null, "percent": null, "reach": "provincial"}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22', NULL, '2024-01-01', NULL, 'Sáng kiến, đề tài khoa học có phạm vi ảnh hưởng cấp tỉnh.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00' WHERE EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0003');
INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0007', '0193a1b2-0000-7000-8000-0000000a0004', 'chain', '{"award_type_id": "0193a1b2-0000-7000-8000-0000000a0003", "count": 2, "percent": null, "reach": null}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 21', NULL, '2024-01-01', NULL, 'Hai lần liên tục đạt Chiến sĩ thi đua cấp tỉnh.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00' WHERE EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0004') AND EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0003');
INSERT INTO eligibility_rules (id, award_type_id, kind, parameters, legal_basis, document_id, valid_from, valid_to, note, version, created_at, updated_at)
SELECT '0193a1b2-0000-7000-8000-0000003e0008', '0193a1b2-0000-7000-8000-0000000a0004', 'initiative_reach', '{"award_type_id": null, "count": null, "percent": null, "reach": "national"}', 'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 21', NULL, '2024-01-01', NULL, 'Sáng kiến, đề tài khoa học có phạm vi ảnh hưởng toàn quốc.', 1, '2026-12-07 00:00:00', '2026-12-07 00:00:00' WHERE EXISTS (SELECT 1 FROM award_types WHERE id = '0193a1b2-0000-7000-8000-0000000a0004');
