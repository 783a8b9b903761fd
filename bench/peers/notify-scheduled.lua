-- wrk: POST one notification per request (inline content, email channel), as
-- bench/lua/notify-single.lua, but scheduled an hour ahead: every server under test stores it
-- durably and answers 202, and none spends the run delivering it (the peers have no delivery
-- engine; bench/notify-bench measures Switchboard accepting and delivering together).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_KEY")
wrk.body = '{"user_id":"bench-user","channels":["email"],"content":{"subject":"Bench","text":"hello"},"send_at":"'
  .. os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 3600) .. '"}'
