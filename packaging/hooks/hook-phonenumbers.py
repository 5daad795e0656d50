"""PyInstaller hook for phonenumbers, replacing the contrib one (which takes every submodule).

The metadata per region is imported by name at run time (``__import__("region_SE")``), so
those modules must be listed; the geocoder, carrier and time-zone data (~20 MB) are not used.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
