#!/bin/sh
# The first step of `npm test`: the type-check (tests included) and the build at the same time. Each
# is mostly one core's work, so on two cores this takes about half as long as one after the other
# (8 s instead of 16 s here). Fails when either fails; both always finish, so every error is printed.
npm run --silent typecheck &
typecheck=$!
npm run --silent build
built=$?
wait "$typecheck"
checked=$?
[ "$built" -eq 0 ] && [ "$checked" -eq 0 ]
