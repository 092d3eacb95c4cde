"""What a run costs, from the OS's and the services' own accounting (no dependency: /proc, SQL, INFO).

- CPU seconds per role: utime+stime of every live process in a role's trees (the process and all
  its descendants, from /proc/<pid>/stat) plus cutime+cstime (children already reaped); read before
  and after, the difference is the run's cost.
- Peak RSS per process: VmHWM from /proc/<pid>/status, in MiB.
- Database: pg_stat_database.xact_commit of the bench database, and pg_stat_statements' calls when
  the extension is installed there (else None). SQLite: None — no server counts for us.
- Broker: Redis INFO commandstats (all commands, and pushes LPUSH/RPUSH); SQLite broker: None.
"""

import os
from pathlib import Path

from sqlalchemy import create_engine, text

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


def stat_fields(pid: int) -> list[str] | None:
    """/proc/<pid>/stat split after the command name (which may hold spaces); None if gone."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()


def children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = stat_fields(int(entry.name))
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree(pid: int, children: dict[int, list[int]]) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def cpu_seconds(pid: int) -> float:
    """Own user+sys plus reaped children's (fields 14-17 of stat, counted from 1)."""
    fields = stat_fields(pid)
    if not fields:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / TICKS


def peak_rss_mib(pid: int) -> float | None:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def snapshot(roles: dict[str, list[int]]) -> dict[str, dict]:
    """Per role: total CPU seconds of its trees and {pid: (cmd, peak RSS MiB)} of every process."""
    children = children_map()
    result = {}
    for role, roots in roles.items():
        pids = [p for root in roots for p in tree(root, children)]
        result[role] = {"cpu": sum(cpu_seconds(p) for p in pids),
                        "processes": {p: peak_rss_mib(p) for p in pids}}
    return result


def cpu_delta(before: dict, after: dict) -> dict[str, float]:
    return {role: round(after[role]["cpu"] - before[role]["cpu"], 3) for role in after}


def peak_rss(after: dict) -> dict[str, list[float]]:
    return {role: sorted((v for v in after[role]["processes"].values() if v is not None), reverse=True)
            for role in after}


def database_counters(database_url: str) -> dict:
    """xact_commit and (if pg_stat_statements is there) statement calls; None for SQLite."""
    if not database_url.startswith("postgresql"):
        return {"commits": None, "statements": None}
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            commits = connection.execute(text(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")).scalar()
            statements = None
            has = connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")).first()
            if has:
                statements = connection.execute(text(
                    "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    "WHERE d.datname = current_database()")).scalar()
        return {"commits": int(commits), "statements": None if statements is None else int(statements)}
    finally:
        engine.dispose()


def broker_counters(broker_url: str) -> dict:
    """Redis commands processed and list pushes (the Celery messages); None for the SQLite broker."""
    if not broker_url.startswith("redis"):
        return {"commands": None, "pushes": None}
    import redis

    client = redis.Redis.from_url(broker_url)
    try:
        stats = client.info("commandstats")
        commands = sum(v["calls"] for v in stats.values())
        pushes = sum(stats.get(f"cmdstat_{c}", {}).get("calls", 0) for c in ("lpush", "rpush"))
        return {"commands": commands, "pushes": pushes}
    finally:
        client.close()


def per_application(before: dict, after: dict, n: int) -> dict:
    """after - before divided by n, each counter on its own (None stays None)."""
    return {k: None if after[k] is None or before[k] is None else round((after[k] - before[k]) / n, 2)
            for k in after}
