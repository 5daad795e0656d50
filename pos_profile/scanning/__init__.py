"""Keyboard-wedge input: telling scans from typing, and what a scanned code is. No Qt."""
