"""python -m integrations.sandbox [--host 127.0.0.1] [--port 5001] [--db instance/sandbox.sqlite]."""

from __future__ import annotations

import argparse

from integrations.sandbox.server import make_sandbox_server


def main(argv: list[str] | None = None) -> None:
    """Serve the sandbox agencies until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m integrations.sandbox", description="Sandbox agencies over HTTP.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--db", help="SQLite file for the sandbox's state (default: $SANDBOX_DB or instance/sandbox.sqlite)")
    args = parser.parse_args(argv)
    running = make_sandbox_server(args.host, args.port, {"SANDBOX_DB": args.db} if args.db else None)
    print(f"sandbox agencies on {running.url} (state in {running.app.config['SANDBOX_DB']})", flush=True)
    try:
        running.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        running.server.server_close()


if __name__ == "__main__":
    main()
