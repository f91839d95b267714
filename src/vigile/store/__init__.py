"""Storage: SQLAlchemy 2 tables, Alembic migrations, SQLite (WAL) or PostgreSQL."""
