-- wrk script for bench/api.sh: every request is GET /users/{id} with id uniform in
-- [BENCH_MIN_ID, BENCH_MAX_ID] (environment; default 1..1000). Each thread seeds its own
-- generator from BENCH_SEED (default 1) so runs are repeatable. done() prints one line
-- "BENCH_RESULT key=value ..." that api.sh parses; latencies there are in microseconds.

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

local lo, hi

function init(args)
  lo = tonumber(os.getenv("BENCH_MIN_ID") or "1")
  hi = tonumber(os.getenv("BENCH_MAX_ID") or "1000")
  math.randomseed(tonumber(os.getenv("BENCH_SEED") or "1") * 1000003 + (thread_no or 0) * 7919)
end

function request()
  return wrk.format("GET", "/users/" .. math.random(lo, hi))
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.2f p50_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
