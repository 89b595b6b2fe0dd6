"""Series rhythm and dubbing fit: hooks, cliffhangers, setups and payoffs, paywall, episode
shape, and whether every line fits its language's subtitles and dub (issue #21)."""
