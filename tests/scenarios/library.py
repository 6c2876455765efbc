"""The scenarios of the library (issue 17): the test modules that load, validate and play them share this list."""

LIBRARY = ["gaza-day-after", "camp-david-2000", "jerusalem"]
