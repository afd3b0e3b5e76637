"""Last of the production tests (files run in name order): Ctrl-C stops the whole layout."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.production


def test_ctrl_c_stops_every_process_and_frees_the_ports(layout):
    assert layout.stop() == 0
    assert all(layout.port_is_free(port) for port in layout.ports())
    assert not (layout.var_dir / "nginx.pid").exists()
