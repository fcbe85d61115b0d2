//! The Vietnamese gloss of every enum value the API shows, with its English sense.

use super::Enum;

pub const ENUMS: &[Enum] = &[
    Enum {
        schema: "OnClash",
        values: &[
            ("refuse", "Từ chối cả lần nhập, nêu từng dòng đã có", "refuse the import, naming each row already there"),
            ("skip", "Bỏ qua dòng đã có (bản ghi đã có giữ nguyên, các dòng khác vẫn tham chiếu được)", "leave the row out (the record there stays as it is, and other rows may refer to it)"),
        ],
    },
    Enum {
        schema: "ReorganisationKind",
        values: &[
            ("rename", "Đổi tên (và mã) từ ngày hiệu lực", "a new name (and code) from the effective date"),
            ("move", "Chuyển sang đơn vị cấp trên khác từ ngày hiệu lực", "a new parent from the effective date"),
            ("dissolve", "Giải thể, không có đơn vị kế thừa (hoạt động đến hết ngày trước ngày hiệu lực)", "dissolved with no successor (its last day is the day before the effective date)"),
            ("merge", "Hợp nhất: các đơn vị chấm dứt hoạt động, một đơn vị mới (do sự kiện tạo) kế thừa", "merged: several units end and a new one, created by the event, takes over"),
            ("absorb", "Sáp nhập: một hoặc nhiều đơn vị chấm dứt hoạt động, một đơn vị đã có kế thừa", "absorbed: one or more units end and an existing one takes over"),
            ("split", "Chia tách: một đơn vị chấm dứt hoạt động, nhiều đơn vị đã có kế thừa theo bảng phân giao", "split: one unit ends and several existing ones take over as the mapping says"),
        ],
    },
    Enum {
        schema: "AwardNature",
        values: &[
            ("title", "Danh hiệu thi đua", "an emulation title"),
            ("form", "Hình thức khen thưởng", "a form of commendation"),
        ],
    },
    Enum {
        schema: "Recipient",
        values: &[
            ("individual", "Cá nhân", "individuals"),
            ("collective", "Tập thể", "collectives"),
            ("both", "Cá nhân và tập thể", "individuals and collectives"),
        ],
    },
    Enum {
        schema: "AwardLevel",
        values: &[
            ("base", "Cơ sở (cơ quan, đơn vị, cấp xã)", "base (a unit, a commune)"),
            ("provincial", "Cấp tỉnh", "provincial"),
            ("national", "Nhà nước, Chính phủ", "national"),
        ],
    },
    Enum {
        schema: "AwardStream",
        values: &[
            ("merit", "Khen thưởng theo công trạng và thành tích (thường xuyên, hằng năm)", "merit (annual)"),
            ("thematic", "Khen thưởng theo chuyên đề", "thematic"),
            ("ad_hoc", "Khen thưởng đột xuất", "ad hoc"),
            ("long_service", "Khen thưởng quá trình cống hiến, niên hạn", "long service"),
            ("foreign_relations", "Khen thưởng đối ngoại", "foreign relations"),
        ],
    },
    Enum {
        schema: "InitiativeReach",
        values: &[
            ("unit", "Trong cơ quan, đơn vị", "within the unit"),
            ("provincial", "Cấp tỉnh", "provincial"),
            ("national", "Toàn quốc", "national"),
        ],
    },
    Enum {
        schema: "RestrictionKind",
        values: &[
            ("discipline", "Đang bị xem xét kỷ luật hoặc bị kỷ luật", "under or after discipline"),
            ("inspection", "Đang bị thanh tra, kiểm tra", "under inspection"),
            ("complaint", "Có khiếu nại, tố cáo về thành tích", "a complaint about the achievement"),
        ],
    },
    Enum {
        schema: "RuleKind",
        values: &[
            ("chain", "Chuỗi danh hiệu thấp hơn liên tục", "a chain of consecutive lower titles"),
            ("members_completed_share", "Tỷ lệ thành viên hoàn thành nhiệm vụ", "the share of members who completed their tasks"),
            ("members_title_share", "Tỷ lệ thành viên đạt Lao động tiên tiến", "the share of members holding Lao động tiên tiến"),
            ("members_holding", "Số thành viên đạt một danh hiệu", "members holding a title"),
            ("initiative_reach", "Sáng kiến có phạm vi ảnh hưởng đủ", "an initiative of enough reach"),
            ("no_restriction", "Không bị kỷ luật, thanh tra, khiếu nại", "no discipline, inspection or complaint"),
            ("initiative_once", "Sáng kiến chỉ dùng một lần", "an initiative used once"),
            ("achievement_once", "Thành tích chỉ khen một lần", "an achievement rewarded once"),
        ],
    },
    Enum {
        schema: "CouncilPosition",
        values: &[
            ("chair", "Chủ tịch Hội đồng", "the chair"),
            ("vice_chair", "Phó Chủ tịch Hội đồng", "a vice-chair"),
            ("standing_member", "Ủy viên thường trực", "a standing member"),
            ("member", "Ủy viên", "a member"),
        ],
    },
    Enum {
        schema: "AttendanceStatus",
        values: &[
            ("present", "Có mặt", "present"),
            ("absent_with_opinion", "Vắng, có ý kiến bằng văn bản", "absent, with a written opinion"),
            ("absent", "Vắng", "absent"),
        ],
    },
    Enum {
        schema: "SessionState",
        values: &[
            ("planned", "Đã lập, chưa khai mạc", "planned, not opened"),
            ("open", "Đang họp, đang bỏ phiếu", "open, ballots being cast"),
            ("closed", "Đã bế mạc, đã kiểm phiếu", "closed and tallied"),
        ],
    },
    Enum {
        schema: "Choice",
        values: &[
            ("agree", "Đồng ý", "agree"),
            ("disagree", "Không đồng ý", "disagree"),
        ],
    },
    Enum {
        schema: "FileType",
        values: &[
            ("pdf", "Tài liệu PDF", "a PDF document"),
            ("docx", "Văn bản Word (DOCX)", "a Word document (DOCX)"),
            ("xlsx", "Bảng tính Excel (XLSX)", "an Excel workbook (XLSX)"),
            ("jpeg", "Ảnh JPEG", "a JPEG image"),
            ("png", "Ảnh PNG", "a PNG image"),
        ],
    },
    Enum {
        schema: "Outcome",
        values: &[
            ("met", "Đạt", "met"),
            ("not_met", "Không đạt", "not met"),
            ("not_known", "Chưa xác định được (thiếu dữ liệu)", "not known (data missing)"),
        ],
    },
    Enum {
        schema: "EvidenceSource",
        values: &[
            ("award", "Sổ khen thưởng", "the award register"),
            ("initiative", "Sáng kiến", "an initiative"),
            ("restriction", "Hạn chế (kỷ luật, thanh tra, khiếu nại)", "a restriction"),
            ("nomination", "Hồ sơ đề nghị khác", "another nomination"),
            ("dossier", "Số liệu trong hồ sơ này", "this dossier's figures"),
        ],
    },
    Enum {
        schema: "Gender",
        values: &[("male", "Nam", "male"), ("female", "Nữ", "female")],
    },
    Enum {
        schema: "HandedOver",
        values: &[
            ("model", "Mô hình điển hình tiên tiến (quyền quản lý)", "an exemplary model (its management)"),
            ("awardee", "Cá nhân, tập thể của đơn vị", "an individual or collective of the unit"),
            ("plan", "Kế hoạch triển khai chưa ban hành", "an implementation plan not issued yet"),
            ("nomination", "Hồ sơ đề nghị khen thưởng đang xử lý", "a nomination still open"),
            ("membership", "Tư cách thành viên Cụm, Khối thi đua của năm sau, cùng vai trò Trưởng, Phó Cụm, Khối (`id`: cụm, khối)", "membership of an emulation group of a later year, with its chair or deputy role (`id`: the group)"),
            ("lead_role", "Vai trò cơ quan chủ trì phong trào (`id`: phong trào), bằng việc thay đổi cơ quan chủ trì theo cùng văn bản", "the lead of a movement (`id`: the movement), by a lead-unit change on the same document"),
            ("user", "Tài khoản của cán bộ đơn vị", "an officer's account"),
            ("client", "Ứng dụng (API client) của đơn vị", "the unit's API client"),
            ("webhook", "Webhook của đơn vị (`id`: đơn vị tiền thân)", "the unit's webhook (`id`: the predecessor)"),
        ],
    },
    Enum {
        schema: "ReminderEvent",
        values: &[(
            "reminder.created",
            "Đơn vị vừa bị đôn đốc",
            "the unit has just been reminded",
        )],
    },
    Enum {
        schema: "ActionStatus",
        values: &[
            ("open", "Chưa hoàn thành (đang theo dõi, đôn đốc)", "open: still to be done"),
            ("done", "Đã hoàn thành", "done"),
            ("cancelled", "Đã hủy (không phải thực hiện nữa)", "cancelled: no longer required"),
        ],
    },
    Enum {
        schema: "AppliesTo",
        values: &[
            ("collective", "Tập thể", "collectives"),
            ("individual", "Cá nhân", "individuals"),
            ("both", "Cả tập thể và cá nhân", "both collectives and individuals"),
        ],
    },
    Enum {
        schema: "Audience",
        values: &[
            ("groups", "Các cơ quan, đơn vị thuộc Cụm, Khối thi đua trong năm của kỳ báo cáo", "every unit in an emulation group (cluster or block) in the period's year"),
            ("movement_leads", "Các cơ quan chủ trì phong trào thi đua (của phong trào gắn với loại báo cáo, nếu có)", "the lead units of movements (of the report type's movement, when it has one)"),
            ("units", "Các cơ quan, đơn vị có tên trong danh sách `unit_ids`", "the units listed in `unit_ids`"),
        ],
    },
    Enum {
        schema: "Category",
        values: &[
            ("small_collective", "Tập thể nhỏ", "a small collective (priority)"),
            ("frontline_staff", "Người trực tiếp thực hiện nhiệm vụ", "frontline staff, who carry out the work directly (priority)"),
            ("worker", "Công nhân", "a worker (priority)"),
            ("farmer", "Nông dân", "a farmer (priority)"),
            ("direct_producer", "Người trực tiếp lao động sản xuất", "a direct producer (priority)"),
            ("manager", "Cán bộ quản lý", "a manager"),
            ("other", "Đối tượng khác", "other"),
        ],
    },
    Enum {
        schema: "Channel",
        values: &[
            ("unit_portal", "Cổng/Trang thông tin điện tử của cơ quan, đơn vị", "the unit's own web portal"),
            ("provincial_portal", "Cổng Thông tin điện tử tỉnh", "the provincial e-portal"),
            ("radio_tv", "Đài Phát thanh và Truyền hình Hưng Yên", "Hưng Yên radio and television"),
            ("newspaper", "Báo Hưng Yên và các báo khác", "Báo Hưng Yên and other newspapers"),
            ("social", "Mạng xã hội", "social media"),
            ("other", "Kênh khác", "another channel"),
        ],
    },
    Enum {
        schema: "ComplianceStatus",
        values: &[
            ("on_time", "Gửi đúng hạn", "submitted on time"),
            ("late", "Gửi muộn (sau hạn nộp)", "submitted late (after the due date)"),
            ("partial", "Đơn vị kế thừa chưa gửi; mới có một phần các đơn vị tiền thân gửi (`missing_predecessors`: các đơn vị còn thiếu)", "a successor that has not reported, for which only some predecessors did (`missing_predecessors` lists the others)"),
            ("missing", "Chưa gửi báo cáo", "not submitted"),
        ],
    },
    Enum {
        schema: "DeliveryStatus",
        values: &[
            ("no_webhook", "Đơn vị chưa đăng ký webhook: việc đôn đốc chỉ được ghi nhận và liệt kê", "the unit has no webhook: the reminder is recorded and listed only"),
            ("pending", "Đang chờ chuyển (hoặc đang thử gửi lại)", "waiting to be delivered (or retried)"),
            ("delivered", "Đã chuyển đến webhook của đơn vị", "delivered to the unit's webhook"),
            ("failed", "Không chuyển được (đã dừng sau số lần thử tối đa)", "given up after the maximum number of attempts"),
        ],
    },
    Enum {
        schema: "DocumentKind",
        values: &[
            ("official_letter", "Công văn", "an official letter"),
            ("plan", "Kế hoạch", "a plan"),
            ("decision", "Quyết định", "a decision"),
            ("resolution", "Nghị quyết (của Quốc hội, Ủy ban Thường vụ Quốc hội, Hội đồng nhân dân)", "a resolution (of the National Assembly, its Standing Committee or a People's Council)"),
            ("decree", "Nghị định (của Chính phủ)", "a decree (of the Government)"),
            ("circular", "Thông tư (của Bộ)", "a circular (of a ministry)"),
            ("law", "Luật", "a law"),
            ("other", "Văn bản khác", "another kind of document"),
        ],
    },
    Enum {
        schema: "GrantAction",
        values: &[
            ("recommend", "Đề xuất (Sở Nội vụ tham mưu trình phê duyệt)", "recommend (the coordinator, to the approver)"),
            ("approve", "Phê duyệt (trong phạm vi Quỹ thi đua, khen thưởng của năm)", "approve (within the year's emulation fund)"),
            ("reject", "Từ chối (kèm lý do)", "reject (with the reason)"),
        ],
    },
    Enum {
        schema: "DecisionState",
        values: &[
            ("draft", "Dự thảo, kèm tờ trình, chờ ban hành", "drafted with its submission, awaiting issue"),
            ("issued", "Đã ban hành với số và ngày", "issued with its number and date"),
        ],
    },
    Enum {
        schema: "PaperKind",
        values: &[
            ("submission", "Tờ trình của Sở Nội vụ gửi Chủ tịch UBND tỉnh", "the coordinator's submission to the Chairman"),
            ("decision", "Quyết định khen thưởng kèm danh sách", "the decision with its annexed list"),
        ],
    },
    Enum {
        schema: "FundEntryKind",
        values: &[
            ("allocation", "Khoản thu được giao (kèm văn bản)", "an allocation (with its document)"),
            ("adjustment", "Điều chỉnh khi đặt lại số quỹ", "an adjustment when the amount is set anew"),
            ("grant", "Chi hỗ trợ kinh phí đã phê duyệt", "an approved funding grant paid"),
            ("bonuses", "Chi tiền thưởng theo quyết định khen thưởng", "a decision's bonuses paid"),
        ],
    },
    Enum {
        schema: "GrantState",
        values: &[
            ("requested", "Đã đề nghị, chờ Sở Nội vụ xem xét", "requested, awaiting the coordinator"),
            ("recommended", "Sở Nội vụ đã đề xuất, chờ phê duyệt", "recommended by the coordinator, awaiting approval"),
            ("approved", "Đã phê duyệt", "approved"),
            ("rejected", "Bị từ chối", "rejected"),
        ],
    },
    Enum {
        schema: "GrantType",
        values: &[
            ("client_credentials", "Cấp mã truy cập cho phần mềm bằng mã ứng dụng và khóa bí mật (OAuth2 client credentials)", "a token for software, by client id and secret (OAuth2 client credentials)"),
        ],
    },
    Enum {
        schema: "GroupKind",
        values: &[
            ("cluster", "Cụm thi đua", "an emulation cluster (districts, communes)"),
            ("block", "Khối thi đua", "an emulation block (departments, associations…)"),
        ],
    },
    Enum {
        schema: "ImportKind",
        values: &[
            ("units", "Cơ quan, đơn vị", "units"),
            ("documents", "Văn bản", "documents"),
            ("movements", "Phong trào thi đua", "movements"),
            ("exemplary_models", "Điển hình tiên tiến", "exemplary models"),
            ("awardees", "Cá nhân, tập thể được khen thưởng", "awardees"),
            ("awards", "Sổ khen thưởng (khen thưởng đã tặng)", "awards granted"),
        ],
    },
    Enum {
        schema: "Indicator",
        values: &[
            ("models_discovered", "Số điển hình tiên tiến được phát hiện", "exemplary models discovered"),
            ("models_nurtured", "Số điển hình tiên tiến được bồi dưỡng", "exemplary models nurtured"),
            ("models_replicated", "Số điển hình tiên tiến được nhân rộng", "exemplary models replicated"),
            ("publicity_items", "Số tin, bài tuyên truyền (có thể chỉ tính một kênh)", "publicity items (optionally on one channel)"),
            ("unit_plans_issued", "Số kế hoạch hằng năm của các cơ quan, đơn vị đã ban hành", "units' own annual plans issued"),
            ("other", "Chỉ tiêu khác (mô tả bằng lời, không đo tự động)", "anything else, described in words, not measured"),
        ],
    },
    Enum {
        schema: "InspectionScope",
        values: &[
            ("plans", "Việc ban hành, thực hiện kế hoạch triển khai", "the unit's implementation plans"),
            ("reporting", "Việc chấp hành chế độ thông tin, báo cáo", "its compliance with the reporting regime"),
            ("publicity", "Công tác tuyên truyền điển hình tiên tiến", "the publicity of exemplary models"),
            ("movement", "Việc tổ chức thực hiện một phong trào thi đua", "its conduct of a movement"),
        ],
    },
    Enum {
        schema: "ModelKind",
        values: &[
            ("collective", "Tập thể", "a collective"),
            ("individual", "Cá nhân", "an individual"),
        ],
    },
    Enum {
        schema: "MovementStatus",
        values: &[
            ("active", "Đang triển khai", "active"),
            ("closed", "Đã kết thúc", "closed"),
        ],
    },
    Enum {
        schema: "NominationAction",
        values: &[
            ("submit", "Gửi hồ sơ đề nghị đến Sở Nội vụ", "submit the dossier to the coordinator"),
            ("withdraw", "Rút hồ sơ đề nghị", "withdraw the nomination"),
            ("start_review", "Bắt đầu thẩm định, xét duyệt", "start the review"),
            ("return", "Trả lại đơn vị đề nghị để bổ sung, hoàn thiện hồ sơ", "return it to the proposing unit for completion"),
            ("open_comment", "Lấy ý kiến nhân dân công khai", "open it for public comment"),
            ("close_comment", "Kết thúc lấy ý kiến công khai", "close the public comment"),
            ("recommend", "Trình Chủ tịch UBND tỉnh khen thưởng (chiếm một suất trong chỉ tiêu)", "recommend it to the Chairman (takes a quota place)"),
            ("reject", "Không đề nghị khen thưởng (từ chối)", "reject it"),
            ("send_back", "Chuyển lại Sở Nội vụ xem xét lại", "send it back to the coordinator for another review"),
            ("approve", "Quyết định khen thưởng", "approve: grant the honour"),
            ("revoke", "Hủy bỏ quyết định khen thưởng", "revoke the honour"),
        ],
    },
    Enum {
        schema: "NominationState",
        values: &[
            ("draft", "Đang soạn (bản nháp của đơn vị đề nghị)", "a draft, being prepared by the proposing unit"),
            ("submitted", "Đã gửi Sở Nội vụ", "submitted to the coordinator"),
            ("in_review", "Đang thẩm định, xét duyệt", "being reviewed and scored"),
            ("returned", "Bị trả lại để bổ sung, hoàn thiện", "returned to the proposing unit with comments"),
            ("public_comment", "Đang lấy ý kiến công khai", "open for public comment until its closing date"),
            ("recommended", "Đã trình Chủ tịch UBND tỉnh (chiếm một suất trong chỉ tiêu)", "recommended to the Chairman (holds a quota place)"),
            ("approved", "Đã được khen thưởng", "approved: the honour is granted and public"),
            ("rejected", "Không được khen thưởng", "rejected"),
            ("withdrawn", "Đã rút hồ sơ", "withdrawn"),
            ("revoked", "Đã hủy bỏ quyết định khen thưởng (vẫn giữ suất của năm)", "revoked after approval (keeps its quota place for the year)"),
        ],
    },
    Enum {
        schema: "PeriodType",
        values: &[
            ("month", "Hằng tháng", "monthly"),
            ("quarter", "Hằng quý", "quarterly"),
            ("half_year", "6 tháng", "half-yearly"),
            ("year", "Hằng năm", "yearly"),
            ("ad_hoc", "Đột xuất (theo yêu cầu báo cáo, có hạn riêng)", "ad hoc (answers a report request with its own due date)"),
        ],
    },
    Enum {
        schema: "PlanKind",
        values: &[
            ("phase", "Kế hoạch giai đoạn của cơ quan chủ trì", "the lead unit's plan for the phase"),
            ("annual", "Kế hoạch năm của cơ quan chủ trì", "the lead unit's plan for a year"),
            ("unit_annual", "Kế hoạch hằng năm của cơ quan, đơn vị", "one unit's own annual plan"),
        ],
    },
    Enum {
        schema: "PlanState",
        values: &[
            ("pending", "Chưa ban hành, còn trong hạn", "not issued, not yet due"),
            ("issued_on_time", "Đã ban hành đúng hạn", "issued on or before the due date"),
            ("issued_late", "Ban hành chậm (sau hạn)", "issued after the due date"),
            ("overdue", "Quá hạn chưa ban hành", "not issued, past the due date"),
        ],
    },
    Enum {
        schema: "ReminderKind",
        values: &[
            ("missing_report", "Chưa gửi báo cáo", "a report not submitted"),
            ("overdue_plan", "Chậm ban hành kế hoạch triển khai", "an implementation plan not issued by its due date"),
            ("no_portal_item", "Chưa có tin, bài trên trang thông tin điện tử của đơn vị", "nothing published on the unit's own portal"),
        ],
    },
    Enum {
        schema: "Role",
        values: &[
            ("admin", "Quản trị hệ thống", "system administrator"),
            ("coordinator", "Sở Nội vụ (cơ quan tham mưu, đôn đốc, tổng hợp công tác thi đua, khen thưởng)", "the Department of Home Affairs: urges, checks, gathers and recommends"),
            ("approver", "Chủ tịch UBND tỉnh, Văn phòng UBND tỉnh (quyết định khen thưởng)", "the Chairman's office: decides commendations"),
            ("unit_officer", "Cán bộ làm công tác thi đua, khen thưởng của cơ quan, đơn vị", "an officer of one unit, acting only for it"),
            ("viewer", "Người xem (chỉ đọc, không thay đổi)", "reads everything, changes nothing"),
            ("reviewer", "Thành viên Hội đồng Thi đua – Khen thưởng (chấm điểm, xét duyệt)", "a member of the emulation council: scores nominations"),
        ],
    },
    Enum {
        schema: "Scale",
        values: &[
            ("standard", "Phong trào thông thường: mỗi năm giới thiệu không quá 02 tập thể, cá nhân", "standard: at most 2 collectives or individuals a year"),
            ("broad", "Phong trào có nhiều đối tượng tham gia: mỗi năm giới thiệu không quá 04 tập thể, cá nhân", "many participants: at most 4 collectives or individuals a year"),
        ],
    },
    Enum {
        schema: "Scope",
        values: &[
            ("reports:read", "Xem báo cáo, tình hình chấp hành chế độ báo cáo và việc đôn đốc của đơn vị", "read the unit's reports, compliance and reminders"),
            ("reports:write", "Gửi báo cáo của đơn vị và đăng ký webhook", "submit the unit's reports and register its webhook"),
            ("documents:write", "Đăng ký văn bản và ghi nhận ban hành kế hoạch của đơn vị", "register the unit's documents and record its plans issued"),
            ("units:write", "Cập nhật thông tin liên hệ của đơn vị", "update the unit's contact details"),
            ("funding:write", "Đề nghị hỗ trợ kinh phí từ Quỹ thi đua, khen thưởng (cơ quan chủ trì)", "request funding grants from the emulation fund (lead units)"),
            ("models:write", "Ghi nhận điển hình tiên tiến và tin, bài tuyên truyền của đơn vị", "record the unit's exemplary models and publicity items"),
            ("metrics:read", "Đọc số liệu vận hành (`/metrics`); ứng dụng không thuộc đơn vị nào", "read `/metrics`; a client of no unit"),
        ],
    },
    Enum {
        schema: "Stage",
        values: &[
            ("discovered", "Phát hiện", "discovered"),
            ("nurtured", "Bồi dưỡng", "nurtured"),
            ("replicated", "Nhân rộng", "replicated"),
        ],
    },
    Enum {
        schema: "CongressLevel",
        values: &[
            ("provincial", "Đại hội Thi đua yêu nước cấp tỉnh", "the province's emulation congress"),
            ("national", "Đại hội Thi đua yêu nước toàn quốc", "the national emulation congress"),
        ],
    },
    Enum {
        schema: "Track",
        values: &[
            ("annual", "Khen thưởng hằng năm theo phong trào (đề nghị Chủ tịch UBND tỉnh)", "yearly recommendations to the Chairman per movement"),
            ("provincial_congress", "Biểu dương tại Đại hội Thi đua yêu nước tỉnh (`congress_id`; không gửi: Đại hội lần thứ X, năm 2025)", "models honoured at a provincial emulation congress (`congress_id`; absent: congress X of 2025)"),
            ("national_congress", "Giới thiệu tham dự Đại hội Thi đua yêu nước toàn quốc (`congress_id`; không gửi: Đại hội lần thứ XI, năm 2025)", "models sent on to a national emulation congress (`congress_id`; absent: congress XI of 2025)"),
        ],
    },
    Enum {
        schema: "UnitKind",
        values: &[
            ("department", "Sở, ban, ngành", "a department of the province"),
            ("district", "Huyện, thị xã, thành phố (cấp huyện, đến 30/6/2025)", "a district (until 30 June 2025)"),
            ("commune", "Xã (đến 30/6/2025 cả thị trấn)", "a commune (until 30 June 2025 also a township)"),
            ("ward", "Phường", "a ward"),
            ("association", "Hội, đoàn thể", "an association or mass organisation"),
            ("enterprise", "Doanh nghiệp", "an enterprise"),
            ("press", "Cơ quan báo chí", "a press agency"),
            ("other", "Khác", "other"),
        ],
    },
];
