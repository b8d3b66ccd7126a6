"""Staycheck's rule core: stay limits as data, a small exact engine, a JSON API.

Standard library only: the same package runs on CPython 3.11+ and in the browser
through Pyodide. The entry point is `staycheck.api.handle`.
"""
