"""The benchmark: the stack's rates and latencies, each set against the machine's own limits."""
