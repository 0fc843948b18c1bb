"""Example FastAPI service backed by PostgreSQL (psycopg 3)."""

import asyncio
import json
import logging
import os
import sys
import time
from contextlib import asynccontextmanager

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

DATABASE_URL = os.environ.get("DATABASE_URL", "")  # empty -> libpq defaults / PG* vars
PORT = int(os.environ.get("PORT", "8000"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "info").upper()


class JsonFormatter(logging.Formatter):
    """One JSON object per line on stdout."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": round(time.time(), 3), "level": record.levelname.lower(),
                 "logger": record.name, "msg": record.getMessage()}
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry)


_handler = logging.StreamHandler(sys.stdout)
_handler.setFormatter(JsonFormatter())
logging.basicConfig(level=LOG_LEVEL, handlers=[_handler], force=True)
for _name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
    logging.getLogger(_name).handlers = [_handler]
    logging.getLogger(_name).propagate = False
log = logging.getLogger("python-fastapi")

SCHEMA = """CREATE TABLE IF NOT EXISTS items (
    id serial PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
)"""
_schema_ready = False


async def connect() -> psycopg.AsyncConnection:
    # Connections are opened per request, lazily: the app starts without a database.
    return await psycopg.AsyncConnection.connect(DATABASE_URL, connect_timeout=2, autocommit=True)


@asynccontextmanager
async def lifespan(_app: FastAPI):
    log.info("starting up")
    yield
    # uvicorn calls this after SIGTERM once in-flight requests have drained.
    log.info("shutting down")


app = FastAPI(title="python-fastapi", lifespan=lifespan)


@app.exception_handler(psycopg.OperationalError)
async def db_unavailable(_request: Request, exc: psycopg.OperationalError) -> JSONResponse:
    log.warning("database unavailable: %s", exc)
    return JSONResponse({"detail": "database unavailable"}, status_code=503)


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


@app.get("/health")
async def health() -> dict:
    """Liveness: never touches the database."""
    return {"status": "ok"}


@app.get("/ready")
async def ready() -> JSONResponse:
    """Readiness: can we reach PostgreSQL right now?"""
    async def ping() -> None:
        async with await connect() as conn:
            await conn.execute("SELECT 1")

    try:
        await asyncio.wait_for(ping(), timeout=2.5)
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        return JSONResponse({"status": "unavailable", "postgres": str(exc) or type(exc).__name__},
                            status_code=503)
    return JSONResponse({"status": "ready", "postgres": "ok"})


async def ensure_schema(conn: psycopg.AsyncConnection) -> None:
    global _schema_ready
    if not _schema_ready:
        await conn.execute(SCHEMA)
        _schema_ready = True


@app.get("/items")
async def list_items() -> dict:
    async with await connect() as conn:
        await ensure_schema(conn)
        cur = await conn.execute("SELECT id, name, created_at FROM items ORDER BY id DESC LIMIT 100")
        rows = await cur.fetchall()
    return {"items": [{"id": r[0], "name": r[1], "created_at": r[2].isoformat()} for r in rows]}


@app.post("/items", status_code=201)
async def create_item(item: ItemIn) -> dict:
    async with await connect() as conn:
        await ensure_schema(conn)
        cur = await conn.execute(
            "INSERT INTO items (name) VALUES (%s) RETURNING id, name, created_at", (item.name,))
        row = await cur.fetchone()
    assert row is not None
    return {"id": row[0], "name": row[1], "created_at": row[2].isoformat()}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run("app.main:app", host="0.0.0.0", port=PORT, log_config=None)
