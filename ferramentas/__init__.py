"""What the drills and the benchmark share: the running stack, driven from the host."""
