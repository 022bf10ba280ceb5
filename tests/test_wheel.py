"""The installed program finds the add-in's files (addin/) both from a wheel and from an editable install.

A wheel is built from the checkout's files, installed with --no-deps into a fresh venv that borrows this
environment's dependencies (a .pth line, so nothing is downloaded and the editable install stays out of
sight), and run from a folder outside the checkout: `addin build` gives the same bytes as the editable
install, `addin install` points the add-in's PYTHONPATH at the folder holding that install's perfeval_xl,
and the Office.js server serves its manifest from the installed project folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import REPO
from perfeval_xl.excel.addin_build import read_config

TIMEOUT = 600  # a hang guard, not a speed limit


def _run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, check=True, **kwargs)


def _tracked(*paths) -> list[str]:
    """Files git knows under ``paths`` (committed or added, not ignored)."""
    out = _run(["git", "ls-files", "-co", "--exclude-standard", *paths], cwd=REPO).stdout
    return [line for line in out.splitlines() if (REPO / line).is_file()]


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the wheel is built from the files git tracks")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    for name in _tracked():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"), str(source)])
    wheel = next((tmp / "dist").glob("perfeval_xl-*.whl"))
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # this environment's packages (xlwings, openpyxl, …) after the venv's own; its .pth files do not run there
    (purelib / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(purelib), str(wheel)])
    work = tmp / "elsewhere"
    work.mkdir()
    return {"wheel": wheel, "python": python, "purelib": purelib, "work": work}


def test_the_wheel_holds_every_file_of_the_package_and_of_addin(wheel_env):
    names = set(zipfile.ZipFile(wheel_env["wheel"]).namelist())
    expected = {name for name in _tracked("perfeval_xl") if "__pycache__" not in name}
    expected |= {"perfeval_xl/excel/addin/" + name[len("addin/"):] for name in _tracked("addin")
                 if not name.endswith(".xlam")}
    assert expected - names == set()


def test_the_installed_package_is_the_wheel_not_the_checkout(wheel_env):
    out = _run([str(wheel_env["python"]), "-c", "import perfeval_xl.excel.addin as a; print(a.FOLDER)"],
               cwd=wheel_env["work"]).stdout.strip()
    assert Path(out) == wheel_env["purelib"] / "perfeval_xl" / "excel" / "addin"


def test_addin_build_gives_the_same_bytes_from_the_wheel_and_the_checkout(wheel_env, tmp_path):
    cli = "from perfeval_xl.cli import main; raise SystemExit(main())"
    _run([str(wheel_env["python"]), "-c", cli, "addin", "build", "-o", str(tmp_path / "wheel")], cwd=wheel_env["work"])
    _run([sys.executable, "-c", cli, "addin", "build", "-o", str(tmp_path / "editable")], cwd=tmp_path)
    built = (tmp_path / "wheel" / "perfeval_xl.xlam").read_bytes()
    assert built == (tmp_path / "editable" / "perfeval_xl.xlam").read_bytes()
    with zipfile.ZipFile(tmp_path / "wheel" / "perfeval_xl.xlam") as z:
        assert "一键重新评分" in z.read("customUI/customUI.xml").decode("utf-8")


@pytest.mark.parametrize("install", ["wheel", "editable"])
def test_addin_install_sets_pythonpath_to_the_folder_holding_perfeval_xl(wheel_env, tmp_path, install):
    python, parent = (wheel_env["python"], wheel_env["purelib"]) if install == "wheel" else (sys.executable, REPO)
    cli = "from perfeval_xl.cli import main; raise SystemExit(main())"
    out = _run([str(python), "-c", cli, "addin", "install", "--dir", str(tmp_path / "XLSTART")],
               cwd=wheel_env["work"]).stdout
    assert "已安装加载项" in out
    config = read_config(tmp_path / "XLSTART" / "perfeval_xl.xlam")
    assert Path(config["PYTHONPATH"]) == parent
    assert (parent / "perfeval_xl" / "__init__.py").is_file()


def test_the_server_serves_its_manifest_from_the_installed_files(wheel_env):
    script = ("import warnings; warnings.simplefilter('ignore')\n"
              "from perfeval_xl.excel.server import create_app\n"
              "from fastapi.testclient import TestClient\n"
              "r = TestClient(create_app()).get('/manifest.xml')\n"
              "print(r.status_code); print(r.text)\n")
    out = _run([str(wheel_env["python"]), "-c", script], cwd=wheel_env["work"]).stdout
    status, _, body = out.partition("\n")
    assert status == "200" and "绩效评分" in body
