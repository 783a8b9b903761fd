-- wrk: GET /api/v1/recommendations/{user} for users 1..SB_USERS (random), pipeline SB_PIPELINE.
local users = tonumber(os.getenv("SB_USERS") or "943")
local pipeline = os.getenv("SB_PIPELINE") or "knn"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_KEY")
request = function()
  local user = math.random(1, users)
  return wrk.format("GET", "/api/v1/recommendations/" .. user .. "?limit=10&pipeline=" .. pipeline)
end
