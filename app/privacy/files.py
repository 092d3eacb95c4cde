"""Files readable by the owner only: the SQLite database (and its WAL/SHM), the broker's SQLite
file, the demonstration keys and the beat schedule under instance/.

The process's umask becomes 077 before anything is written, so every file the web app, the
worker or beat creates is 0600 (SQLite gives its WAL and SHM files the database's mode); files
made before this rule existed are narrowed at start, and instance/ itself is 0700.
"""

import os
from pathlib import Path

OWNER_ONLY_UMASK = 0o077
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def owner_only_files(instance_dir: str, *database_urls: str) -> None:
    """Set the umask, make `instance_dir` 0700 and narrow what is already there to the owner."""
    os.umask(OWNER_ONLY_UMASK)
    instance = Path(instance_dir)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    _narrow(instance, 0o700)
    for path in instance.iterdir():
        if path.is_file() and not path.is_symlink():
            _narrow(path, 0o600)
    for url in database_urls:
        database = sqlite_path(url)
        if database is None:
            continue
        for suffix in SQLITE_COMPANIONS:
            companion = Path(f"{database}{suffix}")
            if companion.is_file():
                _narrow(companion, 0o600)


def sqlite_path(url: str) -> str | None:
    """The file of a `sqlite:///…` (or kombu `sqla+sqlite:///…`) URL; None for another database."""
    for prefix in ("sqla+sqlite:///", "sqlite:///"):
        if url.startswith(prefix):
            path = url[len(prefix):].split("?", 1)[0]
            return path if path and path != ":memory:" else None
    return None


def _narrow(path: Path, mode: int) -> None:
    current = path.stat().st_mode & 0o777
    if current & ~mode:
        path.chmod(current & mode)
