"""Pooled PostgreSQL connections: one the server has closed is replaced at checkout, with no round trip.

SQLAlchemy's `pool_pre_ping` asks the server (an empty statement, its own transaction) every time
a connection leaves the pool: about half of all the transactions the pipeline made. A server
that restarts or ends a backend sends its FATAL message and closes the socket, so an idle pooled
connection it has dropped is one whose socket has something to read; a live idle one never has
(nothing is asked of it, and we LISTEN to nothing). The pool's `checkout` event looks, without
waiting, and a dropped connection raises DisconnectionError, on which the pool opens a fresh one
(SQLAlchemy's documented pessimistic disconnect handling). A peer that vanished without a word
(a host reset, a NAT's idle drop) sends nothing to read; the TCP keepalives set in app.factory make
the kernel mark such a socket in error within about a minute, which the same poll sees. Before
that, the first statement on it fails once (a 503 or a retried task), where a ping would have
replaced it quietly: the price of a check that costs no round trip.
"""

import select

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine


def dropped(dbapi_connection) -> bool:
    """True if a psycopg connection idle in the pool can no longer be used."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def replace_dropped_connections(engine: Engine) -> None:
    """Check every connection the engine's pool hands out (PostgreSQL only: SQLite has no server)."""

    @event.listens_for(engine, "checkout")
    def refuse_dropped(dbapi_connection, connection_record, connection_proxy) -> None:
        if dropped(dbapi_connection):
            raise exc.DisconnectionError("the database server closed this pooled connection")
