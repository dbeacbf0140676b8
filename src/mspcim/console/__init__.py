"""People-facing parts: the demo conversation and (later) the web console."""
