-- wrk: POST a batch of 100 notifications per request.
local items = {}
for i = 1, 100 do
  items[i] = '{"user_id":"bench-user","channels":["email"],"content":{"subject":"Bench","text":"hello"}}'
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_KEY")
wrk.body = '{"notifications":[' .. table.concat(items, ",") .. ']}'
