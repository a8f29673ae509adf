"""Static checks of deploy/ (no Docker engine runs here): docker-compose.yml, .env.example and the Dockerfile.

Every command that compose runs from the reportflow image is the same argv that `reportflow dev` runs, and
those are exercised for real by tests/test_dev_system.py::test_dev_system_processes_uploads_and_stops:
- `celery -A shared.queue worker -Q clean|section|extract --concurrency 1 -n <queue>@%h --loglevel INFO`
  (clean-worker, section-worker, extract-worker) — started by DevSystem via
  services.devserver.worker_command, which the test below compares argv for argv;
- `uvicorn --factory services.ingest.main:create_app --host H --port P` (api) — DevSystem via
  services.devserver.api_command, serving the uploads of that test;
- `reportflow migrate` (migrate) — DevSystem runs it (`python -m services migrate`, the same typer app as the
  `reportflow` console script) on the SQLite database before the API starts.
The other services run third-party images (redis, minio, minio/mc, postgres, flower) and are checked here only
for their wiring: healthchecks, depends_on conditions, shared credentials, loopback-only published ports.
"""

import importlib
import re
import tomllib
from pathlib import Path

import pytest
import typer.main
import yaml
from celery import Celery

from services.devserver import MIGRATE_COMMAND, api_command, worker_command
from shared.queue import STAGE_QUEUES, TASK_ROUTES
from shared.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
WORKERS = {f"{queue}-worker": queue for queue in STAGE_QUEUES}
APP_SERVICES = {"migrate", "api", *WORKERS}
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?P<default>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def resolve(value: str) -> str:
    """Compose interpolation with an empty environment: every ${NAME:-default} becomes its default."""
    return INTERPOLATION.sub(lambda m: m["default"] or "", value)


def option(argv: list[str], flag: str) -> str:
    return argv[argv.index(flag) + 1]


def depends_on(service: dict) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in service.get("depends_on", {}).items()}


def test_every_part_of_the_system_is_a_service(services):
    assert set(services) == {"redis", "minio", "bucket-init", "postgres", "migrate", "api", "flower", "reconciler",
                             *WORKERS}


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_app_services_run_the_project_image(services, name):
    build = services[name]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"


@pytest.mark.parametrize("name, queue", sorted(WORKERS.items()))
def test_worker_runs_the_dev_command_on_a_routed_queue(services, name, queue):
    argv = services[name]["command"]
    assert argv == worker_command(queue, concurrency=1)
    module = importlib.import_module(option(argv, "-A"))
    assert isinstance(module.app, Celery)
    assert option(argv, "-Q") in {route["queue"] for route in TASK_ROUTES.values()}


def test_each_stage_queue_has_one_worker_service(services):
    consumed = sorted(option(services[name]["command"], "-Q") for name in WORKERS)
    assert consumed == sorted(STAGE_QUEUES)


def test_api_runs_the_dev_command_with_an_importable_factory(services):
    argv = services["api"]["command"]
    assert argv == api_command("0.0.0.0", 8000)
    module_name, attribute = option(argv, "--factory").split(":")
    assert callable(getattr(importlib.import_module(module_name), attribute))


def test_reconciler_runs_the_dev_command(services):
    from services.devserver import RECONCILE_COMMAND

    assert services["reconciler"]["command"] == RECONCILE_COMMAND


def test_migrate_runs_the_reportflow_migrate_command(services):
    assert services["migrate"]["command"] == MIGRATE_COMMAND
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[MIGRATE_COMMAND[0]] == "services.cli:app"
    from services.cli import app

    assert MIGRATE_COMMAND[1] in typer.main.get_command(app).commands


@pytest.mark.parametrize("name", sorted(APP_SERVICES | {"redis", "minio", "postgres", "flower"}))
def test_no_container_name_so_services_scale(services, name):
    assert "container_name" not in services[name]


def _compose_variable_names(node) -> set[str]:
    """REPORTFLOW_* names set in `environment:` mappings or referenced as ${...} anywhere in compose."""
    names: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "environment" and isinstance(value, dict):
                names |= set(value)
            names |= _compose_variable_names(value)
    elif isinstance(node, list):
        for item in node:
            names |= _compose_variable_names(item)
    elif isinstance(node, str):
        names |= {m["name"] for m in INTERPOLATION.finditer(node)}
    return {name for name in names if name.startswith("REPORTFLOW_")}


def _env_example_names() -> set[str]:
    """Variables of .env.example, including the commented-out ones."""
    text = (DEPLOY / ".env.example").read_text()
    return set(re.findall(r"^#?\s*(REPORTFLOW_[A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_every_reportflow_variable_is_a_settings_field(compose):
    fields = {f"REPORTFLOW_{name}" for name in Settings.model_fields}
    used = _compose_variable_names(compose) | _env_example_names()
    assert used, "no REPORTFLOW_* variable found at all"
    assert used <= fields, f"not Settings fields: {sorted(used - fields)}"


def test_env_example_lists_every_settings_field():
    assert _env_example_names() == {f"REPORTFLOW_{name}" for name in Settings.model_fields}


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_app_environment_points_at_the_compose_services(services, name):
    env = {key: resolve(str(value)) for key, value in services[name]["environment"].items()}
    # ENVIRONMENT=dev: compose's fallback secrets are examples, which production refuses (tested below)
    settings = Settings(**{key.removeprefix("REPORTFLOW_"): value for key, value in env.items()} | {"ENVIRONMENT": "dev"})
    assert settings.DATABASE_URL.startswith("postgresql+psycopg://")
    assert re.search(r"@postgres:5432/", settings.DATABASE_URL)
    assert settings.BROKER_URL.startswith("redis://redis:6379/")
    assert settings.S3_ENDPOINT == "minio:9000"


TOPOLOGY = {"DATABASE_URL", "BROKER_URL", "S3_ENDPOINT", "S3_SECURE"}  # fixed by the compose network


# compose is a deployment: unlike Settings' dev defaults it requires tokens and refuses example secrets
ACCESS = {"ENVIRONMENT", "AUTH", "SESSION_SECRET"}


def test_compose_requires_tokens_and_real_secrets(services):
    env = services["api"]["environment"]
    assert (resolve(env["REPORTFLOW_ENVIRONMENT"]), resolve(env["REPORTFLOW_AUTH"])) == ("production", "token")
    assert ":?" in env["REPORTFLOW_SESSION_SECRET"]  # compose refuses to start without one


def test_compose_defaults_agree_with_settings(services):
    """A limit left unset in .env gets the same value in compose as in every other way of running."""
    checked = 0
    for key, value in services["api"]["environment"].items():
        field = key.removeprefix("REPORTFLOW_")
        if field in TOPOLOGY or field in ACCESS or field.startswith("S3_"):
            continue
        assert getattr(Settings(**{field: resolve(value)}), field) == Settings.model_fields[field].default, key
        checked += 1
    assert checked


def test_env_example_values_are_valid_settings():
    text = (DEPLOY / ".env.example").read_text()
    values = dict(re.findall(r"^#?\s*REPORTFLOW_([A-Z0-9_]+)=(.*)$", text, flags=re.MULTILINE))
    Settings(**(values | {"ENVIRONMENT": "dev"}))  # raises a ValidationError on a value Settings refuses
    # as shipped (production), the example secrets are refused until changed
    with pytest.raises(ValueError, match="S3_SECRET_KEY, SESSION_SECRET, DATABASE_URL"):
        Settings(**values)
    changed = values | {"S3_SECRET_KEY": "s" * 40, "SESSION_SECRET": "t" * 40, "DATABASE_URL": "sqlite:///x.db"}
    assert Settings(**changed).AUTH == "token"


def test_object_store_credentials_and_bucket_are_shared(services):
    app_env, minio_env = services["api"]["environment"], services["minio"]["environment"]
    init_env = services["bucket-init"]["environment"]
    assert minio_env["MINIO_ROOT_USER"] == app_env["REPORTFLOW_S3_ACCESS_KEY"] == init_env["S3_USER"]
    assert minio_env["MINIO_ROOT_PASSWORD"] == app_env["REPORTFLOW_S3_SECRET_KEY"] == init_env["S3_PASSWORD"]
    assert app_env["REPORTFLOW_S3_BUCKET"] == init_env["S3_BUCKET"]
    assert "mc mb --ignore-existing" in " ".join(services["bucket-init"]["command"])


def test_database_password_is_shared(services):
    password = services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert f":{password}@postgres" in services["migrate"]["environment"]["REPORTFLOW_DATABASE_URL"]


@pytest.mark.parametrize("name, expected", [
    pytest.param("bucket-init", {"minio": "service_healthy"}, id="bucket-init"),
    pytest.param("migrate", {"postgres": "service_healthy"}, id="migrate"),
    *(pytest.param(name, {"migrate": "service_completed_successfully",
                          "bucket-init": "service_completed_successfully",
                          "redis": "service_healthy"}, id=name) for name in ["api", *sorted(WORKERS)]),
    pytest.param("flower", {"redis": "service_healthy"}, id="flower"),
])
def test_depends_on_conditions(services, name, expected):
    assert depends_on(services[name]) == expected


def test_conditions_are_satisfiable(services):
    for name, service in services.items():
        for dependency, condition in depends_on(service).items():
            target = services[dependency]
            if condition == "service_healthy":
                assert "healthcheck" in target, f"{name} waits for {dependency} to be healthy: no healthcheck"
            elif condition == "service_completed_successfully":
                assert target.get("restart") == "no", f"{dependency} is a one-shot: it must not restart"
            else:
                pytest.fail(f"{name} → {dependency}: unexpected condition {condition}")


def test_published_ports_bind_loopback_only(services):
    published = [resolve(port) for service in services.values() for port in service.get("ports", [])]
    assert published
    assert all(port.startswith("127.0.0.1:") for port in published), published


def test_dockerfile_installs_the_project_on_python_311_slim():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\s*$", text, flags=re.MULTILINE)
    assert re.search(r"^COPY services \./services$", text, flags=re.MULTILINE)
    assert re.search(r"^COPY shared \./shared$", text, flags=re.MULTILINE)
    assert "pip install" in text
    assert re.search(r"^USER (?!root)\w+", text, flags=re.MULTILINE)
