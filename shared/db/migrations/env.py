"""Alembic environment: the database URL comes from the alembic config if set, else from Settings."""

from alembic import context

from shared.db.models import Base
from shared.db.session import get_engine
from shared.settings import get_settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().DATABASE_URL


def run_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    with get_engine(url).connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
