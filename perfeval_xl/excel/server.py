"""The xlwings Server / Office.js deployment: the SCORE_* functions and 一键重新评分 for Excel on the web,
on macOS and on Windows without the classic add-in.

Built on the ``xlwings-server`` package (the ``server`` extra): ``addin/server/`` is its project folder
(``xlwings-server init`` layout): ``custom_functions/`` re-exports ``perfeval_xl.excel.udfs``,
``custom_scripts/`` holds the recalculation as a task-pane script, ``templates/`` the Chinese task
pane and manifest. ``create_app()`` configures xlwings Server through its environment variables
(values the user set win, except the project folder) and returns its FastAPI app.

xlwings Server binds ``xw.func`` to its Office.js implementation only when XLWINGS_ON_SERVER=true is
set before xlwings is first imported, so the app must be created in a process that has not imported
xlwings yet (``perfeval-xl serve`` is such a process).
"""

from __future__ import annotations

import os
import sys

from ..core.errors import PerfevalError
from .addin import SERVER_PROJECT

#: The add-in's id in Office; fixed so that a re-installed manifest replaces the old one.
MANIFEST_ID = "9e67b34c-1803-48ec-8be1-def757e7236c"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

#: xlwings Server settings (environment variables) for this deployment.
SETTINGS = {
    "XLWINGS_ENVIRONMENT": "prod",
    "XLWINGS_PROJECT_NAME": "绩效评分",
    # no namespace: the functions keep the names the classic add-in gives them (=SCORE_LINEAR(...))
    "XLWINGS_FUNCTIONS_NAMESPACE": "",
    "XLWINGS_MANIFEST_ID_PROD": MANIFEST_ID,
    "XLWINGS_ENABLE_SOCKETIO": "false",
    "XLWINGS_ENABLE_HOTRELOAD": "false",
    "XLWINGS_ENABLE_EXAMPLES": "false",
    # xlwings' PRO features are free for noncommercial use, which includes government institutions;
    # set XLWINGS_LICENSE_KEY to a commercial key where that does not apply.
    "XLWINGS_LICENSE_KEY": "noncommercial",
}


def create_app():
    """Configure xlwings Server for perfeval-xl and return its FastAPI app."""
    xlwings = sys.modules.get("xlwings")
    if xlwings is not None and not getattr(xlwings, "on_server", False):
        raise PerfevalError("xlwings 已按普通加载项方式载入，无法在同一进程中启动服务器。请直接运行 perfeval-xl serve。")
    os.environ["XLWINGS_PROJECT_DIR"] = str(SERVER_PROJECT)
    os.environ["XLWINGS_ON_SERVER"] = "true"
    for key, value in SETTINGS.items():
        os.environ.setdefault(key, value)
    try:
        from xlwings_server.main import app
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] == "xlwings_server":
            raise PerfevalError('未安装 xlwings-server。请运行：pip install "perfeval-xl[server]"') from None
        raise
    return app
