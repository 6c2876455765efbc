"""The scenarios of the library (issue 17): the test modules that load, validate and play them share this list."""

LIBRARY = ["gaza-day-after", "camp-david-2000", "jerusalem"]

FIT_WINDOWS = {"gaza-day-after": (2024, 2025), "camp-david-2000": (1999, 2000), "jerusalem": (2016, 2020)}
