"""pytest plugin (registered through the `pytest11` entry point): fixtures for testing against
twitch-mock. Filled in by the Python-test-suite work (issue 5)."""
