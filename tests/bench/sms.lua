-- wrk script: replays signed webhook requests from a file, each once.
-- Thread k of n takes lines k, k+n, k+2n...  Usage:
--   wrk -s sms.lua URL -- REQUESTS_FILE
-- With WRK_DELAY_MS set, each connection waits that long after each
-- answer before its next request: a steady rate rather than flat out.
-- Prints one line, "RESULT requests=... non2xx=... errors=... p50=...
-- p99=... duration=... short=...": requests counts every answer,
-- non-2xx ones included; errors are connections refused or broken and
-- timeouts; short is how many requests repeated a line because the
-- file ran out (repeats are cheap retries, so the file must be longer).
local counter = 0
local threads = {}
local pace = tonumber(os.getenv("WRK_DELAY_MS") or "")

if pace then
	function delay()
		return pace
	end
end

function setup(thread)
	counter = counter + 1
	thread:set("k", counter)
	table.insert(threads, thread)
end

-- WRK_THREADS must match -t, so that no two threads send a line.  The
-- file is read as requests go, not at init: wrk starts each thread
-- once it is set up, so a thread reading the whole file first would
-- let the others run unmeasured meanwhile.
function init(args)
	n = tonumber(os.getenv("WRK_THREADS") or "2")
	file = assert(io.open(args[1]))
	for _ = 1, k - 1 do
		file:read("*l")
	end
	short = 0
end

function request()
	local line = file:read("*l")
	if line == nil then
		short = short + 1
	else
		last = line
		for _ = 1, n - 1 do
			file:read("*l")
		end
	end
	local sig, body = last:match("^([^\t]*)\t(.*)$")
	return wrk.format("POST", "/twilio/sms", {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["X-Twilio-Signature"] = sig }, body)
end

function done(summary, latency, requests)
	local e = summary.errors
	local s = 0
	for _, t in ipairs(threads) do
		s = s + (t:get("short") or 0)
	end
	io.write(string.format("RESULT requests=%d non2xx=%d errors=%d p50=%.3f p99=%.3f duration=%.3f short=%d\n",
	    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
	    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
	    summary.duration / 1000000, s))
end
