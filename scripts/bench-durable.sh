#!/usr/bin/env bash
# The durable engine's figures (issue 13), side by side in one run, each stage against a private Azurite of its own with
# its data on disk, the app and the engine with the product's settings:
#   (d) Azurite's raw table insert and queue send rates (measured at the start of every stage; the first is reported);
#   (a) HelloCities5: N orchestrations of five sequential activity calls (tests/Marketplace.DurableHosting.Benchmarks);
#   (b) reply-deadline reminder and breach lateness, as scripts/bench-deadlines.sh measures it;
#   (c) kill -9 recovery: the app killed with live deadline orchestrations and started again at once.
# Ends with one summary block: each figure and its conditions (cores, load average, partitions, where Azurite's data is).
# Options: --hello N (1000) --deadlines N (500) --crash-deadlines N (200) --logs DIR (a new temporary folder).
# Why --deadlines defaults to 500, not the 2,000 issue 13 names: on Azurite every queue-message delete and every poll
# re-sorts an index over all queued messages, and each open deadline keeps a timer message queued, so the cost of each
# step grows with the number of open deadlines. At 2,000 on this 2-core machine the run takes well over an hour
# (--deadlines 2000 runs it anyway).
set -euo pipefail
cd "$(dirname "$0")/.."

hello=1000
deadlines=500
crash=200
logs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --hello) hello=$2; shift 2 ;;
    --deadlines) deadlines=$2; shift 2 ;;
    --crash-deadlines) crash=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    *) echo "Unknown option $1 (see the header of $0)." >&2; exit 2 ;;
  esac
done
[ -n "$logs" ] || logs=$(mktemp -d -t bench-durable-XXXXXX)
mkdir -p "$logs"

source scripts/azurite.sh
ensure_azurite_installed
# The app runs as its own process from its Release build, as scripts/run.sh runs it.
for project in functions/Marketplace.Functions tests/Marketplace.DurableHosting.Benchmarks tests/Marketplace.Workflows.Benchmarks; do
  dotnet build "$project" -c Release --nologo -clp:ErrorsOnly
done

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
started_at=$(date +%s)
load_start=$(loadavg)
declare -A stage_load stage_status stage_seconds

# run_stage NAME PROJECT ARGS...: runs a benchmark, its output on the terminal and in $logs/NAME.out (the app's and the
# engine's log lines, on standard error, in $logs/NAME.err); a failing stage does not stop the others.
run_stage() {
  local name=$1 project=$2 before status=0 clock=$SECONDS
  shift 2
  before=$(loadavg)
  echo
  echo "=== $name: dotnet run --project $project -c Release -- $*"
  dotnet run --no-build --project "$project" -c Release -- "$@" \
    > >(tee "$logs/$name.out") 2> >(tee "$logs/$name.err" >&2) || status=$?
  sleep 1 # let tee finish writing
  stage_load[$name]="$before -> $(loadavg)"
  stage_status[$name]=$status
  stage_seconds[$name]=$((SECONDS - clock))
}

# (d) + (a)
run_stage hello-cities tests/Marketplace.DurableHosting.Benchmarks --count "$hello" --partitions 4

# (b): buyer messages at 20/s; the first reminder falls due 95 s after the last message is posted (time to open them
# all), the breach 90 s after the reminder. Opening a deadline takes the engine longer as more are open (about 7/s at
# 2,000 here), so for large counts the first reminder waits until all can be open (at 5/s): the figure is
# the lateness of due timers with N open, not the backlog of starting them. The run ends when nothing has arrived for
# --stall-seconds: 5 minutes, as at 2,000 a 2-minute wait ended a run before the first reminder arrived.
posting=$(( (deadlines + 19) / 20 ))
first_reminder=$(( posting + 95 ))
opening=$(( deadlines / 5 ))
[ "$opening" -le "$first_reminder" ] || first_reminder=$opening
run_stage deadlines tests/Marketplace.Workflows.Benchmarks --count "$deadlines" --rate 20 \
  --reply-within $((first_reminder + 90)) --remind-before 90 --sellers 20 --stall-seconds 300

# (c): as tests/Marketplace.Functions.Tests/Deadlines/CrashRecoveryTests.cs, with the product's visibility timeout:
# reminders fall due 45 s after each message, the app is killed 10 s after the first ones, while they are being sent.
crash_posting=$(( (crash + 19) / 20 ))
crash_first_reminder=$(( crash_posting + 35 > 45 ? crash_posting + 35 : 45 ))
run_stage crash-recovery tests/Marketplace.Workflows.Benchmarks --count "$crash" --rate 20 \
  --reply-within $((crash_first_reminder + 45)) --remind-before 45 --keep-waiting-after-breach 5 --sellers 10 \
  --kill-after-seconds $((crash_first_reminder + 10))

# The summary: lines the benchmarks print, by their stable beginnings.
pick() { grep -h -E "$2" "$logs/$1.out" 2>/dev/null | sed 's/^/    /' || echo "    (missing: see $logs/$1.out)"; }
tmp_dir=${TMPDIR:-/tmp}
echo
echo "================ Durable engine figures (issue 13) ================"
echo "Run: $(date -u -d "@$started_at" '+%Y-%m-%d %H:%M UTC'), $(( ($(date +%s) - started_at) / 60 )) min; commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)')."
echo "Machine: $(nproc) cores; load average (1/5/15 min) at the start $load_start, at the end $(loadavg)."
echo "Azurite: $(node_modules/.bin/azurite --version 2>/dev/null || echo '?'), a private one per stage, data on disk in $tmp_dir ($(df -T "$tmp_dir" | awk 'NR==2 {print $2 " on " $1}'))."
for stage in hello-cities deadlines crash-recovery; do
  echo "Stage $stage: exit ${stage_status[$stage]}, ${stage_seconds[$stage]} s, load average ${stage_load[$stage]}."
done
echo "(d) Azurite raw rates (start of each stage):"
for stage in hello-cities deadlines crash-recovery; do pick "$stage" '^Azurite raw rates'; done
echo "(a) HelloCities5:"
pick hello-cities '^Engine:|^hello-cities:|activity calls/s'
echo "(b) Reply-deadline lateness:"
pick deadlines '^Engine:|^Run:|deadlines open|^Reminder lateness|^Breach lateness|^Signatures|^Seller API'
echo "(c) Kill -9 recovery:"
pick crash-recovery '^Engine:|^Crash recovery|^Killed|^  [A-Z]|^    reply_'
echo "Logs: $logs"
