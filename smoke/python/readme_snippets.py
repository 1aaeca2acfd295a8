"""Runs every Python snippet of the README against the built package, so that they stay real.

Each ```python block runs on its own in a fresh namespace, and must synthesize its app: the cloud
assembly's manifest.json is removed before each snippet and must be there again after it (a
snippet that forgets app.synth() fails). The apps write into a temporary folder.
"""
import os
import pathlib
import re
import sys
import tempfile

# The jsii runtime (a node process) starts with the first import of a CDK module and reads
# CDK_OUTDIR then, so the output folder is set before any snippet runs.
outdir = pathlib.Path(tempfile.mkdtemp(prefix="readme-snippets-"))
os.environ["CDK_OUTDIR"] = str(outdir)
manifest = outdir / "manifest.json"

readme = pathlib.Path(__file__).resolve().parents[2] / "README.md"
text = readme.read_text()
snippets = [(text[:m.start()].count("\n") + 1, m.group(1)) for m in re.finditer(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)]
if not snippets:
    sys.exit("no Python snippet found in README.md")

for line, code in snippets:
    name = f"README.md python snippet at line {line}"
    manifest.unlink(missing_ok=True)
    try:
        exec(compile(code, name, "exec"), {"__name__": "__main__"})
    except Exception as error:
        sys.exit(f"{name} failed: {error}\n---\n{code}")
    if not manifest.exists():
        sys.exit(f"{name} did not synthesize its app (no app.synth()?)\n---\n{code}")
print(f"README python snippets: all {len(snippets)} synthesized")
