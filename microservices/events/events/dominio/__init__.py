"""The events service's domain: pure folds and rules over stored events, dead letters and proofs."""
