"""What the performance tools (bench_pair.py, count_instructions.py) check of their inputs
before they start minutes of runs: one message for the first problem, as the CLI does."""
import argparse
import os


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line naming the tool, not its usage block."""

    def __init__(self, tool: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tool = tool

    def error(self, message: str) -> None:
        self.exit(2, f"{self.tool}: {message} (see --help)\n")


def positive_int(text: str) -> int:
    """An argparse type: a whole number above zero."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def input_problem(binaries: list[str], scenario: str) -> str | None:
    """The first binary that cannot be run, or a missing scenario file; None when all is well."""
    for binary in binaries:
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            return f"{binary}: not an executable file"
    if not os.path.isfile(scenario):
        return f"{scenario}: no such scenario file"
    return None
