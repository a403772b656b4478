#!/usr/bin/env bash
REPO=${REPO:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)}
# alloc.sh JAR [PATHQ]: bytes allocated per request (sum over young GCs of the heap freed), 10 s warm-up, 10 s run.
JAR=$1; PATHQ=${2:-/birds?year=2023&species=bkcchi}
run=$(mktemp -d); cp $REPO/scripts/bench-logback.xml $run/logback.xml
cat > $run/c.yaml <<YAML
listeners:
  http:
    protocol: http
    host: 127.0.0.1
    port: 18130
    routes:
      birds:
        csv: $(realpath $REPO/../shared/data/birds.csv)
      files:
        root: $REPO/www
YAML
$(cd "$REPO" && scripts/find-jdk.sh)/bin/java $(cd $REPO && scripts/jvm-options.sh) -Xlog:gc:file=$run/gc.log -jar $JAR --config $run/c.yaml > $run/s.log 2>&1 &
pid=$!
for _ in $(seq 300); do ss -Hltn "sport = :18130" | grep -q . && break; sleep 0.1; done
wrk -t1 -c20 -d10s "http://127.0.0.1:18130$PATHQ" > /dev/null
n0=$(grep -c "Pause Young" $run/gc.log)
out=$(wrk -t1 -c20 -d10s "http://127.0.0.1:18130$PATHQ")
sleep 0.5
n=$(awk '/requests in/{print $1}' <<<"$out")
grep "Pause Young" $run/gc.log | tail -n +$((n0+1)) | sed 's/.*) \([0-9]*\)M->\([0-9]*\)M.*/\1 \2/' | awk -v n=$n -v j=$(basename $JAR) '{f+=($1-$2)} END {printf "%s: %d young GCs, %d requests, ~%.0f bytes/request\n", j, NR, n, f*1048576/n}'
kill $pid; wait $pid 2>/dev/null; rm -rf $run
