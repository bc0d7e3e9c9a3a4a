# Port helpers shared by scripts/cluster.sh and scripts/s3-server.sh (sourced).

# A port nothing listens on now, chosen by the system.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Whether port $1 can be taken again (a restart wants the port it had).
port_is_free() {
  python3 -c 'import socket, sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}
