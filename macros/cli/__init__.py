"""The commands `make` runs: check, build, offline, translations."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
