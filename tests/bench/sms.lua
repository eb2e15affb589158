-- wrk script: replays signed webhook requests from a file, each once.
-- Thread k of n takes lines k, k+n, k+2n...  Usage:
--   wrk -s sms.lua URL -- REQUESTS_FILE
-- With WRK_DELAY_MS set, each connection waits that long after each
-- answer before its next request: a steady rate rather than flat out.
local counter = 0
local pace = tonumber(os.getenv("WRK_DELAY_MS") or "")

if pace then
	function delay()
		return pace
	end
end

function setup(thread)
	counter = counter + 1
	thread:set("k", counter)
end

-- WRK_THREADS must match -t, so that no two threads send a line.
function init(args)
	local n = tonumber(os.getenv("WRK_THREADS") or "2")
	local i = 0
	lines = {}
	for line in io.lines(args[1]) do
		if i % n == k - 1 then
			table.insert(lines, line)
		end
		i = i + 1
	end
	next_line = 1
end

function request()
	local line = lines[next_line]
	if line == nil then
		line = lines[#lines]	-- out of requests: repeat the last
	end
	next_line = next_line + 1
	local sig, body = line:match("^([^\t]*)\t(.*)$")
	return wrk.format("POST", "/twilio/sms", {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["X-Twilio-Signature"] = sig }, body)
end

function done(summary, latency, requests)
	io.write(string.format("RESULT requests=%d non2xx=%d p50=%.3f p99=%.3f duration=%.3f\n",
	    summary.requests, summary.errors.status, latency:percentile(50) / 1000,
	    latency:percentile(99) / 1000, summary.duration / 1000000))
end
