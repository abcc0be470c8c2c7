"""A built wheel installs into a fresh virtual environment and runs ``storyfuse demo``.

The wheel is built from this checkout (``pip wheel --no-deps --no-build-isolation``, so no
network), installed with ``--no-deps`` into a new venv, and the dependencies are borrowed
from the running interpreter's site-packages through a ``.pth`` line placed after the
venv's own: ``storyfuse`` itself is imported from the wheel, never from the checkout. The
wheel must carry the bundled sample and the web app's templates and stylesheet.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT_S = 300
RUN_TIMEOUT_S = 120
PACKAGED = (
    "storyfuse/py.typed",
    "storyfuse/samples/harbor_bridge/meta.json",
    "storyfuse/web/templates/story.html",
    "storyfuse/web/static/style.css",
)


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_a_built_wheel_runs_the_demo_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    _run([*pip_wheel, "-q", "-w", str(dist), str(REPO_ROOT)], tmp_path)
    (wheel,) = dist.glob("storyfuse-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [p for p in PACKAGED if p not in names] == []
    assert len([n for n in names if n.startswith("storyfuse/samples/harbor_bridge/docs/")]) == 7

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        _run([str(python), "-c", "import site; print(site.getsitepackages()[0])"], tmp_path).strip()
    )
    (site / "zz_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q"]
    _run([*install, str(wheel)], tmp_path)

    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = _run(
        [str(python), "-c", "import storyfuse; print(storyfuse.__file__)"], tmp_path, clean_env
    )
    assert Path(where.strip()).is_relative_to(env_dir), where
    demo = subprocess.run(
        [str(env_dir / "bin" / "storyfuse"), "demo", "--format", "json"],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert demo.returncode == 0, demo.stderr
    assert '"sentences"' in demo.stdout and "Kestrel Harbour Bridge" in demo.stdout
