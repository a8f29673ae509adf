"""Request dependencies as Annotated aliases: settings, a database session, the object store."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from shared.db.session import get_sessionmaker
from shared.settings import Settings
from shared.storage import Storage


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def get_session(settings: SettingsDep) -> Iterator[Session]:
    with get_sessionmaker(settings.DATABASE_URL)() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_read_session(settings: SettingsDep) -> Iterator[Session]:
    """A session for routes that only read: on SQLite its transaction begins deferred, so a status read neither
    waits for the stage workers' write lock nor holds it (under WAL a reader never blocks a writer)."""
    with get_sessionmaker(settings.DATABASE_URL, read_only=True)() as session:
        yield session


ReadSessionDep = Annotated[Session, Depends(get_read_session)]


def get_storage(request: Request) -> Storage:
    return request.app.state.storage


StorageDep = Annotated[Storage, Depends(get_storage)]
