#!/bin/sh
# Stand-in for `deltamodel run` in Experiments.proj tests: writes the runner contract's files (docs/experiments.md)
# in well under a second, results.json last and atomically, and appends its arguments to runner.log beside the
# experiment file so a test can count invocations. Two basins with NSE 0.8 and 0.6 (median 0.7).
# Published results to echo into results.json come from fake-expected.json beside the experiment file (a JSON array).
# Beside the experiment file, fake-fail makes it fail, and fake-sleep (holding seconds) makes it write its checkpoint
# and then sleep that long, for a test to cancel it; a run that finds a checkpoint and no --fresh logs "[resumed]".
# --member <name> writes the member's files into out/members/<name> (out/folds/<name> when the file has 'folds:'), and
# fake-fail-<name> fails that member only; --combine writes the experiment's own files as a whole run would.
set -eu
[ "$1" = run ] || { echo "fake runner: expected 'run', got '$1'" >&2; exit 2; }
yaml=$2; shift 2
dir=$(cd "$(dirname "$yaml")" && pwd)
out="$dir/out"; mode=train_test; epochs=1; seed=111111; device=cpu
line="run $yaml $*"
fresh=false; member=''
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    --set) case "$2" in seed=*) seed=${2#seed=} ;; esac; shift 2 ;;
    --fresh) fresh=true; shift ;;
    --member) member=$2; shift 2 ;;
    --combine) shift ;;
    *) echo "fake runner: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ -n "$member" ]; then
  if grep -q '^folds:' "$yaml"; then out="$out/folds/$member"; else out="$out/members/$member"; fi
fi
[ -f "$out/model/last.ckpt" ] && [ "$fresh" = false ] && line="$line [resumed]"
echo "$line${OMP_NUM_THREADS:+ [OMP_NUM_THREADS=$OMP_NUM_THREADS]} [OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}]" >> "$dir/runner.log"
[ -n "${FAKE_RUNNER_FAIL:-}" ] && { echo "fake runner: failing as asked" >&2; exit 1; }
[ -f "$dir/fake-fail" ] && { echo "fake runner: failing as fake-fail asks" >&2; exit 1; }
[ -n "$member" ] && [ -f "$dir/fake-fail-$member" ] && { echo "fake runner: member $member failing as fake-fail-$member asks" >&2; exit 1; }
mkdir -p "$out/model" "$out/test"
if [ -f "$dir/fake-sleep" ]; then echo ckpt > "$out/model/last.ckpt"; echo "fake runner: epoch 1 saved, sleeping"; sleep "$(cat "$dir/fake-sleep")"; fi
cp "$yaml" "$out/config.resolved.yaml"
training=null; evaluation=null
if [ "$mode" != test ]; then
  printf 'epoch,loss,seconds,minibatches\n1,0.9,0.1,2\n2,0.6,0.1,2\n3,0.5,0.1,2\n' > "$out/model/training_log.csv"
  echo ckpt > "$out/model/last.ckpt"
  training='{"epochs":3,"final_loss":0.5,"seconds":0.3}'
fi
if [ "$mode" != train ]; then
  printf 'basin,nse,kge\n01022500,0.8,0.7\n01031500,0.6,NaN\n' > "$out/test/metrics.csv"
  {
    echo 'basin,date,observed,streamflow,et'
    for b in 01022500 01031500; do
      for d in 01 02 03 04 05 06 07 08 09 10; do echo "$b,2005-10-$d,1.$d,1.2,0.5"; done
      echo "$b,2005-10-11,NaN,1.1,0.5"
    done
  } > "$out/test/simulation.csv"
  evaluation='{"phase":"test","epoch":3,"basins":2,"days":11,"seconds":0.1,"basin_days_per_second":220,
    "summary":{"nse":{"median":0.7,"mean":0.7,"std":0.1,"p25":0.65,"p75":0.75,"n":2},"kge":{"median":0.7,"mean":0.7,"std":0,"p25":0.7,"p75":0.7,"n":1}}}'
fi
expected='[]'
[ -f "$dir/fake-expected.json" ] && expected=$(cat "$dir/fake-expected.json")
name=$(basename "$dir")
cat > "$out/results.json.tmp" <<JSON
{"experiment":"$name","mode":"$mode","config_hash":"0123456789ABCDEF","seed":$seed,"device":"$device",
 "git_commit":null,"finished":"2026-12-01T22:10:00Z","seconds":0.5,
 "training":$training,"evaluation":$evaluation,"expected":$expected}
JSON
mv "$out/results.json.tmp" "$out/results.json"
