"""The script: editing rules, typed edits of lines, durations, find and replace."""
