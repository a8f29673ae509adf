# As the official image: no config file given, so protected mode is off (the compose network is the boundary).
if [ "$1" = redis-server ]; then
    shift
    exec redis-server "$@" --protected-mode no
fi
exec "$@"
