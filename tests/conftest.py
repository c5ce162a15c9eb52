"""Shared pytest configuration."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Registered so `-m "not export"` can skip the slow exporter proofs (and so that
    # --strict-markers does not reject them).
    config.addinivalue_line(
        "markers", "export: runs torch.export, torch.onnx and onnxruntime (slow)"
    )
