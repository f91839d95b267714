"""Web: FastAPI REST API and the server-rendered dashboard."""
