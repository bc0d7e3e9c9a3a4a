-- wrk script: a newsroom's reading mix. Needs `paths.lua` beside it (written by
-- bench/archive.sh): `articles` (paths), `sections` (section base paths) and
-- `words` (search words).
--   70 % articles (over the listed ones), 10 % home, 10 % section pages 1-200,
--   5 % search, 5 % section feeds. Requests offer gzip and brotli, as browsers do.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "paths.lua")

local counter = 0
-- What a browser offers (BYLINE_MIX_ENCODING="" asks for plain pages, as curl does).
local encoding = os.getenv("BYLINE_MIX_ENCODING") or "gzip, deflate, br"
local headers = {}
if encoding ~= "" then headers["Accept-Encoding"] = encoding end

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
  local roll = math.random(100)
  local path
  if roll <= 70 then
    path = articles[math.random(#articles)]
  elseif roll <= 80 then
    path = "/"
  elseif roll <= 90 then
    local section = sections[math.random(#sections)]
    local page = math.random(200)
    if page == 1 then path = section else path = section .. "page/" .. page .. "/" end
  elseif roll <= 95 then
    path = "/search/?q=" .. words[math.random(#words)]
  else
    path = sections[math.random(#sections)] .. "rss/"
  end
  return wrk.format("GET", path, headers)
end
