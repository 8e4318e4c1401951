"""The benchmark (make bench): what a user waits for, measured in a browser. See run.py."""
