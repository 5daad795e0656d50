"""pos-profile: a checkout companion that shows a Voyado Engage customer profile."""

__version__ = "0.1.0"
