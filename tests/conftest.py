"""Shared fixtures: the bundled seeds and the optional real corpora beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session", autouse=True)
def _own_folders(tmp_path_factory):
    """Indexes, state and config made by the tests (and their subprocesses) go to a
    folder of the test run's own, never the user's."""
    import os

    home = tmp_path_factory.mktemp("xdg")
    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME")}
    for key in saved:
        os.environ[key] = str(home / key.lower())
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def seeds_corpus():
    from tui.corpus import load_corpus

    return load_corpus([SEEDS])


@pytest.fixture(scope="session")
def rubio(seeds_corpus):
    return next(s for s in seeds_corpus.stories if len(s.versions) > 1)


@pytest.fixture(scope="session")
def by_file(rubio):
    """The Rubio story's versions keyed by the seed number ("000" ... "004")."""
    return {v.source[:3]: v for v in rubio.versions}
