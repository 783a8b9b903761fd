-- wrk: POST one notification per request (inline content, email channel).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_KEY")
wrk.body = '{"user_id":"bench-user","channels":["email"],"content":{"subject":"Bench","text":"hello"}}'
