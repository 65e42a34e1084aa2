"""The walk-through notebook runs top to bottom and shows its figure inline."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "walkthrough.ipynb"


@pytest.mark.slow
def test_walkthrough_runs_top_to_bottom():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "MultiDiGraph" in outputs
    assert "周军波" in outputs
    images = [
        (i, o["data"]["image/png"])
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") in ("display_data", "execute_result") and "image/png" in o["data"]
    ]
    # the subgraph plot is displayed in the notebook, not drawn to an invisible backend
    assert [i for i, _ in images] == [
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "subgraph(" in c.source
    ]
    png = base64.b64decode(images[0][1])
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
