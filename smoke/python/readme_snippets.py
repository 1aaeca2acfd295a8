"""Runs every Python snippet of the README against the built package, so that they stay real.

Each ```python block runs on its own in a fresh namespace; the apps write into a temporary folder.
"""
import os
import pathlib
import re
import sys
import tempfile

# The jsii runtime (a node process) starts with the first import of a CDK module and reads
# CDK_OUTDIR then, so the output folder is set before any snippet runs.
os.environ["CDK_OUTDIR"] = tempfile.mkdtemp(prefix="readme-snippets-")

readme = pathlib.Path(__file__).resolve().parents[2] / "README.md"
snippets = re.findall(r"```python\n(.*?)```", readme.read_text(), flags=re.S)
if not snippets:
    sys.exit("no Python snippet found in README.md")

for number, code in enumerate(snippets, start=1):
    try:
        exec(compile(code, f"README.md python snippet {number}", "exec"), {"__name__": "__main__"})
    except Exception as error:
        sys.exit(f"README.md python snippet {number} failed: {error}\n---\n{code}")
print(f"README python snippets: all {len(snippets)} ran")
