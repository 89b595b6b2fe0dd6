"""The Series Rhythm view: hooks, cliffhangers, setups and payoffs, the paywall, per episode."""
