#!/usr/bin/env bash
# Starts a single-node Slurm cluster on this machine (controller and node daemon on localhost, munge for
# authentication), for the Slurm tests of Experiments.proj (docs/experiments.md, "Running on a cluster"). Needs root
# and Debian's slurm-wlm and munge packages; works without systemd (a container). Idempotent: a cluster that already
# answers is left alone. Exit 0 once `sinfo` shows the node ready; otherwise non-zero with the reason on stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

fail() { echo "start-local-cluster: $*" >&2; exit 1; }
ready() { sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }

for tool in munged slurmctld slurmd sinfo; do command -v "$tool" >/dev/null 2>&1 || fail "$tool not found: install slurm-wlm and munge (apt-get install -y slurm-wlm munge)"; done
if ready; then echo "start-local-cluster: Slurm already running"; exit 0; fi
[ "$(id -u)" -eq 0 ] || fail "needs root to start munged, slurmctld and slurmd"

# munge: a key (the package usually made one), then the daemon as its own user.
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown -R munge:munge /etc/munge; chmod 700 /etc/munge; chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- munged
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n </dev/null | unmunge >/dev/null || fail "munged did not start (see /var/log/munge/munged.log)"
fi

# slurm.conf for this host: its short name, its CPUs, and a little less memory than it has.
host="$(hostname -s)"
cpus="$(nproc)"
memory=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) * 9 / 10 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
sed -e "s/@HOST@/$host/g" -e "s/@CPUS@/$cpus/g" -e "s/@MEMORY@/$memory/g" "$here/slurm.conf.in" > /etc/slurm/slurm.conf.new
mv /etc/slurm/slurm.conf.new /etc/slurm/slurm.conf

# Daemons that run with another configuration (or hang) are restarted: each is found by its own pid file.
for daemon in slurmctld slurmd; do
  pidfile=/run/$daemon.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")"; sleep 1; fi
done
slurmctld
slurmd
for _ in $(seq 60); do
  ready && { echo "start-local-cluster: Slurm running on $host ($cpus CPUs)"; exit 0; }
  # A node that was down in an earlier start is resumed.
  scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true
  sleep 0.5
done
fail "the node did not become ready: $(sinfo -h -N -o '%T %E' 2>&1); see /var/log/slurm/"
