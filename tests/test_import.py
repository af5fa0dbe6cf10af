import subprocess
import sys

from tests.conftest import ROOT


def test_importing_the_app_does_no_heavy_work():
    """scikit-learn (and its data files) load only when a bundled set is first asked for."""
    code = "import sys, app.main; app.main.create_app(); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
