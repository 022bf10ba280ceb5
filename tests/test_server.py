"""The xlwings Server / Office.js deployment, called over HTTP as Excel calls it.

xlwings binds its decorators to the Office.js implementation only when XLWINGS_ON_SERVER=true is set
before its first import, so the app runs in a child process (in-process there, through FastAPI's
TestClient) and the responses come back as JSON. Request bodies are shaped as xlwings Server's
custom-functions JS and task pane send them: every argument a 2-D list; the workbook as the Office.js
client's book payload. Expected scores are the hand-computed seed cases.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from xml.etree import ElementTree

import pytest

from conftest import REPO
from perfeval_xl.core.functions import REGISTRY
from perfeval_xl.excel.server import MANIFEST_ID


RUNNER = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
from perfeval_xl.excel.server import create_app
from fastapi.testclient import TestClient

client = TestClient(create_app(), raise_server_exceptions=False)
out = []
for method, path, body in json.load(sys.stdin):
    r = client.post(path, json=body) if method == "POST" else client.get(path)
    try:
        data = r.json()
    except ValueError:
        data = r.text
    out.append({"status": r.status_code, "body": data})
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def call_body(func_name, *args):
    """A custom function call as xlwings Server's custom-functions-code.js posts it."""
    import xlwings

    return {"client": "Office.js", "func_name": func_name, "args": list(args),
            "caller_address": "[绩效自评.xlsx]Sheet1!J5", "session_id": "test", "culture_info_name": "zh-CN",
            "date_format": "yyyy/m/d", "version": xlwings.__version__, "runtime": "1.4"}


HEADERS = ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评（扣）分标准", "备注",
           "实际完成值"]
LIVING_RULE = ("该指标分值为10分，伙食实物量大于等于38公斤/月/人时，得满分；小于38公斤/月/人时，"
               "每少1公斤扣10分的5%，扣完为止。")
ACCIDENT_RULE = "该指标分值为5分，全年未发生重大安全事故得满分；被认定发生重大安全事故为不合格，不得分。"
USER_SHEET = [
    ["绩效自评表", "", "", "", "", "", "", "", "", ""],
    HEADERS,
    ["产出指标", "数量指标", "保障隔离戒毒人员基本生活", "≥", 38, "公斤", "", LIVING_RULE, "10分", 37],
    ["产出指标", "质量指标", "重大安全事故次数", "=", 0, "次", "", ACCIDENT_RULE, "5分", 0],
]


def book_body(rows):
    """The workbook as the Office.js client sends it to a custom script."""
    import xlwings

    width = max(len(r) for r in rows)
    return {"client": "Office.js", "version": xlwings.__version__,
            "book": {"name": "绩效自评.xlsx", "active_sheet_index": 0, "selection": "A1"}, "names": [],
            "sheets": [{"name": "Sheet1", "values": [r + [""] * (width - len(r)) for r in rows], "pictures": [],
                        "tables": [], "shapes": [], "charts": [], "notes": []}]}


REQUESTS = {
    "manifest": ("GET", "/manifest.xml", None),
    "meta": ("GET", "/xlwings/custom-functions-meta", None),
    "code": ("GET", "/xlwings/custom-functions-code", None),
    "taskpane": ("GET", "/taskpane.html", None),
    "scripts": ("GET", "/xlwings/custom-scripts-meta", None),
    "linear": ("POST", "/xlwings/custom-functions-call",
               call_body("SCORE_LINEAR", [[0.9]], [[0.6]], [[0.95]], [[10]], [[0.95]])),
    "linear_column": ("POST", "/xlwings/custom-functions-call",
                      call_body("SCORE_LINEAR", [[0.9], [0.76], [None]], [[0.6]], [[0.95]], [[10]], [[0.95]])),
    "linear_bad": ("POST", "/xlwings/custom-functions-call",
                   call_body("SCORE_LINEAR", [[0.9]], [["abc"]], [[0.95]], [[10]], [[0.95]])),
    "deduct_na": ("POST", "/xlwings/custom-functions-call",
                  call_body("SCORE_DEDUCT", [[{"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}]],
                            [[38]], [[10]], [[1]], [["5%"]], [[None]])),
    "recalc": ("POST", "/xlwings/custom-scripts-call/recalculate_scores", book_body(USER_SHEET)),
}


@pytest.fixture(scope="module")
def responses():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for key in [k for k in env if k.startswith("XLWINGS_")]:
        del env[key]
    proc = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(list(REQUESTS.values())),
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return dict(zip(REQUESTS, json.loads(proc.stdout)))


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_manifest_is_served_with_chinese_ribbon_and_the_functions(responses):
    response = responses["manifest"]
    assert response["status"] == 200
    root = ElementTree.fromstring(response["body"].encode("utf-8"))
    ns = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
          "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
          "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0"}
    assert root.find("o:Id", ns).text == MANIFEST_ID
    assert root.find("o:DefaultSettings/o:SourceLocation", ns).get("DefaultValue").endswith("/taskpane.html")
    urls = {u.get("id"): u.get("DefaultValue") for u in root.iter(f"{{{ns['bt']}}}Url")}
    assert urls["Functions.Metadata.Url"].endswith("/xlwings/custom-functions-meta.json")
    assert urls["Functions.Script.Url"].endswith("/xlwings/custom-functions-code.js")
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iter(f"{{{ns['bt']}}}String")}
    assert strings["MyTab.TabLabel"] == "绩效评分"
    assert all(has_chinese(v) for v in strings.values())
    # no namespace: =SCORE_LINEAR(...) is written the same as with the classic add-in
    assert not list(root.iter(f"{{{ns['v']}}}Namespace"))


def test_functions_metadata_lists_every_function_with_chinese_help(responses):
    response = responses["meta"]
    assert response["status"] == 200
    functions = {f["name"]: f for f in response["body"]["functions"]}
    assert set(functions) == set(REGISTRY)
    assert all(has_chinese(f["description"]) for f in functions.values())
    code = responses["code"]
    assert code["status"] == 200
    for name in REGISTRY:
        assert f'CustomFunctions.associate("{name}"' in code["body"]


def test_task_pane_has_the_recalculation_button(responses):
    assert responses["taskpane"]["status"] == 200
    assert 'xw-click="recalculate_scores"' in responses["taskpane"]["body"]
    assert "一键重新评分" in responses["taskpane"]["body"]
    scripts = {s["function_name"]: s for s in responses["scripts"]["body"]}
    assert scripts["recalculate_scores"]["name"] == "一键重新评分"


def test_score_linear_over_http(responses):
    assert responses["linear"]["status"] == 200
    assert responses["linear"]["body"]["result"] == [[pytest.approx(9.92, abs=0.005)]]
    column = responses["linear_column"]
    assert column["status"] == 200
    assert column["body"]["result"] == [[pytest.approx(9.92, abs=0.005)], [pytest.approx(5.71, abs=0.005)], [""]]


@pytest.mark.parametrize(("key", "message"), [("linear_bad", "零分点“abc”不是数字"), ("deduct_na", "#N/A")])
def test_bad_input_is_http_400_with_the_chinese_message(responses, key, message):
    response = responses[key]
    assert response["status"] == 400, response
    assert message in response["body"] and "Traceback" not in response["body"]


def test_recalculation_script_over_http(responses):
    response = responses["recalc"]
    assert response["status"] == 200, response
    actions = response["body"]["actions"]
    written = {}
    for action in actions:
        if action["func"] == "setValues":
            values = action["values"]
            for dr, row in enumerate(values):
                for dc, value in enumerate(row):
                    written[(action["start_row"] + dr, action["start_column"] + dc)] = value
    header = {value: (1, col) for (row, col), value in written.items() if row == 1}
    assert "得分" in header and "得分说明" in header
    score_col = header["得分"][1]
    assert written[(2, score_col)] == pytest.approx(9.5)
    assert written[(3, score_col)] == pytest.approx(5)
    # no cell of the user's table is overwritten
    for (row, col) in written:
        if row < len(USER_SHEET) and col < len(USER_SHEET[row]):
            assert USER_SHEET[row][col] in ("", None), (row, col)
    assert any(a["func"] == "alert" for a in actions)


def test_serve_binds_to_localhost_by_default():
    from perfeval_xl.cli.main import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_command_answers_on_localhost_and_stops():
    import httpx

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "perfeval_xl", "serve", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/xlwings/custom-functions-meta", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert response.status_code == 200
        assert {f["name"] for f in response.json()["functions"]} == set(REGISTRY)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/manifest.xml" in out
