"""The beat board: lanes, card edits and the rules the lane headers show."""
