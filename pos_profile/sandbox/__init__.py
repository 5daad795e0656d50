"""An Engage-compatible HTTP server on loopback for the demo, training, tests and benchmarks."""
