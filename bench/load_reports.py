#!/usr/bin/env python3
"""Loads the reporting history bench/reports.sh measures, through the API.

Usage: load_reports.py BASE_URL ADMIN_PASSWORD UNITS PERIODS OUT_DIR

- UNITS units (Vietnamese names), in emulation groups (clusters and blocks) of
  BENCH_GROUP_SIZE units (default 50) for every year the periods end in;
- 3 report types for audience `groups` (one monthly, two quarterly), all with the same
  JSON Schema of 21 fields; a submission's content is about 2 KB of Vietnamese text and numbers;
- an API client with `reports:write reports:read` per unit, made with
  `thidua admin create-client` (the binary is THIDUA_BIN, its database DATABASE_URL), and its
  token from POST /api/v1/auth/token;
- one submission per unit, type and period for the last PERIODS periods of each type
  (UNITS × 3 × PERIODS reports), each with its own Idempotency-Key.

Writes to OUT_DIR: tokens.txt (a token a line, one per unit) and bodies.txt (a submission a
line, one per type and period) for bench/submit-load, meta.json (the admin token, the types,
the compliance query to measure), and for PostgreSQL lanes.sql, pgbench-minimal.sql and
pgbench-service.sql (see bench/README.md). Standard library only.
"""
import datetime
import hashlib
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

BASE, PASSWORD, UNITS, PERIODS, OUT = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
GROUP_SIZE = int(os.environ.get("BENCH_GROUP_SIZE", "50"))
THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "8"))
THIDUA_BIN = os.environ.get("THIDUA_BIN", "target/release/thidua")
PREFIX = os.environ.get("BENCH_UNIT_PREFIX", "DVBC")
random.seed(1801)

# --- HTTP: one keep-alive connection per thread ---------------------------------------------

_local = threading.local()
_url = urllib.parse.urlsplit(BASE)


def call(method, path, token=None, body=None, headers=None, form=None):
    """Returns (status, parsed JSON or None, response headers)."""
    hdrs = dict(headers or {})
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        hdrs["content-type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        hdrs["content-type"] = "application/json"
    if token:
        hdrs["authorization"] = "Bearer " + token
    for attempt in range(3):
        conn = getattr(_local, "conn", None)
        if conn is None:
            conn = _local.conn = http.client.HTTPConnection(_url.hostname, _url.port, timeout=60)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            res = conn.getresponse()
            raw = res.read()
            return res.status, (json.loads(raw) if raw else None), dict(res.getheaders())
        except (http.client.HTTPException, OSError):
            conn.close()
            _local.conn = None
            if attempt == 2:
                raise
            time.sleep(0.2)


def must(expected, answer, what):
    status, body, _ = answer
    if status != expected:
        sys.exit(f"load_reports: {what}: expected {expected}, got {status}: {json.dumps(body, ensure_ascii=False)[:600]}")
    return body


# --- Periods ---------------------------------------------------------------------------------

def today_local():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()


def months_back(n):
    """The month n months before the current one: 2026M11, 2026M10, …"""
    t = today_local()
    y, m = t.year, t.month - n
    while m <= 0:
        y, m = y - 1, m + 12
    return f"{y}M{m:02d}", y


def quarters_back(n):
    t = today_local()
    q = (t.month - 1) // 3 + 1 - n
    y = t.year
    while q <= 0:
        y, q = y - 1, q + 4
    return f"{y}Q{q}", y


# --- Content ---------------------------------------------------------------------------------

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Hữu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Quỳnh", "Tâm", "Thảo", "Yến"]
UNIT_KINDS = [
    ("commune", "UBND xã {}"), ("commune", "UBND phường {}"), ("district", "Phòng Nội vụ huyện {}"),
    ("association", "Hội Nông dân xã {}"), ("enterprise", "Hợp tác xã nông nghiệp {}"), ("other", "Trường THCS {}"),
]
PLACES = ["Tân Tiến", "Liên Nghĩa", "Phụng Công", "Mễ Sở", "Dạ Trạch", "Hồng Nam", "Hiến Nam", "Lam Sơn", "An Tảo", "Bảo Khê",
          "Quảng Châu", "Trung Nghĩa", "Phương Chiểu", "Hoàng Hanh", "Nghĩa Trụ", "Vĩnh Khúc", "Xuân Quan", "Cửu Cao"]

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["nguoi_lap", "chuc_vu_nguoi_lap", "so_dien_thoai", "ngay_lap", "so_phong_trao", "so_luot_tham_gia",
                 "so_dien_hinh_tien_tien", "so_tap_the_duoc_khen", "so_ca_nhan_duoc_khen", "kinh_phi_thi_dua_trieu_dong",
                 "ty_le_hoan_thanh_ke_hoach", "tom_tat_ket_qua", "kho_khan_vuong_mac", "de_xuat_kien_nghi",
                 "phuong_huong_ky_toi", "da_dang_cong_thong_tin"],
    "properties": {
        "nguoi_lap": {"type": "string", "minLength": 1, "maxLength": 200},
        "chuc_vu_nguoi_lap": {"type": "string", "maxLength": 200},
        "so_dien_thoai": {"type": "string", "pattern": "^[0-9 +().-]{6,20}$"},
        "ngay_lap": {"type": "string", "format": "date"},
        "so_phong_trao": {"type": "integer", "minimum": 0},
        "so_phong_trao_moi": {"type": "integer", "minimum": 0},
        "so_luot_tham_gia": {"type": "integer", "minimum": 0},
        "so_dien_hinh_tien_tien": {"type": "integer", "minimum": 0},
        "so_mo_hinh_nhan_rong": {"type": "integer", "minimum": 0},
        "so_tap_the_duoc_khen": {"type": "integer", "minimum": 0},
        "so_ca_nhan_duoc_khen": {"type": "integer", "minimum": 0},
        "so_de_nghi_cap_tinh": {"type": "integer", "minimum": 0},
        "so_de_nghi_trung_uong": {"type": "integer", "minimum": 0},
        "kinh_phi_thi_dua_trieu_dong": {"type": "number", "minimum": 0},
        "ty_le_hoan_thanh_ke_hoach": {"type": "number", "minimum": 0, "maximum": 100},
        "tom_tat_ket_qua": {"type": "string", "maxLength": 4000},
        "kho_khan_vuong_mac": {"type": "string", "maxLength": 2000},
        "de_xuat_kien_nghi": {"type": "string", "maxLength": 2000},
        "phuong_huong_ky_toi": {"type": "string", "maxLength": 2000},
        "da_dang_cong_thong_tin": {"type": "boolean"},
        "ghi_chu": {"type": "string", "maxLength": 1000},
    },
}

TYPES = [
    ("BC-TDKT-THANG", "Báo cáo công tác thi đua, khen thưởng hằng tháng", "month", months_back),
    ("BC-TDKT-QUY", "Báo cáo công tác thi đua, khen thưởng hằng quý", "quarter", quarters_back),
    ("BC-PTTD-QUY", "Báo cáo kết quả phong trào thi đua \"Cả nước chung tay vì người nghèo\" hằng quý", "quarter", quarters_back),
]


def content(seed):
    r = random.Random(seed)
    n = lambda a, b: r.randint(a, b)  # noqa: E731
    return {
        "nguoi_lap": f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}",
        "chuc_vu_nguoi_lap": "Chuyên viên phụ trách công tác thi đua, khen thưởng",
        "so_dien_thoai": f"0221 38{n(10, 99)} {n(100, 999)}",
        "ngay_lap": today_local().isoformat(),
        "so_phong_trao": n(2, 9),
        "so_phong_trao_moi": n(0, 3),
        "so_luot_tham_gia": n(200, 5000),
        "so_dien_hinh_tien_tien": n(5, 80),
        "so_mo_hinh_nhan_rong": n(1, 25),
        "so_tap_the_duoc_khen": n(2, 40),
        "so_ca_nhan_duoc_khen": n(5, 120),
        "so_de_nghi_cap_tinh": n(0, 12),
        "so_de_nghi_trung_uong": n(0, 3),
        "kinh_phi_thi_dua_trieu_dong": round(r.uniform(20, 900), 1),
        "ty_le_hoan_thanh_ke_hoach": round(r.uniform(60, 100), 1),
        "tom_tat_ket_qua": (
            f"Trong kỳ, đơn vị đã phát động {n(2, 9)} phong trào thi đua theo chuyên đề, gắn với thực hiện nhiệm vụ chính trị "
            f"và Kế hoạch 90/KH-UBND của Ủy ban nhân dân tỉnh. Đã tổ chức {n(3, 20)} hội nghị sơ kết, tổng kết; biểu dương "
            f"{n(10, 60)} gương điển hình tiên tiến, trong đó có {n(2, 15)} mô hình giảm nghèo bền vững và {n(1, 10)} mô hình "
            "chuyển đổi số trong sản xuất, kinh doanh. Công tác tuyên truyền được thực hiện thường xuyên trên Cổng thông tin "
            "điện tử và hệ thống truyền thanh cơ sở; việc bình xét khen thưởng bảo đảm công khai, dân chủ, đúng đối tượng."
        ),
        "kho_khan_vuong_mac": (
            "Một số phong trào còn hình thức, chưa có tiêu chí cụ thể để đánh giá; việc phát hiện, bồi dưỡng và nhân rộng "
            "điển hình tiên tiến ở cơ sở còn chậm; kinh phí dành cho công tác thi đua, khen thưởng còn hạn chế."
        ),
        "de_xuat_kien_nghi": (
            "Đề nghị Ban Thi đua - Khen thưởng tỉnh tổ chức tập huấn nghiệp vụ cho cán bộ làm công tác thi đua ở cấp xã; "
            "sớm ban hành hướng dẫn chấm điểm thi đua đối với các Cụm, Khối thi đua năm tới."
        ),
        "phuong_huong_ky_toi": (
            f"Tiếp tục đẩy mạnh phong trào \"Hưng Yên chung sức xây dựng nông thôn mới\"; phấn đấu có thêm {n(3, 15)} điển hình "
            "tiên tiến được biểu dương; hoàn thành hồ sơ đề nghị khen thưởng tổng kết giai đoạn đúng thời hạn."
        ),
        "da_dang_cong_thong_tin": r.random() < 0.8,
    }


def canonical(value):
    """How the service stores content: compact JSON, keys sorted, UTF-8 (serde_json)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# --- Loading ---------------------------------------------------------------------------------

def create_client(unit):
    env = dict(os.environ, RUST_LOG="warn")
    out = subprocess.run(
        [THIDUA_BIN, "admin", "create-client", "--name", f"Phần mềm báo cáo {unit['code']}", "--unit", unit["id"],
         "--scopes", "reports:write reports:read"],
        env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"load_reports: create-client for {unit['code']}: {out.stderr.strip()}")
    kv = dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
    unit["client_id"], secret = kv["client_id"], kv["client_secret"]
    body = must(200, call("POST", "/api/v1/auth/token", form={
        "grant_type": "client_credentials", "client_id": unit["client_id"], "client_secret": secret}), "token")
    unit["token"] = body["access_token"]


def main():
    started = time.time()
    os.makedirs(OUT, exist_ok=True)
    admin = must(200, call("POST", "/api/v1/auth/login", body={"username": "admin", "password": PASSWORD}), "login")["access_token"]

    def one_unit(i):
        kind, pattern = UNIT_KINDS[i % len(UNIT_KINDS)]
        name = pattern.format(PLACES[i % len(PLACES)]) + f" (đơn vị {i + 1:04d})"
        code = f"{PREFIX}-{i + 1:04d}"
        body = must(201, call("POST", "/api/v1/units", admin, {"code": code, "name": name, "kind": kind}), f"unit {code}")
        return {"id": body["id"], "code": body["code"]}

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        units = list(pool.map(one_unit, range(UNITS)))
    print(f"  {len(units)} units ({time.time() - started:.0f} s)", flush=True)

    types = []
    for code, title, kind, back in TYPES:
        periods = [back(n) for n in range(PERIODS)]
        body = must(201, call("POST", "/api/v1/report-types", admin, {
            "code": code, "title": title, "period_type": kind, "content_schema": SCHEMA,
            "due_days": 10, "grace_days": 365, "audience": "groups"}), f"report type {code}")
        types.append({"id": body["id"], "code": code, "period_type": kind, "periods": [p for p, _ in periods],
                      "years": sorted({y for _, y in periods})})

    # Groups for every year a period ends in (a unit is in one group a year).
    years = sorted({y for t in types for y in t["years"]})
    groups = 0
    for year in years:
        for g, start in enumerate(range(0, len(units), GROUP_SIZE)):
            members = [u["id"] for u in units[start:start + GROUP_SIZE]]
            kind, label = ("cluster", "Cụm thi đua") if g % 2 == 0 else ("block", "Khối thi đua")
            must(201, call("POST", "/api/v1/emulation-groups", admin, {
                "kind": kind, "name": f"{label} số {g + 1} - đơn vị báo cáo", "year": year,
                "chair_unit_id": members[0], "member_unit_ids": members}), f"group {g + 1} of {year}")
            groups += 1
    print(f"  {groups} emulation groups for {years}", flush=True)

    t0 = time.time()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(create_client, units))
    print(f"  {len(units)} API clients (thidua admin create-client) and tokens ({time.time() - t0:.0f} s)", flush=True)

    bodies = []
    for ti, t in enumerate(types):
        for pi, period in enumerate(t["periods"]):
            bodies.append({"report_type_id": t["id"], "period": period, "content": content(ti * 100 + pi)})
    sizes = [len(canonical(b["content"]).encode()) for b in bodies]
    statuses = {}
    lock = threading.Lock()

    def submit(job):
        unit, body = job
        status, answer, _ = call("POST", "/api/v1/reports", unit["token"], body, {"Idempotency-Key": str(uuid.uuid4())})
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
        if status != 201:
            sys.stderr.write(f"load_reports: submission {unit['code']} {body['period']}: {status} {json.dumps(answer, ensure_ascii=False)[:400]}\n")

    t0 = time.time()
    jobs = [(u, b) for b in bodies for u in units]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(submit, jobs))
    took = time.time() - t0
    print(f"  {len(jobs)} submissions in {took:.0f} s ({len(jobs) / took:.0f}/s, 8 threads): {statuses}; "
          f"content {min(sizes)}–{max(sizes)} bytes, {len(SCHEMA['properties'])} fields in the schema", flush=True)
    if statuses.get(201, 0) != len(jobs):
        sys.exit("load_reports: not every history submission was stored")

    # The compliance query to measure: the first quarterly type, its latest full quarter.
    target = types[1]
    query = {"type": target["code"], "period": target["periods"][1 if PERIODS > 1 else 0]}
    status, c, _ = call("GET", "/api/v1/reporting/compliance?" + urllib.parse.urlencode(query), admin)
    if status != 200:
        sys.exit(f"load_reports: compliance: {status} {c}")
    print(f"  compliance {query['type']} {query['period']}: expected {c['expected']}, on time {c['on_time']}, "
          f"late {c['late']}, missing {c['missing']}, {len(c['by_group'])} groups", flush=True)
    if c["expected"] != len(units) or c["missing"] != 0:
        sys.exit("load_reports: compliance does not count every loaded unit as submitted")

    with open(os.path.join(OUT, "tokens.txt"), "w") as f:
        f.writelines(u["token"] + "\n" for u in units)
    with open(os.path.join(OUT, "bodies.txt"), "w", encoding="utf-8") as f:
        f.writelines(json.dumps(b, ensure_ascii=False, separators=(",", ":")) + "\n" for b in bodies)
    with open(os.path.join(OUT, "meta.json"), "w", encoding="utf-8") as f:
        json.dump({"admin_token": admin, "types": types, "compliance": query, "units": len(units),
                   "content_bytes": max(sizes)}, f, ensure_ascii=False)
    write_pgbench(units, types, bodies)
    print(f"loaded {len(units)} units, {len(types)} report types × {PERIODS} periods, {len(jobs)} reports "
          f"in {time.time() - started:.0f} s", flush=True)


# --- pgbench scripts (PostgreSQL) ------------------------------------------------------------

def sql_literal(text):
    """An E'' literal with every ':' escaped, so pgbench never reads `:name` inside it."""
    return "E'" + text.replace("\\", "\\\\").replace("'", "''").replace(":", "\\x3a") + "'"


def write_pgbench(units, types, bodies):
    """lanes.sql: one row per unit, type and period (what submit-load walks through);
    pgbench-minimal.sql: the rows a submission writes, in one transaction;
    pgbench-service.sql: every statement the service runs for a submission, in its one transaction."""
    with open(os.path.join(OUT, "lanes.sql"), "w") as f:
        f.write("SET client_min_messages = warning;\nDROP SCHEMA IF EXISTS bench CASCADE;\nCREATE SCHEMA bench;\n"
                "CREATE TABLE bench.lanes (n INTEGER PRIMARY KEY, unit_id TEXT NOT NULL, type_id TEXT NOT NULL, "
                "type_code TEXT NOT NULL, period TEXT NOT NULL, client_id TEXT NOT NULL);\n"
                "CREATE SEQUENCE bench.revision START 1000000;\nCOPY bench.lanes FROM STDIN;\n")
        n = 0
        for t in types:
            for period in t["periods"]:
                for u in units:
                    n += 1
                    f.write(f"{n}\t{u['id']}\t{t['id']}\t{t['code']}\t{period}\t{u['client_id']}\n")
        f.write("\\.\nANALYZE bench.lanes;\n")
    lanes = n
    body = bodies[0]
    stored = canonical(body["content"])
    sha = hashlib.sha256(stored.encode()).hexdigest()
    request_hash = hashlib.sha256(canonical(body).encode()).hexdigest()
    receipt = canonical({
        "report_id": str(uuid.uuid4()), "report_type_id": body["report_type_id"], "unit_id": units[0]["id"],
        "period": body["period"], "revision": 2, "submitted_at": "2026-11-28T03:15:00.123456Z", "due_date": "2026-11-24",
        "on_time": False, "content_sha256": sha, "stored": True})
    after = canonical({"report_type": types[0]["code"], "unit_id": units[0]["id"], "period": body["period"],
                       "revision": 2, "content_sha256": sha})
    content_sql, receipt_sql, after_sql = sql_literal(stored), sql_literal(receipt), sql_literal(after)
    now = "(now() AT TIME ZONE 'utc')"
    with open(os.path.join(OUT, "pgbench-minimal.sql"), "w", encoding="utf-8") as f:
        f.write(f"""-- What a submission writes: its idempotency key with the answer, the report, the audit row.
\\set lane random(1, {lanes})
BEGIN;
INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, response, created_at)
  SELECT 'client:' || l.client_id || ' POST /api/v1/reports', gen_random_uuid()::text, '{request_hash}', 201, {receipt_sql}, {now}
  FROM bench.lanes l WHERE l.n = :lane;
INSERT INTO reports (id, report_type_id, unit_id, period, revision, content, content_sha256, submitted_at, submitted_by, accepted_at)
  SELECT gen_random_uuid()::text, l.type_id, l.unit_id, l.period, nextval('bench.revision'), {content_sql}, '{sha}', {now}, l.client_id, NULL
  FROM bench.lanes l WHERE l.n = :lane;
INSERT INTO audit_log (id, occurred_at, actor_type, actor_id, actor_unit_id, action, entity, entity_id, before_data, after_data, request_id)
  SELECT gen_random_uuid()::text, {now}, 'client', l.client_id, l.unit_id, 'submit', 'report', gen_random_uuid()::text, NULL, {after_sql}, gen_random_uuid()::text
  FROM bench.lanes l WHERE l.n = :lane;
COMMIT;
""")
    scope = "('client:' || :client::text || ' POST /api/v1/reports')"
    with open(os.path.join(OUT, "pgbench-service.sql"), "w", encoding="utf-8") as f:
        f.write(f"""-- Every statement the service runs for one submission (src/api/reports.rs, submit), in its one
-- transaction; plus one read of the lane (which unit, type and period) that the service does not need.
\\set lane random(1, {lanes})
\\set key random(1, 9000000000000000000)
SELECT unit_id AS unit, type_id AS type, type_code AS code, period AS period, client_id AS client FROM bench.lanes WHERE n = :lane \\gset
BEGIN;
SELECT pg_try_advisory_xact_lock(hashtextextended('idem:' || {scope} || ':' || :key::text, 0));
SELECT scope, idem_key, request_hash, status, response, created_at FROM idempotency_keys WHERE scope = {scope} AND idem_key = :key::text;
SELECT id, code, title, period_type, content_schema, due_days, grace_days, audience, audience_unit_ids, movement_id, version, created_at, updated_at FROM report_types WHERE id = :type;
SELECT pg_advisory_xact_lock(hashtextextended('report:' || :type::text || ':' || :unit::text || ':' || :period::text, 0));
SELECT count(*) FROM group_members WHERE unit_id = :unit AND year = substr(:period::text, 1, 4)::int AND active;
SELECT count(*) FROM period_locks WHERE report_type_id = :type AND period = :period;
SELECT revision, accepted_at FROM reports WHERE report_type_id = :type AND unit_id = :unit AND period = :period;
INSERT INTO reports (id, report_type_id, unit_id, period, revision, content, content_sha256, submitted_at, submitted_by, accepted_at)
  VALUES (gen_random_uuid()::text, :type, :unit, :period,
          (SELECT coalesce(max(revision), 0) + 1 FROM reports WHERE report_type_id = :type AND unit_id = :unit AND period = :period),
          {content_sql}, '{sha}', {now}, :client, NULL);
INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, response, created_at) VALUES ({scope}, :key::text, '{request_hash}', 201, {receipt_sql}, {now});
INSERT INTO audit_log (id, occurred_at, actor_type, actor_id, actor_unit_id, action, entity, entity_id, before_data, after_data, request_id)
  VALUES (gen_random_uuid()::text, {now}, 'client', :client, :unit, 'submit', 'report', gen_random_uuid()::text, NULL, {after_sql}, gen_random_uuid()::text);
COMMIT;
""")


if __name__ == "__main__":
    main()
