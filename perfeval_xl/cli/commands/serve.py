"""``perfeval-xl serve [--host --port --ssl-certfile --ssl-keyfile]``: the xlwings Server / Office.js
deployment (see ``perfeval_xl.excel.server``), bound to 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from pathlib import Path

from ...core.errors import PerfevalError


def register(sub) -> None:
    from ...excel.server import DEFAULT_HOST, DEFAULT_PORT

    parser = sub.add_parser("serve", help="启动 Office.js 加载项服务器（网页版 / Mac 版 Excel 使用）",
                            description="启动 xlwings Server：提供 SCORE_* 函数、任务窗格“一键重新评分”和加载项清单 "
                                        "manifest.xml。Office 要求 HTTPS（本机 localhost 除外），证书见 docs/addin.md。")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"监听地址（默认 {DEFAULT_HOST}，仅本机可访问）")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）")
    parser.add_argument("--ssl-certfile", help="HTTPS 证书文件（.crt/.pem）")
    parser.add_argument("--ssl-keyfile", help="HTTPS 私钥文件（.key）")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ...excel.server import create_app

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise PerfevalError("--ssl-certfile 和 --ssl-keyfile 须同时给出。")
    for name in (args.ssl_certfile, args.ssl_keyfile):
        if name and not Path(name).is_file():
            raise PerfevalError(f"找不到证书文件：{name}")
    app = create_app()
    import uvicorn

    scheme = "https" if args.ssl_certfile else "http"
    print(f"绩效评分服务器：{scheme}://{args.host}:{args.port}（按 Ctrl+C 停止）")
    print(f"加载项清单：{scheme}://{args.host}:{args.port}/manifest.xml")
    uvicorn.run(app, host=args.host, port=args.port, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
                log_level="warning")
    return 0
