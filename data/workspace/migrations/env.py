"""alembic environment: run programmatically by data.workspace._migrate on the
connection it passes (already inside a locked transaction); no alembic.ini."""

from alembic import context

from data.workspace._schema import VERSION_TABLE

context.configure(connection=context.config.attributes["connection"],
                  version_table=VERSION_TABLE, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
