if .name then . else error("name is required by fails.jq") end
