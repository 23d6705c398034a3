#!/bin/bash
# test-slurm.sh — Copyright 2026 The Nascent authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# data/slurm/nascent-search.sbatch on a real one-node Slurm cluster that this
# test starts itself: munged, slurmctld and slurmd from Debian, with their
# key, configuration, state, spool and logs in a temporary folder and ports
# of their own. The job's first attempt loses rank 1 in the middle of a
# child; the script must then resume the run, finish it, and end with status
# 0, and the run must equal a local uninterrupted search episode for episode,
# to the last bit of every reward, baseline and advantage.
#
# Skips (exit 77) without root, Slurm, munge, Open MPI, python3, an MPI build
# of nascent-cli or MNIST, and when the installed daemons do not come up (it
# prints their logs: that is the machine, not Nascent). Once the node is idle,
# any wrong result fails. Every daemon and job it started is stopped on every
# way out. NASCENT_LAUNCHER=mpirun in the environment tests the script's
# mpirun form instead of srun. About 30 s on 2 busy cores. Rank 0 must end
# the first attempt within seconds of the step's cancellation, though
# KillWait gives it 30.

set -u

cli=${NASCENT_CLI:?NASCENT_CLI must name the nascent-cli to test}
script=${NASCENT_SBATCH:?NASCENT_SBATCH must name nascent-search.sbatch}

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "not root: the test starts munged, slurmctld and slurmd itself"
for p in munged slurmctld slurmd sbatch srun sinfo scontrol scancel; do
  command -v "$p" >/dev/null || skip "$p is not installed (apt-get install slurmctld slurmd slurm-client munge)"
done
command -v mpirun >/dev/null || skip "mpirun is not installed (apt-get install openmpi-bin)"
command -v python3 >/dev/null || skip "python3 is not installed (the batch script reads runs --json with it)"
[ "${NASCENT_HAVE_MPI:-0}" = 1 ] || skip "nascent-cli was built without MPI (install libopenmpi-dev and reconfigure)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nascent-slurm.XXXXXX") || fail "cannot make a temporary folder"
chmod 711 "$tmp"
pids=()
job=
export SLURM_CONF=$tmp/slurm.conf

show_logs () {
  for f in "$tmp"/log/*; do
    [ -s "$f" ] || continue
    echo "----- ${f##*/} (last 40 lines)"
    tail -n 40 "$f"
  done
}

# Every way out: cancel the job, stop the daemons (TERM, then KILL after
# 5 s), then anything still running from this folder, and remove it.
cleanup () {
  local status=$?
  trap - EXIT TERM INT
  if [ -n "$job" ]; then
    scancel --full "$job" 2>/dev/null
    for _ in $(seq 20); do
      [ -z "$(squeue -h -j "$job" -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null; done
  for _ in $(seq 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  # A job step that outlived its daemons: its command line names this folder.
  for d in /proc/[0-9]*; do
    grep -qsF "$tmp" "$d/cmdline" && kill -KILL "${d#/proc/}" 2>/dev/null
  done
  wait 2>/dev/null
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'echo "FAIL: terminated"; exit 1' TERM INT

# Seconds since $1 (a date +%s%N), to a tenth.
since () { local ds=$((($(date +%s%N) - $1) / 100000000)); echo "$((ds / 10)).$((ds % 10))"; }

# Two free TCP ports in a row for slurmctld and slurmd.
free_port () { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 30000))
  if free_port "$p" && free_port $((p + 1)); then port=$p; break; fi
done
[ -n "$port" ] || skip "no two free TCP ports in a row for slurmctld and slurmd"

# The search, as small as test-mpi's: six children of 12 mini-batches.
args=(--episodes 6 --child-steps 12 --batch-size 32 --train-subset 2000
      --kernels 1,3 --filters 4,8 --dropouts 0 --epsilon 0.3
      --episodes-per-update 3 --seed 13)

# The reference: the same search, locally and uninterrupted.
t0=$(date +%s%N)
if ! "$cli" search --database "$tmp/local.db" "${args[@]}" --threads 1 --quiet 2>"$tmp/local.err"; then
  grep -q 'dataset' "$tmp/local.err" && skip "MNIST is not installed (build-aux/setup.sh installs it): $(head -n 1 "$tmp/local.err")"
  cat "$tmp/local.err"
  fail "the local search failed"
fi
echo "# the local search: $(since "$t0") s"

# --- The cluster -------------------------------------------------------------
host=$(hostname -s 2>/dev/null || uname -n)
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
chmod 700 "$tmp/munge"
head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
chmod 600 "$tmp/munge/munge.key"
chmod 711 "$tmp/munge"

cat >"$SLURM_CONF" <<EOF
ClusterName=nascenttest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
ReturnToService=2
# A lost task cancels the step: TERM to the others, KILL this long after.
# Slurm's default, said outright: rank 0 must end the step within a few
# seconds of its stop without waiting for it, and the test checks so.
KillWait=30
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=10 State=UP
EOF

start=$(date +%s%N)
munged --foreground --force --socket="$tmp/munge/socket" --key-file="$tmp/munge/munge.key" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" \
  --log-file="$tmp/log/munged.log" >"$tmp/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$tmp/munge/socket" ] && break; sleep 0.1; done
slurmctld -D -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)

state=
for _ in $(seq 60); do
  state=$(sinfo -h -N -n "$host" -o %t 2>/dev/null)
  [ "$state" = idle ] && break
  sleep 0.5
done
if [ "$state" != idle ]; then
  show_logs
  skip "the local Slurm node did not become idle within 30 s (state “${state:-none}”): see the logs above"
fi
echo "# Slurm up in $(since "$start") s"

# --- The job -----------------------------------------------------------------
# nascent-cli as the job sees it: the first attempt (the search) loses rank 1
# in the middle of its second child; a resume runs undisturbed. The rank is
# Open MPI's under mpirun (NASCENT_LAUNCHER=mpirun), Slurm's under srun.
cat >"$tmp/nascent-cli" <<EOF
#!/bin/sh
if [ "\$1" = search ] && [ "\${OMPI_COMM_WORLD_RANK:-\${SLURM_PROCID:-}}" = 1 ]; then
  NASCENT_MPI_TEST_DIE_AFTER=1
  export NASCENT_MPI_TEST_DIE_AFTER
fi
exec "$cli" "\$@"
EOF
chmod 755 "$tmp/nascent-cli"

export NASCENT_CLI=$tmp/nascent-cli NASCENT_DB=$tmp/slurm.db NASCENT_RUN_NAME=slurm-test NASCENT_ATTEMPTS=3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# The MPI library keeps allocations until exit: under the sanitizer build,
# leak reports from it are noise.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0

# Three tasks (rank 0 and two workers) on however many cores there are.
job=$(sbatch --parsable --ntasks=3 --cpus-per-task=1 --overcommit --time=5 \
        --chdir="$tmp" --output="$tmp/log/job.out" "$script" "${args[@]}") \
  || fail "sbatch refused the script"
job=${job%%;*}

jobstate=
for _ in $(seq 240); do
  info=$(scontrol -o show job "$job" 2>/dev/null)
  jobstate=$(sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' <<<"$info")
  case $jobstate in
    PENDING|CONFIGURING|RUNNING|COMPLETING|"") sleep 0.5 ;;
    *) break ;;
  esac
done
exitcode=$(sed -n 's/.* ExitCode=\([0-9:]*\).*/\1/p' <<<"$info")
echo "# job $job: $jobstate, exit code $exitcode, $(since "$start") s since the daemons started"
echo "----- job output"
cat "$tmp/log/job.out"
echo "-----"

ok=1
bad () { echo "FAIL: $*"; ok=0; }
out=$tmp/log/job.out
[ "$jobstate $exitcode" = "COMPLETED 0:0" ] || bad "the job is $jobstate with exit code $exitcode, not COMPLETED with 0:0"
grep -q 'attempt 1 of 3: starting run “slurm-test”' "$out" || bad "attempt 1 did not start the search"
grep -q 'attempt 1 of 3 ended with status [1-9]' "$out" || bad "attempt 1 did not fail when rank 1 died"
grep -q 'attempt 2 of 3: resuming run 1 (“slurm-test”' "$out" || bad "attempt 2 did not resume run 1"
! grep -q 'attempt 3 of 3' "$out" || bad "a third attempt ran"

# The lost worker never says goodbye: rank 0 ends the step a few seconds
# after Slurm cancelled it (its wait for goodbyes is bounded at 5 s), not
# when KillWait's 30 s are up. Under mpirun the step has no cancellation
# line: mpirun itself ends the job at once.
cancelled=$(sed -n 's/.*CANCELLED AT [0-9-]*T\([0-9:]*\).*/\1/p' "$out" | head -n 1)
ended=$(sed -n 's/^nascent-search: \([0-9:]*\) attempt 1 of 3 ended.*/\1/p' "$out" | head -n 1)
if [ -n "$cancelled" ] && [ -n "$ended" ]; then
  secs () { local h m s; IFS=: read -r h m s <<<"$1"; echo $((10#$h * 3600 + 10#$m * 60 + 10#$s)); }
  lag=$(( ($(secs "$ended") - $(secs "$cancelled") + 86400) % 86400 ))
  echo "# attempt 1 ended ${lag} s after Slurm cancelled its step (KillWait 30 s)"
  [ "$lag" -le 15 ] || bad "attempt 1 ended ${lag} s after its step was cancelled: rank 0 waited for the lost worker"
fi

"$cli" export 1 --format json --database "$tmp/local.db" >"$tmp/local.json" || fail "cannot export the local run"
"$cli" export 1 --format json --database "$tmp/slurm.db" >"$tmp/slurm.json" || fail "cannot export the run of the job"
python3 - "$tmp/local.json" "$tmp/slurm.json" <<'EOF' || bad "the job's run differs from the local run"
import json, sys
local, slurm = (json.load(open(path)) for path in sys.argv[1:])
run = slurm['run']
if run['name'] != 'slurm-test' or run['status'] != 'finished':
    sys.exit('the job left run 1 as “%s”, %s' % (run['name'], run['status']))
a, b = local['episodes'], slurm['episodes']
if len(a) != 6 or len(b) != 6:
    sys.exit('%d local episodes, %d in the job' % (len(a), len(b)))
for i, (x, y) in enumerate(zip(a, b)):
    for key in ('architecture', 'reward', 'baseline', 'advantage', 'cached'):
        if x[key] != y[key]:
            sys.exit('episode %d: %s %r locally, %r in the job' % (i + 1, key, x[key], y[key]))
EOF

[ "$ok" = 1 ] || { show_logs; exit 1; }
echo "PASS: the job resumed its run after losing rank 1, and the run equals the local one"
