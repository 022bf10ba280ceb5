"""The ``perfeval-xl`` command line: one subcommand per module under ``perfeval_xl.cli.commands``.

Users see Chinese messages and an exit code, never a traceback (set PERFEVAL_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from ..core.errors import PerfevalError

#: Subcommand modules in ``perfeval_xl.cli.commands``, each with ``register(subparsers)``.
COMMANDS = ("demo", "parse", "lint", "template", "score", "batch", "addin", "selfcheck", "serve")


#: argparse's own messages that a user's typing can trigger, in Chinese.
_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)"), r"\1 \2 无效，可选：\3"),
    (re.compile(r"argument (.+?): invalid \w+ value: (.+)"), r"参数 \1 的值 \2 无效"),
    (re.compile(r"argument (.+?): expected one argument"), r"参数 \1 后面需要填写一个值"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors speak Chinese (subcommands inherit it)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message):
        for pattern, chinese in _MESSAGES:
            message = pattern.sub(chinese, message)
        self.exit(2, f"错误：{message}\n请运行“{self.prog} -h”查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="perfeval-xl", description="预算绩效目标表评分工具（perfeval-xl）")
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; returns the process exit code (0 ok, 2 user error, 3 internal error)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except PerfevalError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: no traceback for finance users
        if os.environ.get("PERFEVAL_DEBUG"):
            raise
        print(f"内部错误：{type(error).__name__}：{error}。请把这条信息发给技术支持"
              f"（设置环境变量 PERFEVAL_DEBUG=1 可看到详细信息）。", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
