"""An Engage-compatible HTTP server on loopback for the demo, training, tests and benchmarks."""

from pos_profile.sandbox.data import DemoContactInfo, demo_contacts
from pos_profile.sandbox.faults import Fault, FaultPlan
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer

__all__ = [
    "DEMO_API_KEY",
    "DemoContactInfo",
    "Fault",
    "FaultPlan",
    "SandboxServer",
    "demo_contacts",
]
