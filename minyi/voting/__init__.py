"""The voting engine (票决, 测评, 表决, 票选). `tally` counts ballots exactly under rules fixed when a vote
opens; the votes, electorates, secret ballot boxes and casting build on it."""
