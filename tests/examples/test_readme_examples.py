"""The README's "Testing your bot" examples are these files, verbatim: each README block that
follows an `<!-- example: path -->` marker must equal the file (which the suite runs)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKED = re.compile(r"<!-- example: (\S+) -->\n```\w*\n(.*?)\n```", re.S)


def test_readme_examples_are_the_tested_files() -> None:
    blocks = MARKED.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert {path for path, _ in blocks} == {
        "tests/examples/test_pytwitchapi_example.py",
        "tests/examples/test_twitchio_example.py",
        "tests/examples/twurple_example.mjs",
        "tests/examples/test_httpx_example.py",
    }
    for path, code in blocks:
        assert code == (ROOT / path).read_text(encoding="utf-8").rstrip("\n"), f"README differs from {path}"
