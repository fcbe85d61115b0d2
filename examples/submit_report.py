#!/usr/bin/env python3
"""Submits a unit's report to thidua, safely: an example for unit software.

    export THIDUA_CLIENT_ID=… THIDUA_CLIENT_SECRET=…
    python3 examples/submit_report.py --base-url http://127.0.0.1:8080 \\
        --type BC-TDKT-QUY --period 2025Q3 --content bao-cao-quy-3.json

What it does, as any unit software should:

1. Gets an access token with the client credentials an administrator issued for the unit
   (POST /api/v1/auth/token, OAuth2 client credentials).
2. Gives the report an Idempotency-Key (a UUID) and writes it to a small state file *before*
   sending, keyed by the exact request; a retry, even after a crash or a lost answer, sends the
   same key with the same body, so the report is stored once.
3. Retries with backoff on connection errors, 5xx, 429 (waiting at least Retry-After) and
   409 idempotency_in_progress; renews the token once on 401.
4. Treats `Idempotent-Replayed: true` as success: the answer is the receipt of the first request.
5. Stops on any other 4xx and prints the problem's `code` and `errors`.
6. Keeps the receipt (report_id, revision, submitted_at, content_sha256) in the state file and
   prints it. Running the script again for the same content prints the kept receipt and sends
   nothing; `--new-revision` submits the same content again as a new revision.

`--dry-run` validates the report (schema, period, deadlines) and stores nothing.
Python 3.8+, standard library only. Exit status: 0 stored (or already stored, or valid in a
dry run), 1 refused, 2 bad usage or input, 3 gave up after retries.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

USER_AGENT = "thidua-submit-report-example/1.0"
# Keys are kept by the service at least 24 hours: past that, a retry with an old key could be
# taken as a new submission, so the script first looks whether the report arrived.
KEY_TRUSTED_FOR = datetime.timedelta(hours=24)


class Refused(Exception):
    """A final answer: retrying the same request cannot succeed."""

    def __init__(self, status, problem):
        super().__init__(f"{status} {problem.get('code') or problem.get('title') or ''}")
        self.status, self.problem = status, problem


class GaveUp(Exception):
    pass


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def canonical(value):
    """The service's form of JSON: compact, keys sorted, UTF-8. Its SHA-256 is the receipt's
    `content_sha256` when `value` is the content."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Client:
    def __init__(self, base_url, client_id, client_secret, lang, max_attempts, verbose):
        self.base = base_url.rstrip("/")
        self.client_id, self.client_secret = client_id, client_secret
        self.lang, self.max_attempts, self.verbose = lang, max_attempts, verbose
        self.token = None

    def log(self, message):
        if self.verbose:
            print(message, file=sys.stderr)

    # One HTTP exchange: (status, headers, parsed body); raises OSError on network failures.
    def _exchange(self, method, path, body=None, headers=None, form=None):
        hdrs = {"Accept": "application/json", "Accept-Language": self.lang, "User-Agent": USER_AGENT}
        hdrs.update(headers or {})
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
            hdrs["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                return res.status, res.headers, _json(res.read())
        except urllib.error.HTTPError as e:
            return e.code, e.headers, _json(e.read())

    def call(self, method, path, body=None, headers=None, form=None, auth=True):
        """Sends a request, retrying what may succeed later; returns (status, headers, body)
        for a 2xx, raises Refused for a final refusal and GaveUp when the attempts run out."""
        delay = 1.0
        renewed = False
        for attempt in range(1, self.max_attempts + 1):
            hdrs = dict(headers or {})
            if auth:
                if self.token is None:
                    self.get_token()
                hdrs["Authorization"] = "Bearer " + self.token
            wait, why = None, None
            try:
                status, res_headers, data = self._exchange(method, path, body, hdrs, form)
            except OSError as e:  # connection refused or reset, timeout, DNS: the request may or may not have arrived
                why = f"network error: {getattr(e, 'reason', e)}"
            else:
                if 200 <= status < 300:
                    return status, res_headers, data
                problem = data if isinstance(data, dict) else {"detail": str(data)}
                code = problem.get("code")
                if status == 401 and auth and not renewed:
                    self.log("401: the token expired or was refused; getting a new one")
                    self.token, renewed = None, True
                    continue
                if status == 429 or status >= 500 or (status == 409 and code == "idempotency_in_progress"):
                    why = f"{status} {code or problem.get('title', '')}".strip()
                    wait = _retry_after(res_headers)
                else:
                    raise Refused(status, problem)
            if attempt == self.max_attempts:
                raise GaveUp(f"{method} {path}: {why}; gave up after {attempt} attempts")
            # Exponential backoff with jitter, never shorter than the server's Retry-After.
            pause = max(wait or 0, delay * (0.5 + random.random()))
            self.log(f"attempt {attempt}: {why}; retrying in {pause:.1f} s")
            time.sleep(pause)
            delay = min(delay * 2, 60)
        raise GaveUp(f"{method} {path}: no attempts left")

    def get_token(self):
        _, _, data = self.call("POST", "/api/v1/auth/token", auth=False, form={
            "grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret})
        self.token = data["access_token"]
        self.log(f"token for scopes {data.get('scope')!r}, valid {data.get('expires_in')} s")

    def report_type_id(self, code_or_id):
        """The id of a report type named by its id or its code."""
        quoted = urllib.parse.quote(code_or_id, safe="")
        try:
            _, _, t = self.call("GET", f"/api/v1/report-types/{quoted}")
            return t["id"]
        except Refused as e:
            if e.status != 404:
                raise
        cursor = None
        while True:
            query = "?limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            _, _, page = self.call("GET", "/api/v1/report-types" + query)
            for t in page["items"]:
                if t["code"].lower() == code_or_id.lower():
                    return t["id"]
            cursor = page.get("next_cursor")
            if not cursor:
                raise Refused(404, {"code": "unknown_report_type", "detail": f"No report type with id or code {code_or_id!r}."})

    def find_stored(self, report_type_id, period, content_sha256):
        """A stored revision with this content, if the client may read the unit's reports."""
        query = urllib.parse.urlencode({"report_type_id": report_type_id, "period": period, "limit": 200})
        try:
            _, _, page = self.call("GET", "/api/v1/reports?" + query)
        except Refused:
            return None  # no reports:read scope: we cannot tell
        for r in page["items"]:
            if r["content_sha256"] == content_sha256:
                return {"report_id": r["id"], "report_type_id": r["report_type_id"], "unit_id": r["unit_id"],
                        "period": r["period"], "revision": r["revision"], "submitted_at": r["submitted_at"],
                        "content_sha256": r["content_sha256"], "stored": True}
        return None


def _json(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _retry_after(headers):
    value = headers.get("Retry-After") if headers else None
    if not value:
        return None
    try:
        return float(value)
    except ValueError:  # an HTTP date
        try:
            from email.utils import parsedate_to_datetime
            return max(0.0, (parsedate_to_datetime(value) - now_utc()).total_seconds())
        except (TypeError, ValueError):
            return None


# --- The local state: one entry per exact request, with its key and then its receipt ---------

def load_state(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {"submissions": {}}


def save_state(path, state):
    """Written to a temporary file and renamed, so a crash never leaves half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".submit-state-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def print_problem(e):
    p = e.problem
    print(f"refused: HTTP {e.status} {p.get('title', '')}".rstrip(), file=sys.stderr)
    if p.get("code"):
        print(f"  code: {p['code']}", file=sys.stderr)
    if p.get("detail"):
        print(f"  detail: {p['detail']}", file=sys.stderr)
    for err in p.get("errors") or []:
        where = err.get("pointer") or err.get("parameter") or ""
        print(f"  - {where}: {err.get('detail', '')}", file=sys.stderr)
    for k in ("accepted_forms", "request_id"):
        if p.get(k):
            print(f"  {k}: {p[k]}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description="Submit a unit's report to thidua with an Idempotency-Key, retrying safely.")
    ap.add_argument("--base-url", default=os.environ.get("THIDUA_BASE_URL", "http://127.0.0.1:8080"))
    ap.add_argument("--client-id", default=os.environ.get("THIDUA_CLIENT_ID"))
    ap.add_argument("--client-secret", default=os.environ.get("THIDUA_CLIENT_SECRET"),
                    help="better given in THIDUA_CLIENT_SECRET than on the command line")
    ap.add_argument("--type", required=True, help="the report type's code (BC-TDKT-QUY) or id")
    ap.add_argument("--period", required=True, help="2025, 2025S1, 2025Q3 or 2025M07, as the type requires")
    ap.add_argument("--content", required=True, help="a JSON file with the report's content (an object)")
    ap.add_argument("--state", default="thidua-submissions.json", help="where keys and receipts are kept (default %(default)s)")
    ap.add_argument("--dry-run", action="store_true", help="validate only; nothing is stored")
    ap.add_argument("--new-revision", action="store_true", help="submit again although this content was already stored")
    ap.add_argument("--max-attempts", type=int, default=8)
    ap.add_argument("--lang", default="vi", choices=["vi", "en"], help="language of the service's messages")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    if not args.client_id or not args.client_secret:
        ap.error("the client id and secret are required (--client-id/--client-secret or THIDUA_CLIENT_ID/THIDUA_CLIENT_SECRET)")
    try:
        with open(args.content, encoding="utf-8") as f:
            content = json.load(f)
    except (OSError, ValueError) as e:
        print(f"cannot read the content file: {e}", file=sys.stderr)
        return 2
    if not isinstance(content, dict):
        print("the content must be a JSON object", file=sys.stderr)
        return 2

    api = Client(args.base_url, args.client_id, args.client_secret, args.lang, args.max_attempts, not args.quiet)
    entry_id = None
    try:
        type_id = api.report_type_id(args.type)
        body = {"report_type_id": type_id, "period": args.period.strip(), "content": content}
        raw = canonical(body).encode()

        if args.dry_run:
            # A dry run stores nothing, but the service asks for a key like any submission.
            _, _, receipt = api.call("POST", "/api/v1/reports?dry_run=true", raw, {"Idempotency-Key": str(uuid.uuid4())})
            print(json.dumps({"valid": True, **receipt}, ensure_ascii=False, indent=2))
            return 0

        # One entry per exact request to one service and client: the same body reuses its key.
        entry_id = hashlib.sha256(f"{api.base}\n{args.client_id}\n".encode() + raw).hexdigest()
        state = load_state(args.state)
        entry = state["submissions"].get(entry_id)
        if entry and entry.get("receipt") and not args.new_revision:
            api.log("already stored (use --new-revision to submit it again); the kept receipt:")
            print(json.dumps(entry["receipt"], ensure_ascii=False, indent=2))
            return 0
        content_sha256 = hashlib.sha256(canonical(content).encode()).hexdigest()
        if entry and not entry.get("receipt"):
            created = datetime.datetime.fromisoformat(entry["created_at"])
            if now_utc() - created > KEY_TRUSTED_FOR:
                # The service may have forgotten the key: look before sending it again.
                found = api.find_stored(type_id, body["period"], content_sha256)
                if found:
                    entry["receipt"] = found
                    save_state(args.state, state)
                    api.log("an earlier attempt was stored; its receipt:")
                    print(json.dumps(found, ensure_ascii=False, indent=2))
                    return 0
        if entry is None or entry.get("receipt"):
            earlier = (entry or {}).get("earlier_receipts", []) + ([entry["receipt"]] if entry else [])
            entry = {"idempotency_key": str(uuid.uuid4()), "created_at": now_utc().isoformat(),
                     "report_type": args.type, "report_type_id": type_id, "period": body["period"],
                     "content_file": os.path.abspath(args.content), "content_sha256": content_sha256}
            if earlier:
                entry["earlier_receipts"] = earlier
            state["submissions"][entry_id] = entry
        # Kept before the first byte is sent: a crash from here on is retried with this key.
        save_state(args.state, state)
        api.log(f"submitting {args.type} {body['period']} with Idempotency-Key {entry['idempotency_key']}")

        status, headers, receipt = api.call("POST", "/api/v1/reports", raw, {"Idempotency-Key": entry["idempotency_key"]})
        replayed = (headers.get("Idempotent-Replayed") or "").lower() == "true"
        if receipt.get("content_sha256") != content_sha256:
            api.log(f"warning: the receipt's content_sha256 {receipt.get('content_sha256')} is not the local {content_sha256}")
        entry["receipt"] = receipt
        entry["replayed"] = replayed
        save_state(args.state, state)
        api.log(("stored earlier; this is the first answer again (Idempotent-Replayed)" if replayed else f"stored (HTTP {status})")
                + f": revision {receipt['revision']}, {'on time' if receipt.get('on_time') else 'late'}")
        print(json.dumps(receipt, ensure_ascii=False, indent=2))
        return 0
    except Refused as e:
        print_problem(e)
        # Nothing was stored and the service freed the key: the next try of a corrected
        # report is another request with a key of its own.
        if entry_id is not None:
            state = load_state(args.state)
            pending = state["submissions"].get(entry_id)
            if pending and not pending.get("receipt"):
                del state["submissions"][entry_id]
                save_state(args.state, state)
        return 1
    except GaveUp as e:
        print(f"gave up: {e}. Run the script again later: it will reuse the same Idempotency-Key.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
