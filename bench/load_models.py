#!/usr/bin/env python3
"""Loads N published exemplary models with realistic Vietnamese text through the API.

Usage: load_models.py BASE_URL ADMIN_PASSWORD COUNT
Uses the units and movements of the letter's seed; standard library only.
"""
import json
import random
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BASE, PASSWORD, COUNT = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(1801)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Hữu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Quỳnh", "Sơn", "Tâm", "Thảo", "Tuấn", "Yến"]
GROUPS = ["Tổ sản xuất rau an toàn", "Hợp tác xã nhãn lồng", "Tổ phụ nữ tiết kiệm", "Chi hội nông dân", "Tổ tự quản đường làng",
          "Tổ công nhân may", "Đội thanh niên tình nguyện", "Tổ hòa giải cơ sở", "Câu lạc bộ dân vũ", "Tổ y tế thôn"]
PLACES = ["thôn Đông", "thôn Tây", "xã Phụng Công", "xã Mễ Sở", "phường Hiến Nam", "xã Tân Tiến", "xã Liên Nghĩa", "thị trấn Văn Giang",
          "xã Dạ Trạch", "xã Hồng Nam"]
DEEDS = [
    "giúp {n} hộ nghèo có việc làm ổn định và thoát nghèo bền vững",
    "áp dụng quy trình sản xuất sạch, nâng thu nhập bình quân lên {n} triệu đồng mỗi năm",
    "vận động nhân dân hiến {n} mét vuông đất làm đường giao thông nông thôn",
    "hướng dẫn {n} hội viên ứng dụng chuyển đổi số trong tiêu thụ nông sản",
    "tổ chức {n} buổi tuyên truyền về phòng chống bạo lực gia đình",
    "đóng góp {n} triệu đồng xây nhà đại đoàn kết cho hộ khó khăn",
]
CATEGORIES = ["small_collective", "frontline_staff", "worker", "farmer", "direct_producer", "manager", "other"]


def call(method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"null")


def summary():
    parts = [random.choice(DEEDS).format(n=random.randint(3, 250)) for _ in range(3)]
    return "Trong giai đoạn 2021 - 2025, " + "; ".join(parts) + ". Là gương điển hình tiên tiến được nhân rộng trong phong trào thi đua yêu nước của tỉnh."


def main():
    token = call("POST", "/api/v1/auth/login", body={"username": "admin", "password": PASSWORD})["access_token"]
    units = [u["id"] for u in call("GET", "/api/v1/units?limit=200", token)["items"]]
    movements = [m["id"] for m in call("GET", "/api/v1/movements?limit=200", token)["items"]]

    def one(i):
        individual = i % 2 == 0
        name = (f"{random.choice(SURNAMES)} {random.choice(MIDDLE)} {random.choice(GIVEN)}" if individual
                else f"{random.choice(GROUPS)} {random.choice(PLACES)}") + f" ({i})"
        body = {
            "kind": "individual" if individual else "collective", "name": name,
            "managing_unit_id": random.choice(units), "movement_ids": [random.choice(movements)],
            "category": random.choice(CATEGORIES), "summary": summary(), "achievements": summary() * 3,
            "discovered_on": f"202{random.randint(1, 4)}-0{random.randint(1, 9)}-1{random.randint(0, 9)}",
            "published": True, "consent": individual,
        }
        call("POST", "/api/v1/exemplary-models", token, body)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one, range(COUNT)))
    print(f"loaded {COUNT} published models")


if __name__ == "__main__":
    main()
