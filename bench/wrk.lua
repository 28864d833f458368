-- wrk script of the load benchmark (bench/harness/load.py).
--   BENCH_PATHS_FILE: a file of request paths, one per line, requested in turn
--                     (e.g. a thousand different posts) instead of the URL's path.
--   BENCH_DELAY_MS:   mean pause of each connection before each request, drawn from an
--                     exponential distribution: paces the load below saturation.
-- done() prints one line of JSON, read by run.py.

local paths_file = os.getenv("BENCH_PATHS_FILE")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")

if paths_file then
  local paths, i = {}, 0
  for line in io.lines(paths_file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
  end
end

if delay_ms then
  delay = function()
    return -math.log(1 - math.random()) * delay_ms
  end
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.0f, "p50": %d, "p95": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
